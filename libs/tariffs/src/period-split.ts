import { Dec, type Decimal } from '#money';
import { priceCdr, type PriceCdrInput } from './price-cdr.js';
import type { PriceResult } from './price-result.js';

/**
 * The charging periods that span a price-relevant boundary of the tariff (a time-of-day change,
 * a kWh or duration threshold, ... inside one period, where OCPI says the CPO SHALL start a new
 * period): those whose amount priced pro rata (the ledger's `period_split` default) differs from
 * the amount priced at the conditions of the period's start (what many pricers do). Indexes in
 * CDR order; empty when the two agree for every period.
 */
export function periodsSpanningPriceBoundaries(
  input: PriceCdrInput,
  /** The CDR priced already with the default policies (PRO_RATA), to be reused. */
  priced?: PriceResult,
): number[] {
  // Without restrictions nothing changes inside a period: no need to price twice.
  if (input.tariff.elements.every((element) => element.restrictions === undefined)) return [];
  const pro_rata = periodAmounts(
    priced ?? priceCdr({ ...input, policies: { period_split: 'PRO_RATA' } }),
  );
  const at_start = periodAmounts(
    priceCdr({ ...input, policies: { period_split: 'PERIOD_START' } }),
  );
  const indexes = new Set([...pro_rata.keys(), ...at_start.keys()]);
  return [...indexes]
    .filter((index) => !(pro_rata.get(index) ?? ZERO).equals(at_start.get(index) ?? ZERO))
    .sort((a, b) => a - b);
}

const ZERO = new Dec(0);

function periodAmounts(result: PriceResult): Map<number, Decimal> {
  const amounts = new Map<number, Decimal>();
  for (const entry of result.breakdown) {
    const sum = amounts.get(entry.period_index) ?? ZERO;
    amounts.set(entry.period_index, sum.plus(entry.amount.excl_vat));
  }
  return amounts;
}
