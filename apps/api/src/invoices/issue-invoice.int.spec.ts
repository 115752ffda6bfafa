import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  openSqliteEventStore,
} from '#event-store';
import { invoiceNumberStreamName, planInvoices, type InvoiceDraft } from '#invoicing';
import { CONTEXT, CPO, januaryStatement } from '#invoicing/test-support/invoice-fixtures.js';
import type { RequestContext } from '../infrastructure/command-runner.js';
import { issueInvoices } from './issue-invoice.js';

const REQUEST: RequestContext = {
  correlation_id: 'issue-invoices-spec',
  principal: 'test',
  received_at: '2026-02-01T00:05:00Z',
};
const [CHARGES] = planInvoices(
  januaryStatement([{ cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' }]),
  CONTEXT,
);
const draft = (invoice_id: string): InvoiceDraft => ({ ...CHARGES!, invoice_id });

describe('issueInvoices (one read of an issuer stream per close, re-read on a lost race)', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'issue-invoices-'));
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers an issuer documents in order, and a repeated issue returns them unchanged', async () => {
    const invoices = await issueInvoices(store, [draft('A'), draft('B'), draft('C')], REQUEST);
    expect(invoices.map((i) => [i.invoice_id, i.sequence])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
    expect(await issueInvoices(store, [draft('B'), draft('D')], REQUEST)).toEqual([
      invoices[1],
      expect.objectContaining({ invoice_id: 'D', sequence: 4 }),
    ]);
  });

  it('a number taken by another close between two documents is outwaited, gap-free', async () => {
    // A concurrent close takes the next number right after the first document is issued.
    let raced = false;
    const racing: EventStore = Object.create(store) as EventStore;
    racing.append = async (
      stream: string,
      events: readonly NewEvent[],
      expected: ExpectedRevision,
    ): Promise<AppendResult> => {
      const result = await store.append(stream, events, expected);
      if (!raced) {
        raced = true;
        await issueInvoices(store, [draft('OTHER')], REQUEST);
      }
      return result;
    };
    const invoices = await issueInvoices(racing, [draft('A'), draft('B')], REQUEST);
    expect(invoices.map((i) => [i.invoice_id, i.sequence])).toEqual([
      ['A', 1],
      ['B', 3],
    ]);
    const stream = [];
    for await (const recorded of store.readStream(invoiceNumberStreamName(CPO))) {
      stream.push((recorded.data as { invoice_id: string }).invoice_id);
    }
    expect(stream).toEqual(['A', 'OTHER', 'B']);
  });
});
