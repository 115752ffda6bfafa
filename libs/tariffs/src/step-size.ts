/**
 * step_size as the errata edition of OCPI 2.2.1 defines it (mod_cdrs "step_size"): applied once
 * per session for ENERGY and once for TIME + PARKING_TIME together, to the total priced quantity
 * of the dimension of the last time-based priced quantity, with that last component's step; the
 * surplus is billed on the last priced quantity at its price. Reservation time is rounded on its
 * own. Unpriced (free) quantities are not counted.
 */
import {
  Dec,
  ZERO,
  decimalOf,
  fitsPrecision,
  plusExactly,
  pow10,
  type Decimal,
  type Scaled,
} from '#money';
import { withVolume, type PricedQuantity, type QuantityDimension } from './priced-quantities.js';

export type BilledQuantity = PricedQuantity;

const WH_PER_KWH = 1000;
const SECONDS_PER_HOUR = 3600;

export function applyStepSizes(quantities: readonly PricedQuantity[]): BilledQuantity[] {
  const billed = quantities.slice();
  roundUp(billed, 'CHARGING', 'ENERGY', WH_PER_KWH);
  const lastTime = lastTimeBased(billed);
  if (lastTime !== undefined) {
    roundUp(billed, 'CHARGING', lastTime.dimension, SECONDS_PER_HOUR);
  }
  roundUp(billed, 'RESERVATION', 'RESERVATION_TIME', SECONDS_PER_HOUR);
  return billed;
}

/** The last time-based quantity: latest end, PARKING_TIME after TIME at the same end. */
function lastTimeBased(quantities: readonly BilledQuantity[]): BilledQuantity | undefined {
  let last: BilledQuantity | undefined;
  for (const q of quantities) {
    if (q.context !== 'CHARGING' || (q.dimension !== 'TIME' && q.dimension !== 'PARKING_TIME')) {
      continue;
    }
    if (
      last === undefined ||
      q.end_ms > last.end_ms ||
      (q.end_ms === last.end_ms && (q.dimension === 'PARKING_TIME' || last.dimension === 'TIME'))
    ) {
      last = q;
    }
  }
  return last;
}

/** Rounds the selected quantities' total up to the last one's step (in `unitsPerVolume`). */
function roundUp(
  quantities: BilledQuantity[],
  context: 'CHARGING' | 'RESERVATION',
  dimension: QuantityDimension,
  unitsPerVolume: number,
): void {
  const selected: number[] = [];
  for (let index = 0; index < quantities.length; index += 1) {
    const q = quantities[index] as BilledQuantity;
    const inContext = context === 'CHARGING' ? q.context === 'CHARGING' : q.context !== 'CHARGING';
    if (inContext && q.dimension === dimension) {
      selected.push(index);
    }
  }
  const lastIndex = selected[selected.length - 1] ?? -1;
  const last = quantities[lastIndex];
  if (last === undefined || last.candidate.component.step_size <= 0) {
    return;
  }
  const step_size = last.candidate.component.step_size;
  const volumes = selected.map((index) => (quantities[index] as BilledQuantity).volume);
  const exact = exactSum(volumes);
  if (exact !== undefined && isWholeSteps(exact, unitsPerVolume, step_size)) {
    // No surplus: decimal.js would add an exact zero to the billed volume.
    return;
  }
  const total =
    exact === undefined
      ? volumes.reduce((sum, volume) => sum.plus(volume), ZERO)
      : decimalOf(exact);
  if (!total.isPositive()) {
    return;
  }
  const step = new Dec(step_size);
  const units = total.times(unitsPerVolume);
  const whole = units.dividedToIntegerBy(step).times(step);
  const billedUnits = whole.lt(units) ? whole.plus(step) : whole;
  const surplus = billedUnits.minus(units).dividedBy(unitsPerVolume);
  const billed = last.billed_volume.plus(surplus);
  quantities[lastIndex] = withVolume(last, last.end_ms, last.volume, billed);
}

/**
 * Is the total (>= 0) a whole number of steps in units, computed without rounding (total * units
 * having at most Dec.precision digits, as decimal.js would compute it exactly)?
 */
function isWholeSteps(total: Scaled, unitsPerVolume: number, step_size: number): boolean {
  if (total.units < 0n || !Number.isSafeInteger(step_size)) {
    return false;
  }
  const units = total.units * BigInt(unitsPerVolume);
  const stepUnits = BigInt(step_size) * pow10(total.scale);
  return fitsPrecision({ units, scale: total.scale }) && units % stepUnits === 0n;
}

/**
 * The exact sum of the volumes, as decimal.js would add them; undefined (the caller adds
 * Decimals) when a term is not finite or a partial sum has more digits than decimal.js keeps.
 */
function exactSum(volumes: readonly Decimal[]): Scaled | undefined {
  let sum: Scaled = { units: 0n, scale: 0 };
  for (const volume of volumes) {
    const next = plusExactly(sum, volume);
    if (next === undefined) {
      return undefined;
    }
    sum = next;
  }
  return sum;
}
