/** Amounts of billed quantities, VAT per component, totals and the min/max price clamp. */
import { Dec, ONE, ZERO, type Decimal } from '../../money/src/index.js';
import type { PriceComponent, PriceLimit, TaxIncluded } from './model.js';
import type { Amount, LimitApplied } from './price-result.js';
import type { BilledQuantity } from './step-size.js';

const HUNDRED = new Dec(100);
export const ZERO_AMOUNT: Amount = { excl_vat: ZERO, incl_vat: ZERO };

/**
 * How a component's price becomes excl. / incl. VAT amounts, prepared once per tariff.
 * "no VAT given" is not 0 %: without a VAT rate incl_vat equals excl_vat.
 */
export type VatRule =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'ADD'; readonly factor: Decimal }
  | { readonly kind: 'INCLUDED'; readonly divisor: Decimal };

export function vatRule(component: PriceComponent, tax_included: TaxIncluded | undefined): VatRule {
  const vat = component.vat;
  if (vat === undefined || tax_included === 'N/A') {
    return { kind: 'NONE' };
  }
  if (tax_included === 'YES') {
    return { kind: 'INCLUDED', divisor: HUNDRED.plus(vat).dividedBy(HUNDRED) };
  }
  // (100 + vat) / 100 always terminates: the factor is exact.
  return { kind: 'ADD', factor: HUNDRED.plus(vat).dividedBy(HUNDRED) };
}

export function amountOf(q: BilledQuantity): Amount {
  const { component, vat_rule } = q.candidate;
  // Prices are per kWh, per hour or per session; volumes are kWh, hours or 1.
  const gross = q.dimension === 'FLAT' ? component.price : component.price.times(q.billed_volume);
  switch (vat_rule.kind) {
    case 'NONE':
      return { excl_vat: gross, incl_vat: gross };
    case 'ADD':
      return { excl_vat: gross, incl_vat: gross.times(vat_rule.factor) };
    case 'INCLUDED':
      return { excl_vat: gross.dividedBy(vat_rule.divisor), incl_vat: gross };
    default: {
      const unreachable: never = vat_rule;
      throw new Error(`unknown VAT rule ${String(unreachable)}`);
    }
  }
}

export function addAmounts(a: Amount, b: Amount): Amount {
  return { excl_vat: a.excl_vat.plus(b.excl_vat), incl_vat: a.incl_vat.plus(b.incl_vat) };
}

export interface ClampedTotal {
  readonly amount: Amount;
  readonly applied: { readonly excl_vat: LimitApplied; readonly incl_vat: LimitApplied };
}

/**
 * min_price and max_price bound the excl. VAT and the incl. VAT totals independently. A limit
 * without an incl. VAT value bounds incl. VAT at its excl. VAT value times the session's effective
 * VAT ratio (incl / excl; 1 when the session costs nothing excl. VAT).
 */
export function clampTotal(
  total: Amount,
  min: PriceLimit | undefined,
  max: PriceLimit | undefined,
): ClampedTotal {
  // The ratio is a division to full precision: computed only when a limit lacks incl_vat.
  const ratio = () => (total.excl_vat.isZero() ? ONE : total.incl_vat.dividedBy(total.excl_vat));
  const inclLimit = (limit: PriceLimit | undefined) =>
    limit === undefined ? undefined : (limit.incl_vat ?? limit.excl_vat.times(ratio()));
  const excl = clamp(total.excl_vat, min?.excl_vat, max?.excl_vat);
  const incl = clamp(total.incl_vat, inclLimit(min), inclLimit(max));
  return {
    amount: { excl_vat: excl.value, incl_vat: incl.value },
    applied: { excl_vat: excl.applied, incl_vat: incl.applied },
  };
}

function clamp(
  value: Decimal,
  min: Decimal | undefined,
  max: Decimal | undefined,
): { value: Decimal; applied: LimitApplied } {
  if (max !== undefined && value.gt(max)) {
    return { value: max, applied: 'MAX_PRICE' };
  }
  if (min !== undefined && value.lt(min)) {
    return { value: min, applied: 'MIN_PRICE' };
  }
  return { value, applied: null };
}
