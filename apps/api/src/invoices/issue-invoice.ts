import assert from 'node:assert/strict';
import { eventIdFor } from '../../../../libs/event-store/src/event-id.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import {
  NO_STREAM,
  type ExpectedRevision,
} from '../../../../libs/event-store/src/event-store.port.js';
import {
  decideInvoiceNumber,
  evolveInvoiceNumber,
  initialInvoiceNumberState,
  invoiceNumberStreamName,
  type Invoice,
  type InvoiceDraft,
  type InvoiceIssued,
  type InvoiceNumberState,
} from '../../../../libs/invoicing/src/index.js';
import {
  ConcurrencyExhausted,
  isConcurrencyConflict,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';

/** Upper bound on documents in one issuer's number stream. */
const ISSUER_DOCUMENTS_MAX = 1_000_000;
/**
 * Upper bound on attempts to take the next number: every lost race means another document got
 * a number, so this bounds how many concurrent closes of one issuer we outwait.
 */
export const ISSUE_ATTEMPTS_MAX = 16;

interface LoadedNumbers {
  readonly state: InvoiceNumberState;
  readonly revision: ExpectedRevision;
  /** The document with the draft's id, when it was issued before. */
  readonly issued: Invoice | null;
}

async function loadNumbers(
  store: EventStore,
  stream: string,
  invoice_id: string,
): Promise<LoadedNumbers> {
  let state = initialInvoiceNumberState();
  let revision: ExpectedRevision = NO_STREAM;
  let issued: Invoice | null = null;
  let count = 0;
  for await (const recorded of store.readStream(stream, { max_count: ISSUER_DOCUMENTS_MAX })) {
    assert.equal(recorded.revision, BigInt(count), `stream ${stream}: revision out of order`);
    const event = { type: recorded.type, data: recorded.data } as InvoiceIssued;
    state = evolveInvoiceNumber(state, event);
    if (event.type === 'InvoiceIssued' && event.data.invoice_id === invoice_id) issued = event.data;
    revision = recorded.revision;
    count += 1;
  }
  if (count >= ISSUER_DOCUMENTS_MAX) throw new Error(`stream ${stream} is too long`);
  return { state, revision, issued };
}

/**
 * Issues one planned document on its issuer's number stream: read the stream, let the
 * invoice-number decider give it the next number, append at the revision read. A lost race
 * (another close took that number) is retried on the new state; the same draft issued before
 * (a repeated close) returns that document unchanged. Numbers stay gap-free because a number
 * exists only once its event is appended.
 */
export async function issueInvoice(
  store: EventStore,
  draft: InvoiceDraft,
  context: RequestContext,
): Promise<Invoice> {
  const stream = invoiceNumberStreamName(draft.issuer.party);
  for (let attempt = 1; attempt <= ISSUE_ATTEMPTS_MAX; attempt += 1) {
    const { state, revision, issued } = await loadNumbers(store, stream, draft.invoice_id);
    if (issued !== null) return issued;
    const events = decideInvoiceNumber(
      { type: 'IssueInvoice', draft, issued_at: context.received_at },
      state,
    );
    const event = events[0];
    assert.ok(event !== undefined && events.length === 1, `invoice ${draft.invoice_id}: no event`);
    const [new_event] = toNewEvents(stream, revision, events, context, context.received_at);
    assert.ok(new_event !== undefined);
    try {
      await store.append(
        stream,
        [{ ...new_event, id: eventIdFor('invoice', draft.invoice_id) }],
        revision,
      );
    } catch (error) {
      if (isConcurrencyConflict(error)) continue;
      throw error;
    }
    assert.equal(event.data.sequence, state.last_sequence + 1, 'invoice numbers must not skip');
    return event.data;
  }
  throw new ConcurrencyExhausted(stream);
}
