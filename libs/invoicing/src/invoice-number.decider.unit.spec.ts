import fc from 'fast-check';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import {
  decideStatement,
  evolveStatement,
  initialStatementState,
  statementStreamName,
  type CloseSettlementPeriod,
  type StatementDecided,
} from '#settlement';
import { planInvoices } from './invoice-drafts.js';
import * as decider from './invoice-number.decider.js';
import type { InvoiceNumberEvent } from './invoice-number.decider.js';
import { invoiceNumberStreamName } from './invoice-streams.js';
import type { InvoiceDraft } from './invoice.js';
import { InMemoryStreams, WrongExpectedRevision } from './test-support/in-memory-streams.js';
import {
  CONTEXT,
  CPO,
  cdrEntry,
  close,
  januaryStatement,
  terms,
} from './test-support/invoice-fixtures.js';

const spec = deciderSpec(decider);
const ISSUED_AT = '2026-02-01T00:05:00Z';
const [DRAFT, FEE_DRAFT] = planInvoices(
  januaryStatement([{ cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' }]),
  CONTEXT,
);
const draft = (invoice_id: string): InvoiceDraft => ({ ...DRAFT!, invoice_id });
const issue = (d: InvoiceDraft) => ({
  type: 'IssueInvoice' as const,
  draft: d,
  issued_at: ISSUED_AT,
});

describe('invoice-number decider (one stream per issuer)', () => {
  it('given no document, when an invoice is issued, then it gets number 1', () => {
    spec
      .given([])
      .when(issue(DRAFT!))
      .then([
        {
          type: 'InvoiceIssued',
          data: { ...DRAFT!, number: 'DEABC-000001', sequence: 1, issued_at: ISSUED_AT },
        },
      ]);
  });

  it('numbers N + 1 after N, invoices and credit notes alike', () => {
    const first = spec
      .given([])
      .when(issue(draft('A')))
      .events();
    const second = spec
      .given(first)
      .when(issue({ ...draft('B'), type: 'CREDIT_NOTE' }))
      .events();
    expect(second[0]!.data).toMatchObject({ number: 'DEABC-000002', sequence: 2 });
  });

  it('the same document again (a retried close) -> no events', () => {
    const first = spec.given([]).when(issue(DRAFT!)).events();
    spec.given(first).when(issue(DRAFT!)).thenNothing();
  });

  it('rejects an issue time that is not a date-time', () => {
    spec
      .given([])
      .when({ ...issue(DRAFT!), issued_at: 'soon' })
      .thenRejects('validation_failed', 'issued_at');
  });

  it('a document of another issuer on this stream is a handler bug (invariant)', () => {
    const first = spec.given([]).when(issue(DRAFT!)).events();
    expect(() => spec.given(first).when(issue(FEE_DRAFT!)).events()).toThrow(/another issuer/);
  });
});

/** The handler's recipe, as a test double: read, decide, append at the revision read. */
function issueOnce(store: InMemoryStreams<InvoiceNumberEvent>, d: InvoiceDraft): void {
  const stream = invoiceNumberStreamName(d.issuer.party);
  const { events, revision } = store.read(stream);
  const state = events.reduce(decider.evolve, decider.initialState());
  store.append(stream, decider.decide(issue(d), state), revision);
}

function issueWithRetry(store: InMemoryStreams<InvoiceNumberEvent>, d: InvoiceDraft): void {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      return issueOnce(store, d);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision) || attempt === 5) throw error;
    }
  }
}

function decideClose(store: InMemoryStreams<StatementDecided>, command: CloseSettlementPeriod) {
  const { events, revision } = store.read(statementStreamName(command.agreement_id));
  const state = events.reduce(evolveStatement, initialStatementState());
  return { events: decideStatement(command, state), revision };
}

