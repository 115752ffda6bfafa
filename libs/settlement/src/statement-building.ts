import {
  compareInstants,
  instantMs,
  invariant,
  LedgerDecimal,
  type PartyId,
  partyKey,
  samePartyId,
  toMinorUnits,
} from '#ledger';
import { dueDateOf, utcDateOf, utcInstant } from './settlement-period.js';
import { splitSettledAmount } from './vat-split.js';
import type {
  AdjustmentStatementEntry,
  CdrStatementEntry,
  CloseSettlementPeriod,
  FeeAmount,
  FeeBalance,
  PaymentStatementEntry,
  SettlementStatement,
  StatementCdrLine,
  StatementPayment,
  StatementSummary,
  StatementTerms,
} from './statement.js';

/** Most entries one close accepts; a bigger period is closed in smaller ones. */
export const STATEMENT_ENTRIES_MAX = 100_000;

const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/** Fees of one CDR per beneficiary, signed, from its transaction's fee_receivable postings. */
function feesOf(entry: CdrStatementEntry | AdjustmentStatementEntry): FeeAmount[] {
  const fees = new Map<string, { beneficiary: PartyId; amount: bigint }>();
  for (const posting of entry.transaction.postings) {
    if (posting.account.kind !== 'fee_receivable') continue;
    const signed = BigInt(posting.amount_minor) * (posting.direction === 'credit' ? 1n : -1n);
    const key = partyKey(posting.account.party);
    const previous = fees.get(key)?.amount ?? 0n;
    fees.set(key, { beneficiary: posting.account.party, amount: previous + signed });
  }
  return [...fees.values()].map((f) => ({
    beneficiary: f.beneficiary,
    amount_minor: f.amount.toString(),
  }));
}

/**
 * A line settled incl. VAT whose session has several VAT parts: its amount split over them
 * (vat-split.ts), the net then the sum of the parts' nets; any other line is returned as is.
 */
function withVatSplit(line: StatementCdrLine, terms: StatementTerms): StatementCdrLine {
  const shares = line.session.vat_shares;
  if (line.settled_on !== 'incl_vat' || shares === undefined || shares.length < 2) return line;
  const amount = BigInt(line.amount_minor);
  const vat_split = splitSettledAmount(amount, shares, terms.currency, terms.rounding);
  const excl_vat = sum(vat_split.map((part) => BigInt(part.excl_vat_minor)));
  return {
    ...line,
    amount_excl_vat_minor: excl_vat.toString(),
    vat_minor: (amount - excl_vat).toString(),
    vat_split,
  };
}

function cdrLineOf(entry: CdrStatementEntry, command: CloseSettlementPeriod): StatementCdrLine {
  const { terms } = command;
  invariant(entry.transaction.agreement_id === terms.agreement_id, 'entry of another agreement');
  invariant(entry.transaction.currency === terms.currency, 'entry in another currency');
  const amount = BigInt(entry.amount_minor);
  const excl_vat =
    entry.settled_on === 'excl_vat'
      ? amount
      : toMinorUnits(new LedgerDecimal(entry.claimed_excl_vat), terms.currency, terms.rounding);
  const line: StatementCdrLine = {
    ...entry.cdr,
    posted_at: entry.posted_at,
    credit_of: entry.credit_of,
    amount_minor: amount.toString(),
    amount_excl_vat_minor: excl_vat.toString(),
    vat_minor: (amount - excl_vat).toString(),
    settled_on: entry.settled_on,
    fees: feesOf(entry),
    session: entry.session,
  };
  return withVatSplit(line, terms);
}

/**
 * The line of a dispute adjustment: the change of the settled amount, and of the net as the
 * difference of the rounded nets before and after (so the CDR's lines over all statements sum
 * to its rounded net now).
 */
function adjustmentLineOf(
  entry: AdjustmentStatementEntry,
  command: CloseSettlementPeriod,
): StatementCdrLine {
  const { terms } = command;
  invariant(entry.transaction.agreement_id === terms.agreement_id, 'entry of another agreement');
  invariant(entry.transaction.currency === terms.currency, 'entry in another currency');
  const amount = BigInt(entry.amount_minor);
  const rounded = (value: string) =>
    toMinorUnits(new LedgerDecimal(value), terms.currency, terms.rounding);
  const excl_vat =
    entry.settled_on === 'excl_vat'
      ? amount
      : rounded(entry.excl_vat_after) - rounded(entry.excl_vat_before);
  const line: StatementCdrLine = {
    ...entry.cdr,
    posted_at: entry.posted_at,
    credit_of: null,
    amount_minor: amount.toString(),
    amount_excl_vat_minor: excl_vat.toString(),
    vat_minor: (amount - excl_vat).toString(),
    settled_on: entry.settled_on,
    fees: feesOf(entry),
    session: entry.session,
    dispute_id: entry.dispute_id,
  };
  return withVatSplit(line, terms);
}

function paymentOf(entry: PaymentStatementEntry, command: CloseSettlementPeriod): StatementPayment {
  const { cpo, emsp } = command.terms;
  const amount = BigInt(entry.amount_minor);
  invariant(amount > 0n, `payment ${entry.payment_id} must be positive`);
  const emsp_to_cpo = samePartyId(entry.payer, emsp) && samePartyId(entry.payee, cpo);
  const cpo_to_beneficiary = samePartyId(entry.payer, cpo) && !samePartyId(entry.payee, emsp);
  invariant(
    emsp_to_cpo || cpo_to_beneficiary,
    `payment ${entry.payment_id} is neither eMSP -> CPO nor CPO -> fee beneficiary`,
  );
  const { payment_id, payer, payee, posted_at } = entry;
  return { payment_id, payer, payee, amount_minor: amount.toString(), posted_at };
}

