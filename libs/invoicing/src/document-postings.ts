import { invariant, type PartyId, type PostingJson, samePartyId } from '#ledger';
import type {
  DocumentPostings,
  FeeBalance,
  SettlementStatement,
  StatementReconciliation,
} from '#settlement';
import type { InvoiceDraft } from './invoice.js';
import { reconcileStatement } from './statement-reconciliation.js';

/**
 * One truth: what the documents ask is what the ledger says is owed. The ledger posts each CDR
 * with its amount incl. VAT rounded per CDR and its fees net; a close issues documents whose VAT
 * is rounded once per document and rate (EN 16931 BR-CO-17), and fee invoices that charge VAT.
 * The close therefore posts one transaction (`{statement_id}-documents`, at `closed_at`) with:
 * - the charge documents' VAT rounding (`reconciliation.charges.difference_minor`, signed), eMSP
 *   `emsp_payable` towards the CPO against CPO `cpo_receivable` towards the eMSP;
 * - per fee beneficiary, the VAT its fee documents charge (`reconciliation.fees[]
 *   .invoiced_vat_minor`, signed), CPO `fee_vat_payable` against beneficiary
 *   `fee_vat_receivable`.
 * After it, paying every invoice and credit note of the close exactly its payable amount
 * leaves every balance between the parties at zero (tested by a property test and over HTTP).
 */
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/** The two postings moving `amount` (signed) from `debtor` owing to `creditor` being owed. */
function pairPostings(
  debtor: { party: PartyId; kind: PostingJson['account']['kind'] },
  creditor: { party: PartyId; kind: PostingJson['account']['kind'] },
  amount: bigint,
): PostingJson[] {
  if (amount === 0n) return [];
  const owed = amount > 0n;
  const amount_minor = (owed ? amount : -amount).toString();
  return [
    {
      account: { party: debtor.party, kind: debtor.kind, counterparty: creditor.party },
      direction: owed ? 'debit' : 'credit',
      amount_minor,
    },
    {
      account: { party: creditor.party, kind: creditor.kind, counterparty: debtor.party },
      direction: owed ? 'credit' : 'debit',
      amount_minor,
    },
  ];
}

/** The close's transaction from the statement's reconciliation; null when nothing is owed. */
export function documentPostingsOf(
  statement: SettlementStatement,
  reconciliation: StatementReconciliation,
): DocumentPostings | null {
  const postings = [
    ...pairPostings(
      { party: statement.emsp, kind: 'emsp_payable' },
      { party: statement.cpo, kind: 'cpo_receivable' },
      BigInt(reconciliation.charges.difference_minor),
    ),
    ...reconciliation.fees.flatMap((fees) =>
      pairPostings(
        { party: statement.cpo, kind: 'fee_vat_payable' },
        { party: fees.beneficiary, kind: 'fee_vat_receivable' },
        BigInt(fees.invoiced_incl_vat_minor) - BigInt(fees.posted_minor),
      ),
    ),
  ];
  if (postings.length === 0) return null;
  const transaction = {
    transaction_id: `${statement.statement_id}-documents`,
    currency: statement.currency,
    agreement_id: statement.agreement_id,
    statement_id: statement.statement_id,
    postings,
  };
  const side = (direction: PostingJson['direction']) =>
    sum(postings.filter((p) => p.direction === direction).map((p) => BigInt(p.amount_minor)));
  invariant(side('debit') === side('credit'), `${transaction.transaction_id} does not balance`);
  return { posted_at: statement.closed_at, transaction };
}

function feeBalanceWithVat(
  balance: FeeBalance,
  reconciliation: StatementReconciliation,
): FeeBalance {
  const fees = reconciliation.fees.find((f) => samePartyId(f.beneficiary, balance.beneficiary));
  const vat =
    fees === undefined ? 0n : BigInt(fees.invoiced_incl_vat_minor) - BigInt(fees.posted_minor);
  const closing = BigInt(balance.closing_balance_minor) + vat;
  return {
    ...balance,
    vat_on_fees: 'posted_at_close',
    vat_minor: vat.toString(),
    closing_balance_minor: closing.toString(),
  };
}

/**
 * The statement as appended: its ledger figures, their reconciliation with the documents
 * planned from it, and what the close posts so that both agree (closing balances included).
 */
export function withDocumentPostings(
  statement: SettlementStatement,
  drafts: readonly InvoiceDraft[],
): SettlementStatement {
  const reconciled = reconcileStatement(statement, drafts);
  const reconciliation: StatementReconciliation = {
    ...reconciled,
    fees: reconciled.fees.map((fees) => ({ ...fees, vat_on_fees: 'posted_at_close' as const })),
  };
  const rounding = BigInt(reconciliation.charges.difference_minor);
  const closing = BigInt(statement.closing_balance_minor) + rounding;
  return {
    ...statement,
    documents_rounding_minor: rounding.toString(),
    closing_balance_minor: closing.toString(),
    amount_due_minor: (closing > 0n ? closing : 0n).toString(),
    fee_balances: statement.fee_balances.map((b) => feeBalanceWithVat(b, reconciliation)),
    reconciliation,
    document_postings: documentPostingsOf(statement, reconciliation),
  };
}

/** Sum of the documents' payable amounts, credit notes negative (tests and checks). */
export function signedPayableMinor(drafts: readonly InvoiceDraft[]): bigint {
  return sum(
    drafts.map(
      (draft) => (draft.type === 'CREDIT_NOTE' ? -1n : 1n) * BigInt(draft.totals.payable_minor),
    ),
  );
}
