/**
 * The cost totals per kind (fixed, energy, time, parking, reservation) and overall, summed in
 * breakdown order. exactTotals adds scaled integers and gives exactly sumByKind's Decimals: it
 * is used only when every breakdown amount is known exactly and every partial sum has at most
 * Dec.precision digits (where decimal.js's additions are exact as well); otherwise it declines.
 */
import { decimalOf, fitsPrecision, plusScaled, type Scaled } from '#money';
import { addAmounts, ZERO_AMOUNT, type PricedAmount } from './amounts.js';
import type { Amount, BreakdownEntry } from './price-result.js';

export interface Totals {
  total: Amount;
  fixed: Amount | null;
  energy: Amount | null;
  time: Amount | null;
  parking: Amount | null;
  reservation: Amount | null;
}

type Kind = Exclude<keyof Totals, 'total'>;
const KINDS: readonly Kind[] = ['fixed', 'energy', 'time', 'parking', 'reservation'];

interface ExactAmount {
  readonly excl_vat: Scaled;
  readonly incl_vat: Scaled;
}

/** A running exact sum; `single` is its only term's Amount (reused: Decimals are immutable). */
interface ExactSum {
  readonly exact: ExactAmount;
  readonly single: Amount | undefined;
}

function emptyTotals(): Totals {
  return {
    total: ZERO_AMOUNT,
    fixed: null,
    energy: null,
    time: null,
    parking: null,
    reservation: null,
  };
}

/** The reference: decimal.js additions. */
export function sumByKind(breakdown: readonly BreakdownEntry[]): Totals {
  const totals = emptyTotals();
  for (const entry of breakdown) {
    const kind = kindOf(entry);
    totals[kind] = addAmounts(totals[kind] ?? ZERO_AMOUNT, entry.amount);
  }
  for (const kind of KINDS) {
    const sum = totals[kind];
    totals.total = sum === null ? totals.total : addAmounts(totals.total, sum);
  }
  return totals;
}

/** sumByKind's result from the exact amounts; undefined when that is not provably identical. */
export function exactTotals(
  breakdown: readonly BreakdownEntry[],
  amounts: readonly PricedAmount[],
): Totals | undefined {
  // Every key present from the start: one object shape, whatever the kinds' order.
  const sums: Record<Kind, ExactSum | undefined> = {
    fixed: undefined,
    energy: undefined,
    time: undefined,
    parking: undefined,
    reservation: undefined,
  };
  for (let k = 0; k < breakdown.length; k += 1) {
    const priced = amounts[k];
    if (priced?.exact === undefined) {
      return undefined;
    }
    const kind = kindOf(breakdown[k] as BreakdownEntry);
    const sum = sums[kind];
    if (sum === undefined) {
      sums[kind] = { exact: priced.exact, single: priced.amount };
      continue;
    }
    const exact = addExact(sum.exact, priced.exact);
    if (exact === undefined) {
      return undefined;
    }
    sums[kind] = { exact, single: undefined };
  }
  const totals = emptyTotals();
  let total: ExactSum | undefined;
  for (const kind of KINDS) {
    const sum = sums[kind];
    if (sum === undefined) {
      continue;
    }
    const amount = sum.single ?? decimalAmount(sum.exact);
    totals[kind] = amount;
    const exact = total === undefined ? sum.exact : addExact(total.exact, sum.exact);
    if (exact === undefined) {
      return undefined;
    }
    total = { exact, single: total === undefined ? amount : undefined };
  }
  totals.total = total === undefined ? ZERO_AMOUNT : (total.single ?? decimalAmount(total.exact));
  return totals;
}

function addExact(a: ExactAmount, b: ExactAmount): ExactAmount | undefined {
  const excl_vat = plusScaled(a.excl_vat, b.excl_vat);
  const incl_vat = plusScaled(a.incl_vat, b.incl_vat);
  return fitsPrecision(excl_vat) && fitsPrecision(incl_vat) ? { excl_vat, incl_vat } : undefined;
}

function decimalAmount(value: ExactAmount): Amount {
  const excl_vat = decimalOf(value.excl_vat);
  return {
    excl_vat,
    incl_vat: value.incl_vat === value.excl_vat ? excl_vat : decimalOf(value.incl_vat),
  };
}

function kindOf(entry: BreakdownEntry): Kind {
  if (entry.context !== 'CHARGING') {
    return 'reservation';
  }
  switch (entry.dimension) {
    case 'FLAT':
      return 'fixed';
    case 'ENERGY':
      return 'energy';
    case 'TIME':
      return 'time';
    case 'PARKING_TIME':
      return 'parking';
    case 'RESERVATION_TIME':
      return 'reservation';
    default: {
      const unreachable: never = entry.dimension;
      throw new Error(`unknown dimension ${String(unreachable)}`);
    }
  }
}
