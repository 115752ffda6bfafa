import assert from 'node:assert/strict';
import { eventIdFor, type EventStore, NO_STREAM, type ExpectedRevision } from '#event-store';
import {
  decideInvoiceNumber,
  evolveInvoiceNumber,
  initialInvoiceNumberState,
  invoiceNumberStreamName,
  type Invoice,
  type InvoiceDraft,
  type InvoiceIssued,
  type InvoiceNumberState,
} from '#invoicing';
import {
  retryOnConflict,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';

/** Upper bound on documents in one issuer's number stream. */
const ISSUER_DOCUMENTS_MAX = 1_000_000;
/**
 * Upper bound on reads of an issuer's number stream per document: every lost race means another
 * document got a number, so this bounds how many concurrent closes of one issuer we outwait.
 */
const ISSUE_ATTEMPTS_MAX = 16;

interface LoadedNumbers {
  state: InvoiceNumberState;
  revision: ExpectedRevision;
  /** The documents with the ids asked for, when they were issued before. */
  readonly issued: Map<string, Invoice>;
}

async function loadNumbers(
  store: EventStore,
  stream: string,
  invoice_ids: ReadonlySet<string>,
): Promise<LoadedNumbers> {
  let state = initialInvoiceNumberState();
  let revision: ExpectedRevision = NO_STREAM;
  const issued = new Map<string, Invoice>();
  let count = 0;
  for await (const recorded of store.readStream(stream, { max_count: ISSUER_DOCUMENTS_MAX })) {
    assert.equal(recorded.revision, BigInt(count), `stream ${stream}: revision out of order`);
    const event = { type: recorded.type, data: recorded.data } as InvoiceIssued;
    state = evolveInvoiceNumber(state, event);
    if (event.type === 'InvoiceIssued' && invoice_ids.has(event.data.invoice_id)) {
      issued.set(event.data.invoice_id, event.data);
    }
    revision = recorded.revision;
    count += 1;
  }
  if (count >= ISSUER_DOCUMENTS_MAX) throw new Error(`stream ${stream} is too long`);
  return { state, revision, issued };
}

/**
 * Issues planned documents, in order, each on its issuer's number stream: read the stream, let
 * the invoice-number decider give the document the next number, append at the revision read.
 * An issuer's stream is read once for all its documents and carried forward after each append;
 * a lost race (another close took that number) re-reads it and retries on the new state. A
 * draft issued before (a repeated close) returns that document unchanged. Numbers stay gap-free
 * because a number exists only once its event is appended.
 */
export async function issueInvoices(
  store: EventStore,
  drafts: readonly InvoiceDraft[],
  context: RequestContext,
): Promise<Invoice[]> {
  const ids = new Set(drafts.map((draft) => draft.invoice_id));
  const streams = new Map<string, LoadedNumbers>();
  const invoices: Invoice[] = [];
  for (const draft of drafts) {
    const stream = invoiceNumberStreamName(draft.issuer.party);
    const invoice = await retryOnConflict(
      stream,
      async () => {
        let numbers = streams.get(stream);
        if (numbers === undefined) {
          numbers = await loadNumbers(store, stream, ids);
          streams.set(stream, numbers);
        }
        try {
          return await issueOn(store, stream, numbers, draft, context);
        } catch (error) {
          // Another close took the number: read the stream again on the next attempt.
          streams.delete(stream);
          throw error;
        }
      },
      ISSUE_ATTEMPTS_MAX,
    );
    invoices.push(invoice);
  }
  return invoices;
}

/** One try at issuing `draft` on the numbers read; a concurrency conflict when another close
 * appended first. */
async function issueOn(
  store: EventStore,
  stream: string,
  numbers: LoadedNumbers,
  draft: InvoiceDraft,
  context: RequestContext,
): Promise<Invoice> {
  const issued = numbers.issued.get(draft.invoice_id);
  if (issued !== undefined) return issued;
  const { state, revision } = numbers;
  const events = decideInvoiceNumber(
    { type: 'IssueInvoice', draft, issued_at: context.received_at },
    state,
  );
  const event = events[0];
  assert.ok(event !== undefined && events.length === 1, `invoice ${draft.invoice_id}: no event`);
  const [new_event] = toNewEvents(stream, revision, events, context, context.received_at);
  assert.ok(new_event !== undefined);
  const { next_expected_revision: appended } = await store.append(
    stream,
    [{ ...new_event, id: eventIdFor('invoice', draft.invoice_id) }],
    revision,
  );
  assert.equal(event.data.sequence, state.last_sequence + 1, 'invoice numbers must not skip');
  numbers.state = evolveInvoiceNumber(state, event);
  numbers.revision = appended;
  numbers.issued.set(draft.invoice_id, event.data);
  return event.data;
}
