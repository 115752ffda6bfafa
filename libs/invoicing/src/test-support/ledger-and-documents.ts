import { type PartyId, type PostingJson, partyKey } from '#ledger';
import {
  buildStatement,
  type CloseSettlementPeriod,
  type SettlementStatement,
  type StatementEntry,
} from '#settlement';
import { withDocumentPostings } from '../document-postings.js';
import { invoicedCdrsOf, type InvoicedCdr } from '../invoice-documents.js';
import { planInvoices } from '../invoice-drafts.js';
import { invoicedCdrsOfStatement } from '../invoice-line-groups.js';
import type { InvoiceDraft } from '../invoice.js';
import { PARTIES, issue } from './invoice-fixtures.js';

/**
 * The invariant "one truth" checked without a store: close periods one after the other as the
 * close handler does (statement, documents, document postings), then fold every posting of the
 * ledger and a payment of every document's payable amount into the balances between parties.
 */
export interface ClosedPeriodResult {
  readonly statement: SettlementStatement;
  readonly drafts: readonly InvoiceDraft[];
}

/** Closes the given periods in order, each with the entries it is given. */
export function closePeriods(commands: readonly CloseSettlementPeriod[]): ClosedPeriodResult[] {
  const results: ClosedPeriodResult[] = [];
  const invoiced: InvoicedCdr[] = [];
  let latest: SettlementStatement | null = null;
  let sequence = 0;
  for (const command of commands) {
    const decided = buildStatement(command, latest);
    const drafts = planInvoices(decided, { parties: PARTIES, invoiced_cdrs: [...invoiced] });
    const statement = withDocumentPostings(decided, drafts);
    for (const draft of drafts) {
      const issued = issue(draft, (sequence += 1));
      // Aggregated lines name no CDR: the CDRs are the statement's (invoice-line-groups.ts).
      invoiced.push(
        ...(issued.supporting_documents === undefined
          ? invoicedCdrsOf(issued)
          : invoicedCdrsOfStatement(issued, statement.cdr_lines)),
      );
    }
    results.push({ statement, drafts });
    latest = statement;
  }
  return results;
}

/** `DE/ABC>NL/XYZ` -> what DE/ABC is owed by NL/XYZ (negative: owes). */
export type PairBalances = Map<string, bigint>;

function addPosting(balances: PairBalances, posting: PostingJson): void {
  const key = `${partyKey(posting.account.party)}>${partyKey(posting.account.counterparty)}`;
  const amount = BigInt(posting.amount_minor) * (posting.direction === 'credit' ? 1n : -1n);
  balances.set(key, (balances.get(key) ?? 0n) + amount);
}

function addPayment(balances: PairBalances, payer: PartyId, payee: PartyId, amount: bigint) {
  const payer_key = `${partyKey(payer)}>${partyKey(payee)}`;
  const payee_key = `${partyKey(payee)}>${partyKey(payer)}`;
  balances.set(payer_key, (balances.get(payer_key) ?? 0n) + amount);
  balances.set(payee_key, (balances.get(payee_key) ?? 0n) - amount);
}

/** Every balance between the parties after the entries, the closes and the payments. */
export function balancesAfterPayingEveryDocument(
  entries: readonly StatementEntry[],
  closed: readonly ClosedPeriodResult[],
): PairBalances {
  const balances: PairBalances = new Map();
  for (const entry of entries) {
    for (const posting of entry.kind === 'payment' ? [] : entry.transaction.postings) {
      addPosting(balances, posting);
    }
  }
  for (const { statement, drafts } of closed) {
    for (const posting of statement.document_postings?.transaction.postings ?? []) {
      addPosting(balances, posting);
    }
    for (const draft of drafts) {
      const payable = BigInt(draft.totals.payable_minor);
      const recipient = draft.recipient.party;
      if (recipient === null) continue;
      // An invoice is paid by its recipient, a credit note by its issuer.
      if (draft.type === 'INVOICE') addPayment(balances, recipient, draft.issuer.party, payable);
      else addPayment(balances, draft.issuer.party, recipient, payable);
    }
  }
  return balances;
}

/** The balances that are not zero, for a readable failure. */
export function nonZero(balances: PairBalances): Record<string, string> {
  return Object.fromEntries(
    [...balances.entries()].filter(([, v]) => v !== 0n).map(([k, v]) => [k, v.toString()]),
  );
}
