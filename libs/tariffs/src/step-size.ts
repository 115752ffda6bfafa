/**
 * step_size as the errata edition of OCPI 2.2.1 defines it (mod_cdrs "step_size"): applied once
 * per session for ENERGY and once for TIME + PARKING_TIME together, to the total priced quantity
 * of the dimension of the last time-based priced quantity, with that last component's step; the
 * surplus is billed on the last priced quantity at its price. Reservation time is rounded on its
 * own. Unpriced (free) quantities are not counted.
 */
import { Dec, ZERO } from '../../money/src/index.js';
import type { PricedQuantity, QuantityDimension } from './priced-quantities.js';

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
  let total = ZERO;
  let lastIndex = -1;
  for (let index = 0; index < quantities.length; index += 1) {
    const q = quantities[index] as BilledQuantity;
    const inContext = context === 'CHARGING' ? q.context === 'CHARGING' : q.context !== 'CHARGING';
    if (inContext && q.dimension === dimension) {
      total = total.plus(q.volume);
      lastIndex = index;
    }
  }
  const last = quantities[lastIndex];
  if (last === undefined || last.candidate.component.step_size <= 0 || !total.isPositive()) {
    return;
  }
  const step = new Dec(last.candidate.component.step_size);
  const units = total.times(unitsPerVolume);
  const whole = units.dividedToIntegerBy(step).times(step);
  const billedUnits = whole.lt(units) ? whole.plus(step) : whole;
  const surplus = billedUnits.minus(units).dividedBy(unitsPerVolume);
  quantities[lastIndex] = { ...last, billed_volume: last.billed_volume.plus(surplus) };
}