describe('concurrent closes', () => {
  const entries = [
    cdrEntry({
      cdr_id: 'CDR-1',
      posted_at: '2026-01-10T00:00:00Z',
      excl_vat: '10',
      incl_vat: '11.90',
    }),
  ];

  it('two closes of one period racing: exactly one statement, invoices numbered once', () => {
    const statements = new InMemoryStreams<StatementDecided>();
    const invoices = new InMemoryStreams<InvoiceNumberEvent>();
    const stream = statementStreamName('DEABC-NLXYZ');
    const a = decideClose(statements, close({ entries }));
    const b = decideClose(statements, close({ entries }));
    statements.append(stream, a.events, a.revision);
    expect(() => statements.append(stream, b.events, b.revision)).toThrow(WrongExpectedRevision);
    expect(decideClose(statements, close({ entries })).events).toEqual([]); // B's retry: 200
    expect(statements.read(stream).events).toHaveLength(1);
    const drafts = planInvoices(a.events[0]!.data, CONTEXT);
    for (const d of [...drafts, ...drafts]) issueWithRetry(invoices, d); // A, then B's retry
    const numbers = invoices.read(invoiceNumberStreamName(CPO)).events.map((e) => e.data.number);
    expect(numbers).toEqual(['DEABC-000001']);
  });

  it('two agreements of one CPO closing at once: numbers N + 1 and N + 2, no gap', () => {
    const invoices = new InMemoryStreams<InvoiceNumberEvent>();
    const other = { country_code: 'FR', party_id: 'QQQ' };
    const st_1 = decideStatement(close({ entries }), initialStatementState())[0]!.data;
    const st_2 = decideStatement(
      close({
        agreement_id: 'DEABC-FRQQQ',
        statement_id: 'ST-FR',
        terms: terms({ agreement_id: 'DEABC-FRQQQ', emsp: other }),
        entries: entries.map((e) => ({
          ...e,
          transaction: { ...e.transaction, agreement_id: 'DEABC-FRQQQ' },
        })),
      }),
      initialStatementState(),
    )[0]!.data;
    const d_1 = planInvoices(st_1, CONTEXT)[0]!;
    const d_2 = planInvoices(st_2, CONTEXT)[0]!;
    // both read revision -1 and decide number 1; the second append loses and is retried
    const stream = invoiceNumberStreamName(CPO);
    const read = invoices.read(stream);
    const state = read.events.reduce(decider.evolve, decider.initialState());
    const lost = decider.decide(issue(d_2), state);
    issueOnce(invoices, d_1);
    expect(() => invoices.append(stream, lost, read.revision)).toThrow(WrongExpectedRevision);
    issueWithRetry(invoices, d_2);
    const issued = invoices.read(stream).events.map((e) => [e.data.invoice_id, e.data.sequence]);
    expect(issued).toEqual([
      ['ST-2026-01-charges-DEABC', 1],
      ['ST-FR-charges-DEABC', 2],
    ]);
  });

  it('any interleaving of many issues with retries gives 1..N without gaps or repeats', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 30 }),
        (order) => {
          const invoices = new InMemoryStreams<InvoiceNumberEvent>();
          const stream = invoiceNumberStreamName(CPO);
          // Each step: a contender reads and decides on a possibly stale state, then appends.
          const stale = order.map((id) => {
            const read = invoices.read(stream);
            return { id, read };
          });
          for (const { id, read } of stale) {
            const state = read.events.reduce(decider.evolve, decider.initialState());
            try {
              invoices.append(
                stream,
                decider.decide(issue(draft(`D-${id}`)), state),
                read.revision,
              );
            } catch (error) {
              if (!(error instanceof WrongExpectedRevision)) throw error;
              issueWithRetry(invoices, draft(`D-${id}`));
            }
          }
          const sequences = invoices.read(stream).events.map((e) => e.data.sequence);
          const distinct = new Set(order).size;
          expect(sequences).toEqual(Array.from({ length: distinct }, (_, i) => i + 1));
        },
      ),
    );
  });
});
