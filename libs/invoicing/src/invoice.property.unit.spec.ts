import fc from 'fast-check';
import { Dec, ROUNDING_POLICIES, toMinorUnits } from '#money';
import { buildStatement, type StatementEntry } from '#settlement';
import { invoiceArithmeticViolations } from './invoice-arithmetic.js';
import { planInvoices } from './invoice-drafts.js';
import { planDriverInvoices } from './driver-invoices.js';
import type { Invoice } from './invoice.js';
import { renderUblInvoice } from './ubl-invoice.js';
import { STANDARD_VAT_RATES_PERCENT } from './vat-rates.js';
import {
  CONTEXT,
  cdrEntry,
  close,
  creditEntry,
  issue,
  terms,
} from './test-support/invoice-fixtures.js';
import { child, children, parseXml, text } from './test-support/xml-reading.js';

/** EN 16931 arithmetic (BR-CO-10 .. BR-CO-17) on generated statements, model and XML alike. */
const cdrArbitrary = fc.record({
  excl_vat_ten_thousandths: fc.integer({ min: 0, max: 10_000_000 }),
  country: fc.constantFrom(...Object.keys(STANDARD_VAT_RATES_PERCENT)),
  fee_cents: fc.integer({ min: 0, max: 500 }),
  credited: fc.boolean(),
});

const statementArbitrary = fc.record({
  cdrs: fc.array(cdrArbitrary, { minLength: 1, maxLength: 12 }),
  vat_treatment: fc.constantFrom('standard' as const, 'reverse_charge' as const),
  rounding: fc.constantFrom(...ROUNDING_POLICIES),
});

function decimalOf(ten_thousandths: number): string {
  const whole = Math.trunc(ten_thousandths / 10_000);
  return `${whole}.${String(ten_thousandths % 10_000).padStart(4, '0')}`;
}

type Generated = typeof statementArbitrary extends fc.Arbitrary<infer T> ? T : never;

function documentsOf(generated: Generated): Invoice[] {
  const entries: StatementEntry[] = [];
  generated.cdrs.forEach((cdr, index) => {
    const amount = decimalOf(cdr.excl_vat_ten_thousandths);
    const entry = cdrEntry({
      cdr_id: `CDR-${index}`,
      posted_at: `2026-01-10T00:${String(index).padStart(2, '0')}:00Z`,
      excl_vat: amount,
      incl_vat: amount,
      fee: `0.${String(cdr.fee_cents).padStart(3, '0')}`,
      reverse_charge: generated.vat_treatment === 'reverse_charge',
      country_of_supply: cdr.country,
      rounding: generated.rounding,
    });
    entries.push(entry);
    if (cdr.credited) {
      entries.push(
        creditEntry(entry, `CDR-${index}-C`, `2026-01-20T00:${String(index).padStart(2, '0')}:00Z`),
      );
    }
  });
  const { vat_treatment, rounding } = generated;
  const statement = buildStatement(
    close({ entries, terms: terms({ vat_treatment, rounding }) }),
    null,
  );
  const drivers = planDriverInvoices(
    statement,
    { markup_percent: '7.5', fee_per_session: '0.35' },
    { ...CONTEXT, drivers: [] },
  );
  return [...planInvoices(statement, CONTEXT), ...drivers].map((draft, i) => issue(draft, i + 1));
}

function checkXmlArithmetic(invoice: Invoice): void {
  const credit = invoice.type === 'CREDIT_NOTE';
  const root = child(parseXml(renderUblInvoice(invoice)), credit ? 'CreditNote' : 'Invoice');
  const dec = (value: string | undefined) => new Dec(value ?? 'NaN');
  const total = (name: string) => dec(text(root, 'cac:LegalMonetaryTotal', name));
  const lines = children(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  const line_sum = lines.reduce(
    (s: InstanceType<typeof Dec>, l) => s.plus(dec(text(l, 'cbc:LineExtensionAmount'))),
    new Dec(0),
  );
  expect(total('cbc:LineExtensionAmount').equals(line_sum)).toBe(true); // BR-CO-10
  const expected_109 = total('cbc:LineExtensionAmount')
    .minus(total('cbc:AllowanceTotalAmount'))
    .plus(total('cbc:ChargeTotalAmount'));
  expect(total('cbc:TaxExclusiveAmount').equals(expected_109)).toBe(true); // BR-CO-13
  const subtotals = children(child(root, 'cac:TaxTotal'), 'cac:TaxSubtotal');
  const vat_sum = subtotals.reduce(
    (s: InstanceType<typeof Dec>, st) => s.plus(dec(text(st, 'cbc:TaxAmount'))),
    new Dec(0),
  );
  const vat_total = dec(text(root, 'cac:TaxTotal', 'cbc:TaxAmount'));
  expect(vat_total.equals(vat_sum)).toBe(true); // BR-CO-14
  const expected_112 = total('cbc:TaxExclusiveAmount').plus(vat_total);
  expect(total('cbc:TaxInclusiveAmount').equals(expected_112)).toBe(true); // BR-CO-15
  const expected_115 = total('cbc:TaxInclusiveAmount')
    .minus(total('cbc:PrepaidAmount'))
    .plus(total('cbc:PayableRoundingAmount'));
  expect(total('cbc:PayableAmount').equals(expected_115)).toBe(true); // BR-CO-16
  for (const subtotal of subtotals) {
    const taxable = dec(text(subtotal, 'cbc:TaxableAmount'));
    const rate = dec(text(subtotal, 'cac:TaxCategory', 'cbc:Percent'));
    const tax = toMinorUnits(taxable.times(rate).dividedBy(100), 'EUR', invoice.rounding);
    expect(dec(text(subtotal, 'cbc:TaxAmount')).times(100).toFixed(0)).toBe(tax.toString()); // BR-CO-17
  }
  for (const line of lines) {
    const quantity = dec(text(line, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity'));
    const price = dec(text(line, 'cac:Price', 'cbc:PriceAmount'));
    expect(price.isNegative()).toBe(false); // BR-27
    expect(dec(text(line, 'cbc:LineExtensionAmount')).equals(quantity.times(price))).toBe(true);
  }
}

describe('EN 16931 arithmetic on generated invoices', () => {
  it('every planned document satisfies BR-CO-10 .. BR-CO-17 in the model', () => {
    fc.assert(
      fc.property(statementArbitrary, (generated) => {
        for (const invoice of documentsOf(generated)) {
          expect(invoiceArithmeticViolations(invoice)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('and in the rendered UBL XML, read back', () => {
    fc.assert(
      fc.property(statementArbitrary, (generated) => {
        for (const invoice of documentsOf(generated)) checkXmlArithmetic(invoice);
      }),
      { numRuns: 50 },
    );
  });

  it('the CDR invoice charges exactly the statement amounts excl. VAT', () => {
    fc.assert(
      fc.property(statementArbitrary, (generated) => {
        const [charges] = documentsOf(generated);
        const expected = generated.cdrs
          .filter((cdr) => !cdr.credited)
          .map((cdr) =>
            toMinorUnits(decimalOf(cdr.excl_vat_ten_thousandths), 'EUR', generated.rounding),
          )
          .reduce((a, b) => a + b, 0n);
        expect(BigInt(charges!.totals.line_net_minor)).toBe(expected);
      }),
    );
  });
});
