import { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { planInvoices, type Invoice } from '#invoicing';
import {
  CONTEXT,
  cdrEntry,
  issue,
  januaryStatement,
} from '#invoicing/test-support/invoice-fixtures.js';
import { documentRowsOf } from './documents.fold.js';
import { documentsProjection } from './documents.projection.js';
import { DocumentQueries } from './documents.queries.js';

let position = 0n;
function recorded(type: string, data: unknown): RecordedEvent {
  position += 1n;
  return {
    id: `event-${position}`,
    type,
    data,
    metadata: {},
    stream: 'test',
    revision: 0n,
    position,
    recorded_at: '2026-01-01T00:00:00Z',
    hash: '',
  } as RecordedEvent;
}

const entry = cdrEntry({
  cdr_id: 'CDR-1',
  posted_at: '2026-01-10T12:00:00Z',
  excl_vat: '10.00',
  incl_vat: '11.90',
});

const cdrReceived = recorded('CdrReceived', {
  country_code: 'DE',
  party_id: 'ABC',
  cdr_id: 'CDR-1',
  claimed_total_cost: { excl_vat: '10.00', incl_vat: '11.90' },
  cdr: {
    start_date_time: '2026-01-10T10:00:00Z',
    end_date_time: '2026-01-10T11:00:00Z',
    total_energy: 10,
    cdr_token: { contract_id: 'NL-XYZ-C1' },
    cdr_location: { country: 'DEU' },
  },
});

const cdrPosted = recorded('CdrPosted', {
  country_code: 'DE',
  party_id: 'ABC',
  cdr_id: 'CDR-1',
  transaction: entry.transaction,
  amount_minor: entry.amount_minor,
  settled_on: entry.settled_on,
  price_difference: null,
  credit_of: null,
  posted_at: entry.posted_at,
});

const statement = januaryStatement([
  { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' },
  { cdr_id: 'CDR-2', excl_vat: '20.00', incl_vat: '23.80' },
]);
const invoices: Invoice[] = planInvoices(statement, CONTEXT).map((draft) => issue(draft, 1));

describe('documents fold', () => {
  it('given a CdrReceived, when folded, then it keeps the statement facts of the CDR', () => {
    expect(documentRowsOf(cdrReceived)).toEqual([
      {
        kind: 'cdr_facts',
        cdr_key: 'DE/ABC/CDR-1',
        claimed_excl_vat: '10.00',
        session: {
          start_date_time: '2026-01-10T10:00:00Z',
          end_date_time: '2026-01-10T11:00:00Z',
          energy_kwh: '10',
          contract_id: 'NL-XYZ-C1',
          country_of_supply: 'DE',
          supply_date: '2026-01-10',
        },
      },
    ]);
  });

  it('given a CdrPosted, when folded, then it is an entry of its agreement at its posting time', () => {
    const [row] = documentRowsOf(cdrPosted);
    expect(row).toMatchObject({
      kind: 'cdr_posted',
      agreement_id: entry.transaction.agreement_id,
      posted_at_ms: Date.parse('2026-01-10T12:00:00Z'),
    });
  });

  it('given an InvoiceIssued, when folded, then it is listed for issuer and recipient', () => {
    const [row] = documentRowsOf(recorded('InvoiceIssued', invoices[0]));
    expect(row).toMatchObject({ kind: 'invoice', issuer: 'DE/ABC', parties: ['DE/ABC', 'NL/XYZ'] });
    expect(row?.kind === 'invoice' ? row.invoiced_cdrs.length : 0).toBe(2);
  });

  it('given any other event, when folded, then it adds nothing', () => {
    expect(documentRowsOf(recorded('PartnerRegistered', {}))).toEqual([]);
  });
});

describe('documents read model', () => {
  function model() {
    const db = new DatabaseSync(':memory:');
    documentsProjection.createSchema(db);
    return { db, writer: documentsProjection.writer(db), queries: new DocumentQueries(db) };
  }

  it('selects the entries of a period with the facts of their CdrReceived', () => {
    const { writer, queries } = model();
    writer.apply([cdrReceived, cdrPosted]);
    writer.assertInvariants();
    const agreement = entry.transaction.agreement_id;
    const found = queries.cdrEntriesOf(
      agreement,
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2026-02-01T00:00:00Z'),
    );
    expect(found).toEqual([
      { ...entry, session: expect.objectContaining({ contract_id: 'NL-XYZ-C1' }) },
    ]);
    expect(found[0]?.kind === 'cdr' && found[0].claimed_excl_vat).toBe('10.00');
    const after = queries.cdrEntriesOf(agreement, Date.parse('2026-01-10T12:00:00Z'), Date.now());
    expect(after).toEqual([]);
  });

  it('pages documents newest first and answers the credit-note lookup', () => {
    const { writer, queries } = model();
    writer.apply(invoices.map((invoice) => recorded('InvoiceIssued', invoice)));
    writer.assertInvariants();
    const cpo = { country_code: 'DE', party_id: 'ABC' };
    const first = queries.invoicesOf(cpo, 1, null);
    expect(first.items.map((i) => i.invoice_id)).toEqual([invoices[1]!.invoice_id]);
    const second = queries.invoicesOf(cpo, 1, first.next_row);
    expect(second.items.map((i) => i.invoice_id)).toEqual([invoices[0]!.invoice_id]);
    expect(second.next_row).toBeNull();
    const lookup = queries.invoicedCdrs([{ ...cpo, cdr_id: 'CDR-2' }]);
    expect(lookup.map((found) => found.invoice.number).sort()).toEqual([
      'DEABC-000001',
      'NLHUB-000001',
    ]);
  });

  it('refuses a gap in an issuer numbering (invariant)', () => {
    const { writer } = model();
    writer.apply([recorded('InvoiceIssued', issue(planInvoices(statement, CONTEXT)[0]!, 2))]);
    expect(() => writer.assertInvariants()).toThrow(/gaps/);
  });
});
