/** Helpers for pricing tests: build CDRs from local-time descriptions, read spec examples. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePricingCdr, parseTariff, priceCdr, toPriceJson } from '../index.js';
import type { PriceJson } from '../price-json.js';
import type { PricingPolicies } from '../policies.js';

/** The spec's example tariffs, copied verbatim into the repository (see its README). */
export const SPEC_EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), 'ocpi-examples');

export function specTariff(name: string): unknown {
  return JSON.parse(readFileSync(`${SPEC_EXAMPLES}/${name}`, 'utf8'));
}

export interface PeriodSpec {
  /** ISO instant of the period start. */
  readonly start: string;
  readonly dims: Readonly<Record<string, number | string>>;
}

export function cdr(start: string, end: string, periods: readonly PeriodSpec[]): unknown {
  return {
    start_date_time: start,
    end_date_time: end,
    charging_periods: periods.map((p) => ({
      start_date_time: p.start,
      dimensions: Object.entries(p.dims).map(([type, volume]) => ({ type, volume })),
    })),
  };
}

export function price(
  tariff: unknown,
  cdrJson: unknown,
  time_zone = 'UTC',
  policies?: Partial<PricingPolicies>,
): PriceJson {
  return toPriceJson(
    priceCdr({ tariff: parseTariff(tariff), cdr: parsePricingCdr(cdrJson), time_zone, policies }),
  );
}