function feeBalances(
  lines: readonly StatementCdrLine[],
  payments: readonly StatementPayment[],
  command: CloseSettlementPeriod,
  previous: readonly FeeBalance[],
): FeeBalance[] {
  const balances = new Map<
    string,
    { beneficiary: PartyId; open: bigint; fees: bigint; paid: bigint }
  >();
  const at = (beneficiary: PartyId) => {
    const key = partyKey(beneficiary);
    const found = balances.get(key) ?? { beneficiary, open: 0n, fees: 0n, paid: 0n };
    balances.set(key, found);
    return found;
  };
  for (const fee of previous) at(fee.beneficiary).open += BigInt(fee.closing_balance_minor);
  for (const line of lines) {
    for (const fee of line.fees) at(fee.beneficiary).fees += BigInt(fee.amount_minor);
  }
  for (const payment of payments) {
    if (samePartyId(payment.payer, command.terms.cpo)) {
      at(payment.payee).paid += BigInt(payment.amount_minor);
    }
  }
  return [...balances.values()].map((b) => ({
    beneficiary: b.beneficiary,
    settled_on: 'excl_vat' as const,
    vat_on_fees: 'invoiced_separately' as const,
    opening_balance_minor: b.open.toString(),
    fees_minor: b.fees.toString(),
    payments_minor: b.paid.toString(),
    closing_balance_minor: (b.open + b.fees - b.paid).toString(),
  }));
}

function checkEntries(command: CloseSettlementPeriod, period_start: string): void {
  invariant(command.entries.length <= STATEMENT_ENTRIES_MAX, 'too many entries for one close');
  const keys = new Set<string>();
  for (const entry of command.entries) {
    const key =
      entry.kind === 'cdr'
        ? `cdr:${partyKey(entry.cdr)}/${entry.cdr.cdr_id}`
        : entry.kind === 'adjustment'
          ? `dispute:${entry.dispute_id}`
          : entry.payment_id;
    invariant(!keys.has(key), `entry ${key} passed twice`);
    keys.add(key);
    const inside =
      compareInstants(entry.posted_at, period_start) > 0 &&
      compareInstants(entry.posted_at, command.period_end) <= 0;
    invariant(inside, `entry ${key} posted at ${entry.posted_at} is outside the period`);
  }
}

/**
 * The statement of the period (previous period_end, period_end]. Pure; the decider checks the
 * period first. Entries are listed in posting order (then by key, for a stable document).
 */
export function buildStatement(
  command: CloseSettlementPeriod,
  latest: StatementSummary | null,
): SettlementStatement {
  const { terms } = command;
  const period_start = latest?.period_end ?? command.agreement_since;
  checkEntries(command, period_start);
  // Each instant parsed once (a comparator parsing both would take n log n parses).
  const entries = command.entries
    .map((entry, index) => ({ entry, at_ms: instantMs(entry.posted_at), index }))
    .sort((a, b) => a.at_ms - b.at_ms || a.index - b.index)
    .map(({ entry }) => entry);
  const lines = entries.flatMap((e) => (e.kind === 'cdr' ? [cdrLineOf(e, command)] : []));
  const payments = entries.flatMap((e) => (e.kind === 'payment' ? [paymentOf(e, command)] : []));
  const adjustment_lines = entries.flatMap((e) =>
    e.kind === 'adjustment' ? [adjustmentLineOf(e, command)] : [],
  );
  const cdr_lines = lines.filter((line) => line.credit_of === null);
  const credit_lines = lines.filter((line) => line.credit_of !== null);
  const opening = BigInt(latest?.closing_balance_minor ?? '0');
  const charges = sum(cdr_lines.map((line) => BigInt(line.amount_minor)));
  const credits = sum(credit_lines.map((line) => BigInt(line.amount_minor)));
  const paid = sum(
    payments.filter((p) => samePartyId(p.payer, terms.emsp)).map((p) => BigInt(p.amount_minor)),
  );
  const adjustments = sum(adjustment_lines.map((line) => BigInt(line.amount_minor)));
  const closing = opening + charges + credits + adjustments - paid;
  return {
    statement_id: command.statement_id,
    agreement_id: terms.agreement_id,
    agreement_version: terms.version,
    sequence: (latest?.sequence ?? 0) + 1,
    period_start,
    period_end: utcInstant(command.period_end),
    closed_at: command.closed_at,
    issue_date: utcDateOf(command.closed_at),
    due_date: dueDateOf(command.closed_at, terms.payment_terms_days),
    currency: terms.currency,
    cpo: terms.cpo,
    emsp: terms.emsp,
    vat_treatment: terms.vat_treatment,
    rounding: terms.rounding,
    cdr_lines,
    credit_lines,
    adjustment_lines,
    payments,
    opening_balance_minor: opening.toString(),
    charges_minor: charges.toString(),
    credits_minor: credits.toString(),
    adjustments_minor: adjustments.toString(),
    payments_minor: paid.toString(),
    closing_balance_minor: closing.toString(),
    amount_due_minor: (closing > 0n ? closing : 0n).toString(),
    fee_balances: feeBalances(
      [...lines, ...adjustment_lines],
      payments,
      command,
      latest?.fee_balances ?? [],
    ),
  };
}
