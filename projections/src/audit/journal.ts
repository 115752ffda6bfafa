import type { EventStore, RecordedEvent } from '#event-store';
import { csvField, instantMs, invariant, type PartyId, type PostingJson } from '#ledger';

/**
 * The journal: every posting of the ledger, one row each, in log order (then posting order),
 * computed from the log alone by a pure fold. A transaction is found wherever an event carries
 * one: `data.transaction` (a posted CDR or credit CDR, a payment) or a nested `*.transaction`
 * with its own `posted_at` (a dispute's compensating transaction, a close's document
 * postings). Each transaction's debits
 * equal its credits in its currency (asserted before a row is given out).
 */
export const JOURNAL_COLUMNS = [
  'posted_at',
  'transaction_id',
  'source_type',
  'source_id',
  'party',
  'account',
  'counterparty',
  'currency',
  'debit_minor',
  'credit_minor',
  'position',
] as const;

export type JournalRow = Readonly<Record<(typeof JOURNAL_COLUMNS)[number], string>>;

/** The event types that post transactions (a journal read asks the store for these only). */
export const JOURNAL_EVENT_TYPES = [
  'CdrPosted',
  'PaymentRecorded',
  'CdrDisputeResolved',
  'SettlementStatementIssued',
];

interface PostedTransaction {
  readonly transaction_id: string;
  readonly currency: string;
  readonly postings: readonly PostingJson[];
}

type Data = Readonly<Record<string, unknown>>;

function isTransaction(value: unknown): value is PostedTransaction {
  const tx = value as Partial<PostedTransaction> | null;
  return (
    typeof tx === 'object' &&
    tx !== null &&
    typeof tx.transaction_id === 'string' &&
    Array.isArray(tx.postings)
  );
}

/** `DE/ABC/CDR1`, the payment id, or the dispute id: what the transaction settles. */
function sourceOf(type: string, data: Data): { source_type: string; source_id: string } {
  const cdr_id = `${String(data.country_code)}/${String(data.party_id)}/${String(data.cdr_id)}`;
  if (type === 'PaymentRecorded') {
    return { source_type: 'payment', source_id: String(data.payment_id) };
  }
  if (type === 'SettlementStatementIssued') {
    return { source_type: 'statement_documents', source_id: String(data.statement_id) };
  }
  if (typeof data.dispute_id === 'string') {
    return { source_type: 'dispute_adjustment', source_id: data.dispute_id };
  }
  if (typeof data.credit_of === 'string') return { source_type: 'cdr_credit', source_id: cdr_id };
  return { source_type: 'cdr', source_id: cdr_id };
}

/** Every (transaction, posted_at) the event carries. */
function transactionsOf(data: Data): { tx: PostedTransaction; posted_at: string }[] {
  const found: { tx: PostedTransaction; posted_at: string }[] = [];
  if (isTransaction(data.transaction) && typeof data.posted_at === 'string') {
    found.push({ tx: data.transaction, posted_at: data.posted_at });
  }
  for (const value of Object.values(data)) {
    const nested = value as Data | null;
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) continue;
    if (isTransaction(nested.transaction) && typeof nested.posted_at === 'string') {
      found.push({ tx: nested.transaction, posted_at: nested.posted_at });
    }
  }
  return found;
}

const partyOf = (party: PartyId) => `${party.country_code}/${party.party_id}`;

/** The journal rows of one event whose postings fall in [from_ms, to_ms). */
export function journalRowsOf(
  event: Pick<RecordedEvent, 'type' | 'data' | 'position'>,
  from_ms: number,
  to_ms: number,
): JournalRow[] {
  const data = event.data as Data;
  const rows: JournalRow[] = [];
  for (const { tx, posted_at } of transactionsOf(data)) {
    const posted_ms = instantMs(posted_at);
    if (!(posted_ms >= from_ms && posted_ms < to_ms)) continue;
    let debits = 0n;
    let credits = 0n;
    const source = sourceOf(event.type, data);
    for (const posting of tx.postings) {
      const amount = BigInt(posting.amount_minor);
      if (posting.direction === 'debit') debits += amount;
      else credits += amount;
      rows.push({
        posted_at: new Date(posted_ms).toISOString(),
        transaction_id: tx.transaction_id,
        ...source,
        party: partyOf(posting.account.party),
        account: posting.account.kind,
        counterparty: partyOf(posting.account.counterparty),
        currency: tx.currency,
        debit_minor: posting.direction === 'debit' ? amount.toString() : '0',
        credit_minor: posting.direction === 'credit' ? amount.toString() : '0',
        position: event.position.toString(),
      });
    }
    invariant(debits === credits, `transaction ${tx.transaction_id} does not balance`);
  }
  return rows;
}

/** Streams the journal of a window from the log (bounded memory: one event at a time). */
export async function* journalOf(
  store: EventStore,
  window: { readonly from_ms: number; readonly to_ms: number },
  on_event?: (position: bigint) => void,
): AsyncIterable<JournalRow> {
  for await (const event of store.readAll({ event_types: JOURNAL_EVENT_TYPES })) {
    on_event?.(event.position);
    yield* journalRowsOf(event, window.from_ms, window.to_ms);
  }
}

export const JOURNAL_CSV_HEADER = JOURNAL_COLUMNS.join(',') + '\n';

export function journalLine(row: JournalRow, format: JournalFormat): string {
  if (format === 'json') return JSON.stringify(row) + '\n';
  return JOURNAL_COLUMNS.map((column) => csvField(row[column])).join(',') + '\n';
}

export const JOURNAL_FORMATS = ['json', 'csv'] as const;
export type JournalFormat = (typeof JOURNAL_FORMATS)[number];
