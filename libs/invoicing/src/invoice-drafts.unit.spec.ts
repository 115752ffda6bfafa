import { DomainRejection } from '#ledger';
import { buildStatement } from '#settlement';
import { invoiceArithmeticViolations } from './invoice-arithmetic.js';
import { invoicedCdrsOf } from './invoice-documents.js';
import { creditedCdrsToLookUp, planInvoices } from './invoice-drafts.js';
import {
  CONTEXT,
  CPO,
  EMSP,
  HUB,
  cdrEntry,
  close,
  creditEntry,
  issue,
  januaryStatement,
} from './test-support/invoice-fixtures.js';

describe('planning the invoices of a statement', () => {
  const statement = januaryStatement([
    { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' },
    { cdr_id: 'CDR-2', excl_vat: '20.00', incl_vat: '24.20', country_of_supply: 'NL' },
    { cdr_id: 'CDR-3', excl_vat: '5.004', incl_vat: '5.95' },
  ]);
  const [charges, fees, ...rest] = planInvoices(statement, CONTEXT);

  it('issues one CDR invoice CPO -> eMSP and one fee invoice per beneficiary -> CPO', () => {
    expect(rest).toEqual([]);
    expect(charges).toMatchObject({
      invoice_id: 'ST-2026-01-charges-DEABC',
      type: 'INVOICE',
      kind: 'cdr_charges',
      issuer: { party: CPO },
      recipient: { party: EMSP },
      issue_date: '2026-02-01',
      due_date: '2026-03-03',
      // BG-14 spans the lines' supply dates (the sessions of 2026-01-09), not the posting window.
      period: { start_date: '2026-01-09', end_date: '2026-01-09' },
    });
    expect(fees).toMatchObject({
      invoice_id: 'ST-2026-01-fees-NLHUB',
      kind: 'fees',
      issuer: { party: HUB },
      recipient: { party: CPO },
    });
  });

  it('has one line per CDR, traceable to it, at the net amount rounded once', () => {
    expect(charges!.lines.map((l) => [l.cdr?.cdr_id, l.net_minor, l.vat_rate_percent])).toEqual([
      ['CDR-1', '1000', '19'],
      ['CDR-2', '2000', '21'],
      ['CDR-3', '500', '19'],
    ]);
    expect(charges!.lines[0]!.note).toContain('contract NL-XYZ-C12345678-X');
  });

  it('breaks VAT down per category and rate of the country of supply', () => {
    expect(charges!.vat_breakdown).toEqual([
      expect.objectContaining({
        category: 'S',
        rate_percent: '19',
        taxable_minor: '1500',
        tax_minor: '285',
      }),
      expect.objectContaining({
        category: 'S',
        rate_percent: '21',
        taxable_minor: '2000',
        tax_minor: '420',
      }),
    ]);
    expect(charges!.totals).toMatchObject({
      line_net_minor: '3500',
      tax_exclusive_minor: '3500',
      vat_minor: '705',
      tax_inclusive_minor: '4205',
      payable_minor: '4205',
    });
    expect(invoiceArithmeticViolations(charges!)).toEqual([]);
  });

  it('charges the fees with the VAT of the CPO country (the customer of the fee)', () => {
    expect(fees!.lines.map((l) => [l.cdr?.cdr_id, l.net_minor])).toEqual([
      ['CDR-1', '20'],
      ['CDR-2', '20'],
      ['CDR-3', '20'],
    ]);
    expect(fees!.vat_breakdown).toMatchObject([
      { category: 'S', rate_percent: '19', tax_minor: '11' },
    ]);
  });

  it('rounding: VAT is rounded once per rate on the sum of the lines, not per line', () => {
    const small = januaryStatement([
      { cdr_id: 'A', excl_vat: '0.02', incl_vat: '0.02', fee: '0' },
      { cdr_id: 'B', excl_vat: '0.02', incl_vat: '0.02', fee: '0' },
      { cdr_id: 'C', excl_vat: '0.02', incl_vat: '0.02', fee: '0' },
    ]);
    const [invoice] = planInvoices(small, CONTEXT);
    // per line 0.0038 -> 0.00 each; on the total 0.06 x 19 % = 0.0114 -> 0.01
    expect(invoice!.vat_breakdown[0]!.tax_minor).toBe('1');
    expect(planInvoices(small, CONTEXT)).toHaveLength(1); // zero fees: no fee invoice
  });

  it('reverse charge: category AE, 0 %, exemption reason, both VAT ids, a note', () => {
    const rc = januaryStatement([{ cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' }], {
      vat_treatment: 'reverse_charge',
    });
    const [invoice, fee] = planInvoices(rc, CONTEXT);
    expect(invoice!.lines[0]).toMatchObject({
      net_minor: '1000',
      vat_category: 'AE',
      vat_rate_percent: '0',
    });
    expect(invoice!.vat_breakdown).toEqual([
      {
        category: 'AE',
        rate_percent: '0',
        taxable_minor: '1000',
        tax_minor: '0',
        exemption_reason: 'Reverse charge',
        exemption_reason_code: 'VATEX-EU-AE',
      },
    ]);
    expect(invoice!.totals.payable_minor).toBe('1000');
    expect(invoice!.notes[0]).toMatch(/^Reverse charge/);
    expect([invoice!.issuer.vat_id, invoice!.recipient.vat_id]).toEqual([
      'DE123456789',
      'NL123456789B01',
    ]);
    expect(fee!.vat_breakdown[0]!.category).toBe('AE');
  });

  it('a credit CDR of the same period is a negative line on the invoice', () => {
    const original = cdrEntry({
      cdr_id: 'CDR-1',
      posted_at: '2026-01-05T00:00:00Z',
      excl_vat: '10',
      incl_vat: '11.90',
    });
    const credit = creditEntry(original, 'CDR-1-C', '2026-01-06T00:00:00Z');
    const other = cdrEntry({
      cdr_id: 'CDR-2',
      posted_at: '2026-01-07T00:00:00Z',
      excl_vat: '3',
      incl_vat: '3.57',
    });
    const st = buildStatement(close({ entries: [original, credit, other] }), null);
    const [invoice] = planInvoices(st, CONTEXT);
    expect(invoice!.type).toBe('INVOICE');
    expect(
      invoice!.lines.map((l) => [l.cdr?.cdr_id, l.quantity, l.net_minor, l.price_minor]),
    ).toEqual([
      ['CDR-1', '1', '1000', '1000'],
      ['CDR-2', '1', '300', '300'],
      ['CDR-1-C', '-1', '-1000', '1000'],
    ]);
    expect(invoice!.totals.payable_minor).toBe('357');
  });

  it('a credit CDR after invoicing -> a credit note referencing the original invoice', () => {
    const [january] = planInvoices(statement, CONTEXT).map((draft, i) => issue(draft, i + 1));
    const january_fee = issue(planInvoices(statement, CONTEXT)[1]!, 7);
    const original = cdrEntry({
      cdr_id: 'CDR-2',
      posted_at: '2026-01-11T00:00:00Z',
      excl_vat: '20.00',
      incl_vat: '24.20',
      country_of_supply: 'NL',
    });
    const credit = creditEntry(original, 'CDR-2-C', '2026-02-03T00:00:00Z');
    const february = buildStatement(
      close({
        statement_id: 'ST-2026-02',
        period_end: '2026-03-01T00:00:00Z',
        closed_at: '2026-03-01T00:00:00Z',
        entries: [credit],
      }),
      statement,
    );
    expect(creditedCdrsToLookUp(february)).toEqual([{ ...CPO, cdr_id: 'CDR-2' }]);
    const invoiced_cdrs = [...invoicedCdrsOf(january!), ...invoicedCdrsOf(january_fee)];
    const [note, fee_note, ...none] = planInvoices(february, { ...CONTEXT, invoiced_cdrs });
    expect(none).toEqual([]);
    expect(note).toMatchObject({
      invoice_id: 'ST-2026-02-charges-DEABC-credit-1',
      type: 'CREDIT_NOTE',
      due_date: null,
      preceding_invoice: { number: 'DEABC-000001', issue_date: '2026-02-01' },
    });
    expect(note!.lines).toMatchObject([
      { cdr: { cdr_id: 'CDR-2-C' }, credit_of: 'CDR-2', net_minor: '2000', quantity: '1' },
    ]);
    expect(note!.totals.payable_minor).toBe('2420');
    expect(fee_note).toMatchObject({
      type: 'CREDIT_NOTE',
      kind: 'fees',
      preceding_invoice: { number: 'NLHUB-000007' },
      totals: { line_net_minor: '20' },
    });
  });

  it('an unknown country of supply under standard VAT is refused before anything is issued', () => {
    const abroad = januaryStatement([
      { cdr_id: 'US-1', excl_vat: '1', incl_vat: '1', country_of_supply: 'US' },
    ]);
    let caught: unknown;
    try {
      planInvoices(abroad, CONTEXT);
    } catch (error) {
      caught = error;
    }
    expect(DomainRejection.is(caught)).toBe(true);
    expect((caught as DomainRejection).code).toBe('vat_rate_unknown');
  });

  it('an unknown party gets its OCPI key as name', () => {
    const [invoice] = planInvoices(statement, { parties: [], invoiced_cdrs: [] });
    expect(invoice!.issuer).toMatchObject({
      name: 'DE/ABC',
      vat_id: null,
      electronic_address: null,
    });
  });
});
