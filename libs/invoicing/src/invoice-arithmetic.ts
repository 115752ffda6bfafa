import { Dec, formatMinorUnits, fromMinorUnits, type RoundingPolicy, toMinorUnits } from '#money';
import type {
  Invoice,
  InvoiceDraft,
  InvoiceLine,
  InvoiceSummary,
  InvoiceTotals,
  VatBreakdownEntry,
} from './invoice.js';
import { NOT_VAT_NOTE, REVERSE_CHARGE_EXEMPTION_CODE, REVERSE_CHARGE_NOTE } from './vat-rates.js';

/**
 * EN 16931 document arithmetic, with this ROUNDING POLICY:
 * - each line net amount (BT-131) is already in minor units: one rounding per CDR or fee, by the
 *   agreement's policy, the same rounding the ledger applied when it posted the CDR;
 * - VAT is never rounded per line: per VAT category and rate the tax amount (BT-117) is the
 *   taxable amount (BT-116, the sum of the rounded line nets) times the rate, rounded ONCE to
 *   minor units by the agreement's policy ("rounded total", BR-CO-17);
 * - all totals are then exact sums of minor units (BR-CO-10, -13, -14, -15, -16), so no rounding
 *   amount (BT-114) is ever needed: it is always 0.
 */
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

function vatKey(line: Pick<InvoiceLine, 'vat_category' | 'vat_rate_percent'>): string {
  return `${line.vat_category}:${new Dec(line.vat_rate_percent).toFixed()}`;
}

/** BT-117 for one breakdown entry (BR-CO-17). */
export function vatCategoryTaxMinor(
  taxable_minor: bigint,
  rate_percent: string,
  currency: string,
  rounding: RoundingPolicy,
): bigint {
  const taxable = fromMinorUnits(taxable_minor, currency);
  return toMinorUnits(taxable.times(rate_percent).dividedBy(100), currency, rounding);
}

/** The VAT breakdown (BG-23), one entry per (category, rate), in order of first appearance. */
export function vatBreakdown(
  lines: readonly InvoiceLine[],
  currency: string,
  rounding: RoundingPolicy,
): VatBreakdownEntry[] {
  const groups = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    // Pushed in place: copying the group per line made a 100,000-line close quadratic.
    const key = vatKey(line);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [line]);
    else group.push(line);
  }
  return [...groups.values()].map((group) => {
    const { vat_category, vat_rate_percent } = group[0]!;
    const taxable = sum(group.map((line) => BigInt(line.net_minor)));
    const reverse = vat_category === 'AE';
    const exempt = vat_category === 'E';
    return {
      category: vat_category,
      rate_percent: vat_rate_percent,
      taxable_minor: taxable.toString(),
      tax_minor: vatCategoryTaxMinor(taxable, vat_rate_percent, currency, rounding).toString(),
      exemption_reason: reverse ? REVERSE_CHARGE_NOTE : exempt ? NOT_VAT_NOTE : null,
      exemption_reason_code: reverse ? REVERSE_CHARGE_EXEMPTION_CODE : null,
    };
  });
}

/** Document totals (BG-22) from the lines and the VAT breakdown. */
export function invoiceTotals(
  lines: readonly InvoiceLine[],
  breakdown: readonly VatBreakdownEntry[],
): InvoiceTotals {
  const line_net = sum(lines.map((line) => BigInt(line.net_minor)));
  const allowances = 0n;
  const charges = 0n;
  const tax_exclusive = line_net - allowances + charges;
  const vat = sum(breakdown.map((entry) => BigInt(entry.tax_minor)));
  const tax_inclusive = tax_exclusive + vat;
  const prepaid = 0n;
  const rounding = 0n;
  return {
    line_net_minor: line_net.toString(),
    allowances_minor: allowances.toString(),
    charges_minor: charges.toString(),
    tax_exclusive_minor: tax_exclusive.toString(),
    vat_minor: vat.toString(),
    tax_inclusive_minor: tax_inclusive.toString(),
    prepaid_minor: prepaid.toString(),
    rounding_minor: rounding.toString(),
    payable_minor: (tax_inclusive - prepaid + rounding).toString(),
  };
}

/**
 * The EN 16931 arithmetic rules BR-CO-10 .. BR-CO-17 checked on a document; an empty list when
 * it satisfies them all. Used as an invariant before issuing, and by the property tests.
 */
export function invoiceArithmeticViolations(document: InvoiceDraft): string[] {
  const { totals, lines, vat_breakdown, currency, rounding } = document;
  const t = (value: string) => BigInt(value);
  const violations: string[] = [];
  const check = (rule: string, holds: boolean) => {
    if (!holds) violations.push(rule);
  };
  check('BR-CO-10', t(totals.line_net_minor) === sum(lines.map((l) => t(l.net_minor))));
  check('BR-CO-11', t(totals.allowances_minor) === 0n);
  check('BR-CO-12', t(totals.charges_minor) === 0n);
  check(
    'BR-CO-13',
    t(totals.tax_exclusive_minor) ===
      t(totals.line_net_minor) - t(totals.allowances_minor) + t(totals.charges_minor),
  );
  check('BR-CO-14', t(totals.vat_minor) === sum(vat_breakdown.map((v) => t(v.tax_minor))));
  check(
    'BR-CO-15',
    t(totals.tax_inclusive_minor) === t(totals.tax_exclusive_minor) + t(totals.vat_minor),
  );
  check(
    'BR-CO-16',
    t(totals.payable_minor) ===
      t(totals.tax_inclusive_minor) - t(totals.prepaid_minor) + t(totals.rounding_minor),
  );
  for (const entry of vat_breakdown) {
    const expected = vatCategoryTaxMinor(
      t(entry.taxable_minor),
      entry.rate_percent,
      currency,
      rounding,
    );
    check(`BR-CO-17 (${entry.category} ${entry.rate_percent} %)`, t(entry.tax_minor) === expected);
    const taxable = lines.filter(
      (l) =>
        vatKey(l) ===
        vatKey({ vat_category: entry.category, vat_rate_percent: entry.rate_percent }),
    );
    check(
      `BR-S/AE-08 (${entry.category})`,
      t(entry.taxable_minor) === sum(taxable.map((l) => t(l.net_minor))),
    );
  }
  return violations;
}

export function invoiceSummary(invoice: Invoice): InvoiceSummary {
  const amount = (minor: string) => formatMinorUnits(BigInt(minor), invoice.currency);
  return {
    id: invoice.invoice_id,
    number: invoice.number,
    type: invoice.type,
    issuer: invoice.issuer.party,
    recipient: invoice.recipient.party ?? { contract_id: invoice.recipient.contract_id ?? '' },
    currency: invoice.currency,
    issue_date: invoice.issue_date,
    total_excl_vat: amount(invoice.totals.tax_exclusive_minor),
    total_vat: amount(invoice.totals.vat_minor),
    total_incl_vat: amount(invoice.totals.tax_inclusive_minor),
    statement_id: invoice.statement_id,
  };
}
