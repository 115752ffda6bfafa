/**
 * The CPOs' tariffs: a flat session fee, peak / off-peak energy prices by local wall-clock time,
 * a charging time fee and a parking (idle) fee within set hours. Static data.
 */
import { CPOS, type DemoParty } from './parties.js';

export const TARIFF_PUBLISHED_AT = '2025-01-01T00:00:00Z';

interface TariffPrices {
  readonly vat: number;
  readonly flat: number;
  readonly energy_peak: number;
  readonly energy: number;
  readonly time_per_h: number;
  readonly parking_per_h: number;
  /** Local wall-clock window of the peak energy price. */
  readonly peak: readonly [string, string];
  /** Local wall-clock window of the parking (idle) fee; free parking outside it. */
  readonly parking: readonly [string, string];
}

function tariffBody(cpo: DemoParty, id: string, p: TariffPrices): Record<string, unknown> {
  const component = (type: string, price: number, step_size: number) => ({
    type,
    price,
    vat: p.vat,
    step_size,
  });
  const window = ([start_time, end_time]: readonly [string, string]) => ({ start_time, end_time });
  return {
    country_code: cpo.country_code,
    party_id: cpo.party_id,
    id,
    currency: 'EUR',
    type: 'REGULAR',
    tariff_alt_text: [{ language: 'en', text: `${id}: peak ${p.peak.join('-')} local time` }],
    elements: [
      { price_components: [component('FLAT', p.flat, 1)] },
      {
        price_components: [component('ENERGY', p.energy_peak, 1)],
        restrictions: window(p.peak),
      },
      {
        price_components: [component('ENERGY', p.energy, 1), component('TIME', p.time_per_h, 60)],
      },
      {
        price_components: [component('PARKING_TIME', p.parking_per_h, 300)],
        restrictions: window(p.parking),
      },
    ],
    last_updated: TARIFF_PUBLISHED_AT,
  };
}

const [ION, FLX, VOL] = CPOS;

/** Every tariff the CPOs publish, by `${cc}/${pid}/${id}`. */
export const TARIFFS: ReadonlyMap<string, Record<string, unknown>> = new Map(
  [
    tariffBody(ION, 'ION-AC', {
      vat: 19,
      flat: 0.35,
      energy_peak: 0.59,
      energy: 0.45,
      time_per_h: 0.6,
      parking_per_h: 6,
      peak: ['17:00', '21:00'],
      parking: ['08:00', '20:00'],
    }),
    tariffBody(ION, 'ION-HPC', {
      vat: 19,
      flat: 0,
      energy_peak: 0.79,
      energy: 0.69,
      time_per_h: 3,
      parking_per_h: 12,
      peak: ['07:00', '22:00'],
      parking: ['00:00', '23:59'],
    }),
    tariffBody(FLX, 'FLX-AC', {
      vat: 21,
      flat: 0.25,
      energy_peak: 0.52,
      energy: 0.39,
      time_per_h: 0.5,
      parking_per_h: 4.8,
      peak: ['16:00', '20:00'],
      parking: ['09:00', '18:00'],
    }),
    tariffBody(FLX, 'FLX-DC', {
      vat: 21,
      flat: 0.5,
      energy_peak: 0.74,
      energy: 0.62,
      time_per_h: 2.4,
      parking_per_h: 9,
      peak: ['08:00', '20:00'],
      parking: ['00:00', '23:59'],
    }),
    tariffBody(VOL, 'VOL-AC', {
      vat: 20,
      flat: 0.3,
      energy_peak: 0.49,
      energy: 0.36,
      time_per_h: 0.9,
      parking_per_h: 5.4,
      peak: ['18:00', '20:00'],
      parking: ['08:00', '19:00'],
    }),
    tariffBody(VOL, 'VOL-DC', {
      vat: 20,
      flat: 0,
      energy_peak: 0.69,
      energy: 0.55,
      time_per_h: 1.8,
      parking_per_h: 10,
      peak: ['07:00', '21:00'],
      parking: ['00:00', '23:59'],
    }),
    // La Reunion: VAT 8.5 %, local time UTC+4 all year.
    tariffBody(VOL, 'VOL-RE', {
      vat: 8.5,
      flat: 0.3,
      energy_peak: 0.45,
      energy: 0.33,
      time_per_h: 0.6,
      parking_per_h: 3.6,
      peak: ['17:30', '20:30'],
      parking: ['08:00', '18:00'],
    }),
  ].map((tariff) => [`${tariff.country_code}/${tariff.party_id}/${tariff.id}`, tariff]),
);

export function tariffOf(cpo: DemoParty, tariff_id: string): Record<string, unknown> {
  const tariff = TARIFFS.get(`${cpo.country_code}/${cpo.party_id}/${tariff_id}`);
  if (tariff === undefined) throw new Error(`no demo tariff ${tariff_id} of ${cpo.party_id}`);
  return tariff;
}
