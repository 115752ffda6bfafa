import type { RecordedEvent } from '#event-store';
import { isEventOf, unhandledEvent, type EventOf } from '#event-schemas';
import { instantMs, invariant, type PartyId, type PostingJson } from '#ledger';

/**
 * The partner-balances fold, pure: which signed balance entries an event adds. A posted CDR, a
 * credit CDR (its reversing transaction), a dispute's adjustment (its compensating
 * transaction, at its posting time) and a payment each add one entry per (party,
 * counterparty) pair of their transaction; every other event adds none. Positive = the party is
 * owed money. A statement adds the transaction its close posted so that the ledger equals its
 * documents (fee VAT, VAT rounding: libs/invoicing document-postings.ts). The entries of one
 * transaction sum to zero (asserted here, before any write).
 */
export type BalanceSourceKind =
  'cdr' | 'cdr_credit' | 'cdr_adjustment' | 'payment' | 'statement_documents';

export interface BalanceEntry {
  /** Global log position of the event that posted it. */
  readonly position: bigint;
  readonly transaction_id: string;
  readonly source_kind: BalanceSourceKind;
  /** `DE/ABC/CDR-1` for a CDR or credit CDR, the payment id for a payment. */
  readonly source_ref: string;
  /** `DE/ABC` (partyKey). */
  readonly party: string;
  readonly counterparty: string;
  readonly currency: string;
  /** Ledger time: when the transaction was posted, in ms since the epoch (UTC). */
  readonly ledger_time_ms: number;
  /** The UTC month of the ledger time (monthIndexOf), the coarse as-of bucket. */
  readonly month_index: number;
  /** The UTC day of the ledger time (dayIndexOf), the fine as-of bucket. */
  readonly day_index: number;
  readonly amount_minor: bigint;
}

/** Event types the balances projection reads; every other event folds to nothing. */
export const BALANCE_EVENT_TYPES = [
  'CdrPosted',
  'CdrDisputeResolved',
  'PaymentRecorded',
  'SettlementStatementIssued',
] as const;

/** An event the balances fold reads, with its log position. */
export type BalanceEvent = EventOf<(typeof BALANCE_EVENT_TYPES)[number]> &
  Pick<RecordedEvent, 'position'>;

/** The balance entries of any event: none for a type the projection does not read. */
export function balanceEntriesOf(
  event: Pick<RecordedEvent, 'type' | 'data' | 'position'>,
): BalanceEntry[] {
  return isEventOf(BALANCE_EVENT_TYPES, event) ? entriesOfBalanceEvent(event) : [];
}

function entriesOfBalanceEvent(event: BalanceEvent): BalanceEntry[] {
  switch (event.type) {
    case 'CdrPosted': {
      const { data } = event;
      const source_ref = `${data.country_code}/${data.party_id}/${data.cdr_id}`;
      const kind = data.credit_of === null || data.credit_of === undefined ? 'cdr' : 'cdr_credit';
      return entriesOf(event.position, data.transaction, data.posted_at, kind, source_ref);
    }
    case 'CdrDisputeResolved': {
      const { data } = event;
      if (data.adjustment === null) return [];
      const source_ref = `${data.country_code}/${data.party_id}/${data.cdr_id}`;
      const { transaction, posted_at } = data.adjustment;
      return entriesOf(event.position, transaction, posted_at, 'cdr_adjustment', source_ref);
    }
    case 'PaymentRecorded': {
      const { data } = event;
      return entriesOf(
        event.position,
        data.transaction,
        data.posted_at,
        'payment',
        data.payment_id,
      );
    }
    case 'SettlementStatementIssued': {
      const data = event.data;
      const postings = data.document_postings ?? null;
      if (postings === null) return [];
      return entriesOf(
        event.position,
        postings.transaction,
        postings.posted_at,
        'statement_documents',
        data.statement_id,
      );
    }
    default:
      return unhandledEvent(event);
  }
}

