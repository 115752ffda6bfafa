import { buildStatement } from '#settlement';
import { driverNetMinor, planDriverInvoices } from './driver-invoices.js';
import { invoiceArithmeticViolations, invoiceSummary } from './invoice-arithmetic.js';
import { invoicedCdrsOf } from './invoice-documents.js';
import { renderInvoiceHtml } from './invoice-html.js';
import { renderUblInvoice } from './ubl-invoice.js';
import {
  CONTEXT,
  EMSP,
  cdrEntry,
  close,
  creditEntry,
  issue,
} from './test-support/invoice-fixtures.js';
import { child, parseXml, text } from './test-support/xml-reading.js';

const PLAN = { markup_percent: '10', fee_per_session: '0.50' };
const DRIVERS = { parties: CONTEXT.parties, drivers: [], invoiced_cdrs: [] };

const entry = (cdr_id: string, contract_id: string, excl_vat: string, hour: number) =>
  cdrEntry({
    cdr_id,
    contract_id,
    excl_vat,
    incl_vat: excl_vat,
    posted_at: `2026-01-10T${String(hour).padStart(2, '0')}:00:00Z`,
    country_of_supply: hour % 2 === 0 ? 'DE' : 'FR',
  });

describe('driver invoices (eMSP -> driver)', () => {
  const statement = buildStatement(
    close({
      entries: [
        entry('CDR-1', 'NL-XYZ-C00000001-A', '10.00', 1),
        entry('CDR-2', 'NL-XYZ-C00000002-B', '4.00', 2),
        entry('CDR-3', 'NL-XYZ-C00000001-A', '2.00', 4),
        {
          ...entry('CDR-4', 'x', '1.00', 5),
          session: { ...entry('CDR-4', 'x', '1.00', 5).session, contract_id: null },
        },
      ],
    }),
    null,
  );
  const drafts = planDriverInvoices(statement, PLAN, DRIVERS);

  it('issues one invoice per contract id, from the eMSP, sessions without contract left out', () => {
    expect(drafts.map((d) => [d.invoice_id, d.recipient.contract_id, d.lines.length])).toEqual([
      ['ST-2026-01-driver-NL-XYZ-C00000001-A', 'NL-XYZ-C00000001-A', 2],
      ['ST-2026-01-driver-NL-XYZ-C00000002-B', 'NL-XYZ-C00000002-B', 1],
    ]);
    expect(drafts[0]!.issuer.party).toEqual(EMSP);
    expect(drafts[0]!.recipient).toMatchObject({ party: null, country_code: 'NL' });
  });

  it('takes contract ids as CiStrings: one invoice per driver whatever the case', () => {
    const mixed = buildStatement(
      close({
        entries: [
          entry('CDR-1', 'NL-XYZ-C00000001-A', '10.00', 1),
          entry('CDR-2', 'nl-xyz-c00000001-a', '4.00', 2),
        ],
      }),
      null,
    );
    const [only, ...others] = planDriverInvoices(mixed, PLAN, DRIVERS);
    expect(others).toEqual([]);
    expect(only!.invoice_id).toBe('ST-2026-01-driver-NL-XYZ-C00000001-A');
    expect(only!.lines).toHaveLength(2);
  });

  it('prices with the markup and the session fee, VAT of the country of charging', () => {
    // 10.00 x 1.10 + 0.50 = 11.50 (FR 20 %); 2.00 x 1.10 + 0.50 = 2.70 (DE 19 %)
    expect(drafts[0]!.lines.map((l) => [l.net_minor, l.vat_category, l.vat_rate_percent])).toEqual([
      ['1150', 'S', '20'],
      ['270', 'S', '19'],
    ]);
    expect(drafts[0]!.totals).toMatchObject({ vat_minor: '281', payable_minor: '1701' });
    for (const draft of drafts) expect(invoiceArithmeticViolations(draft)).toEqual([]);
  });

  it('never uses reverse charge towards drivers', () => {
    const rc = { ...statement, vat_treatment: 'reverse_charge' as const };
    const [first] = planDriverInvoices(rc, PLAN, DRIVERS);
    expect(first!.vat_breakdown.map((v) => v.category)).toEqual(['S', 'S']);
  });

  it('rounds once per line, and a credit mirrors the charge exactly', () => {
    const terms = { currency: 'EUR', rounding: 'HALF_UP' as const };
    const plan = { markup_percent: '12.5', fee_per_session: '0' };
    expect(driverNetMinor(1001n, plan, terms)).toBe(1126n); // 11.26125 -> 11.26
    expect(driverNetMinor(-1001n, plan, terms)).toBe(-1126n);
  });

  it('a credit CDR of an earlier period -> a credit note to the driver, referencing it', () => {
    const january = issue(drafts[0]!, 5);
    const original = statement.cdr_lines.find((l) => l.cdr_id === 'CDR-1')!;
    const credit = creditEntry(
      entry('CDR-1', 'NL-XYZ-C00000001-A', '10.00', 1),
      'CDR-1-C',
      '2026-02-02T00:00:00Z',
    );
    expect(original.session.contract_id).toBe('NL-XYZ-C00000001-A');
    const february = buildStatement(
      close({
        statement_id: 'ST-2026-02',
        period_end: '2026-03-01T00:00:00Z',
        closed_at: '2026-03-01T00:00:00Z',
        entries: [credit],
      }),
      statement,
    );
    const [note] = planDriverInvoices(february, PLAN, {
      ...DRIVERS,
      invoiced_cdrs: invoicedCdrsOf(january),
    });
    expect(note).toMatchObject({
      type: 'CREDIT_NOTE',
      kind: 'driver_charges',
      preceding_invoice: { number: 'NLXYZ-000005' },
      totals: { line_net_minor: '1150' },
    });
  });

  it('renders for the driver: contract id as buyer identifier; summary names the contract', () => {
    const invoice = issue(drafts[1]!);
    const root = child(parseXml(renderUblInvoice(invoice)), 'Invoice');
    const buyer = ['cac:AccountingCustomerParty', 'cac:Party'];
    expect(text(root, ...buyer, 'cac:PartyIdentification', 'cbc:ID')).toBe('NL-XYZ-C00000002-B');
    expect(text(root, ...buyer, 'cac:PartyLegalEntity', 'cbc:RegistrationName')).toBe(
      'Contract NL-XYZ-C00000002-B',
    );
    expect(renderInvoiceHtml(invoice)).toContain('Contract NL-XYZ-C00000002-B');
    expect(invoiceSummary(invoice).recipient).toEqual({ contract_id: 'NL-XYZ-C00000002-B' });
  });

  it('refuses a malformed price plan', () => {
    let code: unknown;
    try {
      planDriverInvoices(statement, { markup_percent: '-1', fee_per_session: '0' }, DRIVERS);
    } catch (error) {
      code = (error as { code?: unknown }).code;
    }
    expect(code).toBe('validation_failed');
  });
});
