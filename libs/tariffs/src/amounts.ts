/** Amounts of billed quantities, VAT per component, totals and the min/max price clamp. */
import {
  Dec,
  ONE,
  ZERO,
  decimalOf,
  fitsPrecision,
  normalisedScaled,
  scaledOf,
  timesScaled,
  type Decimal,
  type Scaled,
} from '#money';
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
  // (100 + vat) / 100 always terminates: the factor is exact.
  const factor = HUNDRED.plus(vat).dividedBy(HUNDRED);
  return tax_included === 'YES' ? { kind: 'INCLUDED', divisor: factor } : { kind: 'ADD', factor };
}

/**
 * A component's price and VAT factor as exact scaled integers, prepared once per tariff for the
 * fast path of amountOf. Undefined where that path does not apply: prices incl. VAT (excl. VAT
 * is a division) and negative prices or factors (decimal.js keeps the sign of a zero product).
 */
export interface ExactPricing {
  readonly price: Scaled;
  /** undefined: no VAT, incl. VAT equals excl. VAT. */
  readonly vat_factor: Scaled | undefined;
}

export function exactPricing(component: PriceComponent, rule: VatRule): ExactPricing | undefined {
  const price = scaledOf(component.price);
  if (rule.kind === 'INCLUDED' || price === undefined || price.units < 0n) {
    return undefined;
  }
  if (rule.kind === 'NONE') {
    return { price: normalisedScaled(price), vat_factor: undefined };
  }
  const factor = scaledOf(rule.factor);
  if (factor === undefined || factor.units < 0n) {
    return undefined;
  }
  return { price: normalisedScaled(price), vat_factor: normalisedScaled(factor) };
}

/** An amount with its exact scaled value when the fast path computed it. */
export interface PricedAmount {
  readonly amount: Amount;
  readonly exact: { readonly excl_vat: Scaled; readonly incl_vat: Scaled } | undefined;
}

/**
 * The amount of a billed quantity. Exactly plainAmountOf's result: the fast path multiplies
 * scaled integers and is taken only when every product decimal.js would form has at most
 * Dec.precision digits, so that decimal.js would not have rounded either.
 */
export function amountOf(q: BilledQuantity): PricedAmount {
  const exact = q.candidate.exact;
  if (exact !== undefined) {
    const priced = exactAmountOf(q, exact);
    if (priced !== undefined) {
      return priced;
    }
  }
  return { amount: plainAmountOf(q), exact: undefined };
}

function exactAmountOf(q: BilledQuantity, exact: ExactPricing): PricedAmount | undefined {
  const price = q.candidate.component.price;
  let gross = exact.price;
  let grossDecimal = price;
  if (q.dimension !== 'FLAT') {
    const volume = scaledOf(q.billed_volume);
    if (volume === undefined || volume.units < 0n) {
      return undefined;
    }
    gross = timesScaled(exact.price, volume);
    if (!fitsPrecision(gross)) {
      return undefined;
    }
    grossDecimal = decimalOf(gross);
  }
  if (exact.vat_factor === undefined) {
    return {
      amount: { excl_vat: grossDecimal, incl_vat: grossDecimal },
      exact: { excl_vat: gross, incl_vat: gross },
    };
  }
  const incl = timesScaled(gross, exact.vat_factor);
  if (!fitsPrecision(incl)) {
    return undefined;
  }
  return {
    amount: { excl_vat: grossDecimal, incl_vat: decimalOf(incl) },
    exact: { excl_vat: gross, incl_vat: incl },
  };
}

/** The amount in decimal.js arithmetic: the reference the fast path must equal. */
export function plainAmountOf(q: BilledQuantity): Amount {
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