/** The part of a transaction the fold reads; CDR and payment transactions both have it. */
interface PostedTransaction {
  readonly transaction_id: string;
  readonly currency: string;
  readonly postings: readonly PostingJson[];
}

function key(party: PartyId): string {
  return `${party.country_code}/${party.party_id}`;
}

function entriesOf(
  position: bigint,
  tx: PostedTransaction,
  posted_at: string,
  source_kind: BalanceSourceKind,
  source_ref: string,
): BalanceEntry[] {
  const ledger_time_ms = instantMs(posted_at);
  invariant(Number.isFinite(ledger_time_ms), `transaction ${tx.transaction_id}: posted_at`);
  const amounts = new Map<string, bigint>();
  let debits_minor = 0n;
  let credits_minor = 0n;
  for (const posting of tx.postings) {
    const amount_minor = BigInt(posting.amount_minor);
    invariant(amount_minor > 0n, `transaction ${tx.transaction_id}: a posting is not positive`);
    const pair = `${key(posting.account.party)}>${key(posting.account.counterparty)}`;
    const signed = posting.direction === 'credit' ? amount_minor : -amount_minor;
    if (posting.direction === 'credit') credits_minor += amount_minor;
    else debits_minor += amount_minor;
    amounts.set(pair, (amounts.get(pair) ?? 0n) + signed);
  }
  invariant(
    debits_minor === credits_minor,
    `transaction ${tx.transaction_id} does not balance: debits ${debits_minor}, ` +
      `credits ${credits_minor} (${tx.currency})`,
  );
  const entries: BalanceEntry[] = [];
  const month_index = monthIndexOf(ledger_time_ms);
  const day_index = dayIndexOf(ledger_time_ms);
  for (const [pair, amount_minor] of amounts) {
    if (amount_minor === 0n) continue;
    const [party, counterparty] = pair.split('>') as [string, string];
    entries.push({
      position,
      transaction_id: tx.transaction_id,
      source_kind,
      source_ref,
      party,
      counterparty,
      currency: tx.currency,
      ledger_time_ms,
      month_index,
      day_index,
      amount_minor,
    });
  }
  return entries;
}

/** Months since year 0 (UTC): the bucket of the as-of index. */
export function monthIndexOf(ledger_time_ms: number): number {
  const date = new Date(ledger_time_ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export const DAY_MS = 86_400_000;

/** Days since the epoch (UTC): the fine bucket of the as-of index. */
export function dayIndexOf(ledger_time_ms: number): number {
  return Math.floor(ledger_time_ms / DAY_MS);
}

/** The first instant of a month bucket, in ms since the epoch. */
export function monthStartMs(month_index: number): number {
  return Date.UTC(Math.floor(month_index / 12), month_index % 12, 1);
}

/** Per-batch sums of entries: the current balance and the monthly and daily buckets, keyed by
 * `party|currency|counterparty` (and `|month` / `|day`). Folding a batch first and writing once per key
 * keeps the upserts per batch bounded by the number of distinct keys, not of entries. */
export interface BalanceDeltas {
  readonly current: Map<string, bigint>;
  readonly monthly: Map<string, bigint>;
  readonly daily: Map<string, bigint>;
}

export function emptyDeltas(): BalanceDeltas {
  return { current: new Map(), monthly: new Map(), daily: new Map() };
}

export function addToDeltas(deltas: BalanceDeltas, entry: BalanceEntry): void {
  const current_key = `${entry.party}|${entry.currency}|${entry.counterparty}`;
  const month_key = `${current_key}|${entry.month_index}`;
  deltas.current.set(current_key, (deltas.current.get(current_key) ?? 0n) + entry.amount_minor);
  deltas.monthly.set(month_key, (deltas.monthly.get(month_key) ?? 0n) + entry.amount_minor);
  const day_key = `${current_key}|${entry.day_index}`;
  deltas.daily.set(day_key, (deltas.daily.get(day_key) ?? 0n) + entry.amount_minor);
}
