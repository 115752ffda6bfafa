import { buildStatement } from '#settlement';
import { planDriverInvoices } from './driver-invoices.js';
import type { Invoice, InvoiceDraft } from './invoice.js';
import { planInvoices } from './invoice-drafts.js';
import { renderUblInvoice } from './ubl-invoice.js';
import {
  EN16931_RULES_PRESENT,
  EN16931_SKIP_REASON,
  en16931FatalAsserts,
} from './test-support/en16931-validation.js';
import {
  CONTEXT,
  PARTIES,
  cdrEntry,
  close,
  creditEntry,
  issue,
  terms,
} from './test-support/invoice-fixtures.js';
import { closePeriods } from './test-support/ledger-and-documents.js';
import { adjustmentEntry, multiRateEntry, receivedOf } from './test-support/multi-rate-fixtures.js';
import { NOT_VAT_NOTE } from './vat-rates.js';

/**
 * Every document type the ledger issues, run through the official CEN/TC 434 UBL rules
 * (../shared/en16931, SaxonJS): zero fatal assertions; a failure names the first fatal rule.
 */
const FEB = {
  statement_id: 'ST-2026-02',
  period_end: '2026-03-01T00:00:00Z',
  closed_at: '2026-03-01T00:05:00Z',
};

const multi = multiRateEntry({
  cdr_id: 'CDR-M',
  posted_at: '2026-01-10T10:00:00Z',
  parts: [
    { type: 'FLAT', excl_vat: '3.00', vat: '10' },
    { type: 'ENERGY', excl_vat: '2.50', vat: '12' },
    { type: 'PARKING_TIME', excl_vat: '1.2345', vat: '19' },
  ],
});
const single = cdrEntry({
  cdr_id: 'CDR-S',
  posted_at: '2026-01-10T11:00:00Z',
  excl_vat: '10.00',
  incl_vat: '11.90',
});
// A 2.3.0 CDR: 5.00 before taxes, 19 % VAT (0.95) and a tax that is not VAT (0.10).
const stated_taxes = [
  { name: 'VAT', account_number: null, percentage: '19', amount: '0.95', is_vat: true },
  { name: 'City EV levy', account_number: 'L-1', percentage: '2', amount: '0.10', is_vat: false },
];
const taxed = multiRateEntry({
  cdr_id: 'CDR-T',
  posted_at: '2026-01-10T12:00:00Z',
  parts: [{ type: 'ENERGY', excl_vat: '5.00', vat: '19' }],
  claimed_incl_vat: '6.05',
  stated_taxes,
});

const [january, february] = closePeriods([
  close({ entries: [multi, single, taxed] }),
  close({
    ...FEB,
    entries: [
      creditEntry(multi, 'CDR-M-C', '2026-02-02T00:00:00Z'),
      adjustmentEntry(single, 'DSP-UP', '2026-02-03T00:00:00Z', {
        excl_vat: '12.00',
        incl_vat: '14.28',
      }),
      adjustmentEntry(taxed, 'DSP-DOWN', '2026-02-04T00:00:00Z', {
        excl_vat: '4.00',
        incl_vat: '4.84',
      }),
    ],
  }),
]) as [ReturnType<typeof closePeriods>[number], ReturnType<typeof closePeriods>[number]];

const find = (drafts: readonly InvoiceDraft[], pick: (d: InvoiceDraft) => boolean) => {
  const found = drafts.find(pick);
  if (found === undefined) throw new Error('document not planned');
  return issue(found);
};

const reverse_charge = planInvoices(
  buildStatement(
    close({
      entries: [{ ...cdrEntry({ ...single, cdr_id: 'CDR-R', excl_vat: '10.00', incl_vat: '10.00', posted_at: '2026-01-10T00:00:00Z', reverse_charge: true }) }],
      terms: terms({ vat_treatment: 'reverse_charge' }),
    }),
    null,
  ),
  CONTEXT,
); // prettier-ignore

const driver = planDriverInvoices(
  buildStatement(close({ entries: [multi, single] }), null),
  { markup_percent: '10', fee_per_session: '0.50' },
  { parties: PARTIES, drivers: [], invoiced_cdrs: [] },
);

const DOCUMENTS: [string, Invoice][] = [
  ['B2B invoice at several VAT rates and a tax that is not VAT', find(january.drafts, (d) => d.kind === 'cdr_charges')],
  ['fee invoice', find(january.drafts, (d) => d.kind === 'fees' && d.type === 'INVOICE')],
  ['credit note of a multi-rate CDR', find(february.drafts, (d) => d.kind === 'cdr_charges' && d.invoice_id.endsWith('-credit-1'))],
  ['corrective invoice (adjustment up)', find(february.drafts, (d) => d.kind === 'cdr_charges' && d.invoice_id.includes('adjustment-debit'))],
  ['credit note of an adjustment down', find(february.drafts, (d) => d.kind === 'cdr_charges' && d.invoice_id.includes('adjustment-credit'))],
  ['fee credit note', find(february.drafts, (d) => d.kind === 'fees' && d.type === 'CREDIT_NOTE')],
  ['reverse charge invoice', issue(reverse_charge[0]!)],
  ['reverse charge fee invoice', issue(reverse_charge[1]!)],
  ['driver invoice', issue(driver[0]!)],
]; // prettier-ignore

describe('EN 16931 for every document type (issue 13)', () => {
  it('carries one VAT breakdown per stated rate and the non-VAT tax at category E', () => {
    expect(receivedOf({ cdr_id: 'x', posted_at: 'x', parts: [], stated_taxes }).ocpi_version).toBe(
      '2.3.0',
    );
    const invoice = DOCUMENTS[0]![1];
    expect(invoice.vat_breakdown.map((v) => [v.category, v.rate_percent, v.taxable_minor])).toEqual(
      [
        ['S', '10', '300'],
        ['S', '12', '250'],
        ['S', '19', '1624'],
        ['E', '0', '10'],
      ],
    );
    expect(invoice.vat_breakdown[3]!.exemption_reason).toBe(NOT_VAT_NOTE);
    expect(invoice.lines.map((l) => l.item_name)).toContain(
      'EV charging session, CDR CDR-T: City EV levy',
    );
    // Every split CDR's parts sum to what the ledger settled.
    for (const line of january.statement.cdr_lines) {
      const parts = line.vat_split ?? [];
      if (parts.length > 0) {
        const total = parts.reduce((sum, p) => sum + BigInt(p.amount_minor), 0n);
        expect(total.toString()).toBe(line.amount_minor);
      }
    }
  });

  (EN16931_RULES_PRESENT ? it : it.skip)(
    EN16931_RULES_PRESENT ? 'every document passes the official rules (zero fatal)' : EN16931_SKIP_REASON,
    () => {
      for (const [name, doc] of DOCUMENTS) {
        const first = en16931FatalAsserts(renderUblInvoice(doc))[0];
        expect(first === undefined ? `${name}: passes` : `${name}: first fatal ${first}`).toBe(
          `${name}: passes`,
        );
      }
    },
    300_000,
  ); // prettier-ignore
});
