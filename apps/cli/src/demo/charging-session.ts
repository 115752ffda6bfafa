/**
 * One charging session of the demo month as the CPO's backend would report it: when the car
 * plugged in (local wall-clock time at the Location), how much energy it took, how long it
 * charged and how long it stayed plugged in afterwards (idle, billed as parking time).
 */
import { DateTime } from 'luxon';
import type { DemoEvse, DemoLocation } from './locations.js';
import type { SeededRandom } from './random.js';

interface ChargingPeriodJson {
  readonly start_date_time: string;
  readonly dimensions: readonly { readonly type: string; readonly volume: number }[];
  readonly tariff_id: string;
}

export interface ChargingProfile {
  readonly start: DateTime;
  readonly end: DateTime;
  /** Halfway through charging: when the CPO sends its PATCH with the meter reading. */
  readonly midway: DateTime;
  readonly energy_wh: number;
  readonly midway_energy_wh: number;
  readonly charging_min: number;
  readonly parking_min: number;
  readonly periods: readonly ChargingPeriodJson[];
}

/** Share of the sessions that start in each local hour (commuters, shoppers, evening). */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 1],
  [2, 1],
  [3, 1],
  [4, 1],
  [5, 2],
  [6, 4],
  [7, 8],
  [8, 9],
  [9, 7],
  [10, 6],
  [11, 6],
  [12, 7],
  [13, 6],
  [14, 6],
  [15, 6],
  [16, 7],
  [17, 9],
  [18, 9],
  [19, 7],
  [20, 5],
  [21, 4],
  [22, 3],
  [23, 2],
];

const iso = (moment: DateTime) => moment.toUTC().toISO({ suppressMilliseconds: true })!;
const hours = (minutes: number) => Number((minutes / 60).toFixed(4));

/** When the session starts: a day of the month and a local hour, in the Location's zone. */
function startOf(random: SeededRandom, month: DateTime, location: DemoLocation): DateTime {
  const day = random.int(1, month.daysInMonth!);
  const hour = random.weighted(HOUR_WEIGHTS);
  return DateTime.fromObject(
    { year: month.year, month: month.month, day, hour, minute: random.int(0, 59) },
    { zone: location.time_zone },
  );
}

/** AC: hours at up to 11 kW, often left plugged in; DC: minutes at high power. */
function demand(random: SeededRandom, evse: DemoEvse) {
  if (evse.power_type === 'DC') {
    const power_kw = random.between(35, 120);
    const energy_wh = random.int(12_000, 60_000);
    const charging_min = Math.max(6, Math.ceil((energy_wh / 1000 / power_kw) * 60));
    const parking_min = random.next() < 0.2 ? random.int(2, 25) : 0;
    return { energy_wh, charging_min, parking_min };
  }
  const power_kw = random.between(3.7, evse.max_power_kw) * 0.92;
  const needed_wh = random.int(4_000, 50_000);
  const plugged_min = random.int(25, 480);
  const charging_min = Math.min(plugged_min, Math.ceil((needed_wh / 1000 / power_kw) * 60));
  const energy_wh = Math.min(needed_wh, Math.round((power_kw * charging_min * 1000) / 60));
  const parking_min = random.next() < 0.45 ? 0 : random.int(5, 300);
  return { energy_wh, charging_min, parking_min };
}

export function chargingProfile(
  random: SeededRandom,
  month: DateTime,
  location: DemoLocation,
  evse: DemoEvse,
): ChargingProfile {
  const start = startOf(random, month, location);
  const { energy_wh, charging_min, parking_min } = demand(random, evse);
  const first_min = Math.max(1, Math.floor(charging_min / 2));
  // Charging slows down as the battery fills: the first half takes most of the energy.
  const split = charging_min > first_min;
  const share = evse.power_type === 'DC' ? 0.62 : 0.52;
  const first_wh = split ? Math.round(energy_wh * share) : energy_wh;
  const midway = start.plus({ minutes: first_min });
  const charged = start.plus({ minutes: charging_min });
  const period = (at: DateTime, wh: number, minutes: number): ChargingPeriodJson => ({
    start_date_time: iso(at),
    dimensions: [
      { type: 'ENERGY', volume: wh / 1000 },
      { type: 'TIME', volume: hours(minutes) },
    ],
    tariff_id: evse.tariff_id,
  });
  const periods: ChargingPeriodJson[] = [period(start, first_wh, first_min)];
  if (split) {
    periods.push(period(midway, energy_wh - first_wh, charging_min - first_min));
  }
  if (parking_min > 0) {
    periods.push({
      start_date_time: iso(charged),
      dimensions: [{ type: 'PARKING_TIME', volume: hours(parking_min) }],
      tariff_id: evse.tariff_id,
    });
  }
  return {
    start,
    end: charged.plus({ minutes: parking_min }),
    midway,
    energy_wh,
    midway_energy_wh: first_wh,
    charging_min,
    parking_min,
    periods,
  };
}

export { iso, hours };
