/**
 * Restrictions are local wall-clock in the Location's IANA zone, through DST changes; durations
 * are real elapsed time. Each test prices a session spanning a DST change with a per-hour tariff
 * whose time window makes the local clock visible in the price.
 */
import { cdr, price } from '../test-support/fixtures.js';

/** EUR 10/h from 02:00 to 04:00 local, EUR 1/h otherwise. */
const nightTariff = {
  currency: 'EUR',
  elements: [
    {
      price_components: [{ type: 'TIME', price: 10, step_size: 1 }],
      restrictions: { start_time: '02:00', end_time: '04:00' },
    },
    { price_components: [{ type: 'TIME', price: 1, step_size: 1 }] },
  ],
};

function charging(startUtc: string, endUtc: string, hours: number | string) {
  return cdr(startUtc, endUtc, [{ start: startUtc, dims: { TIME: hours } }]);
}

describe('DST start (clocks jump forward)', () => {
  it('Europe/Berlin 2024-03-31: 00:00-05:00 local is 4 real hours, 02:00-03:00 never happens', () => {
    // 00:00 CET = 23:00Z; 05:00 CEST = 03:00Z. Local 03:00-04:00 CEST (01:00Z-02:00Z) is the
    // only expensive hour: 3 h x 1 + 1 h x 10 = 13.
    const result = price(
      nightTariff,
      charging('2024-03-30T23:00:00Z', '2024-03-31T03:00:00Z', 4),
      'Europe/Berlin',
    );
    expect(result.total_cost.excl_vat).toBe('13');
    const expensive = result.breakdown.filter((e) => e.price === '10');
    expect(expensive).toHaveLength(1);
    expect(expensive[0]).toMatchObject({
      start_date_time: '2024-03-31T01:00:00Z',
      end_date_time: '2024-03-31T02:00:00Z',
      volume: '1',
    });
  });

  it('America/New_York 2024-03-10: local 02:00-03:00 is skipped', () => {
    // 00:00 EST = 05:00Z; 06:00 EDT = 10:00Z (5 real hours). Expensive: 03:00-04:00 EDT
    // (07:00Z-08:00Z) = 1 h: 4 x 1 + 10 = 14.
    const result = price(
      nightTariff,
      charging('2024-03-10T05:00:00Z', '2024-03-10T10:00:00Z', 5),
      'America/New_York',
    );
    expect(result.total_cost.excl_vat).toBe('14');
  });

  it('Australia/Sydney 2024-10-06: clocks go 02:00 AEST -> 03:00 AEDT', () => {
    // 00:00 AEST = 14:00Z (Oct 5); 05:00 AEDT = 18:00Z (4 real hours); expensive 03:00-04:00 AEDT.
    const result = price(
      nightTariff,
      charging('2024-10-05T14:00:00Z', '2024-10-05T18:00:00Z', 4),
      'Australia/Sydney',
    );
    expect(result.total_cost.excl_vat).toBe('13');
  });
});

describe('DST end (clocks go back, one local hour happens twice)', () => {
  it('Europe/Berlin 2024-10-27: 02:00-03:00 local happens twice, both are expensive', () => {
    // 00:00 CEST = 22:00Z (Oct 26); 05:00 CET = 04:00Z: 6 real hours. Local 02:00-04:00 spans
    // 00:00Z-03:00Z (02:00-03:00 CEST, 02:00-03:00 CET, 03:00-04:00 CET): 3 h x 10 + 3 h x 1.
    const result = price(
      nightTariff,
      charging('2024-10-26T22:00:00Z', '2024-10-27T04:00:00Z', 6),
      'Europe/Berlin',
    );
    expect(result.total_cost.excl_vat).toBe('33');
    expect(result.total_time).toBe('6');
  });

  it('America/New_York 2024-11-03: 01:00-02:00 local happens twice', () => {
    // 00:00 EDT = 04:00Z; 05:00 EST = 10:00Z: 6 real hours. Expensive 02:00-04:00 EST
    // = 07:00Z-09:00Z: 2 x 10 + 4 x 1 = 24.
    const result = price(
      nightTariff,
      charging('2024-11-03T04:00:00Z', '2024-11-03T10:00:00Z', 6),
      'America/New_York',
    );
    expect(result.total_cost.excl_vat).toBe('24');
  });

  it('Australia/Sydney 2024-04-07: 02:00-03:00 local happens twice', () => {
    // 00:00 AEDT = 13:00Z (Apr 6); 05:00 AEST = 19:00Z: 6 real hours. Local 02:00-04:00:
    // 15:00Z-16:00Z (AEDT), 16:00Z-18:00Z (AEST): 3 x 10 + 3 x 1 = 33.
    const result = price(
      nightTariff,
      charging('2024-04-06T13:00:00Z', '2024-04-06T19:00:00Z', 6),
      'Australia/Sydney',
    );
    expect(result.total_cost.excl_vat).toBe('33');
  });

  it('a ten-day parking period crossing the DST end is split at every local window', () => {
    const parkingTariff = {
      currency: 'EUR',
      elements: nightTariff.elements.map((e) => ({
        ...e,
        price_components: e.price_components.map((c) => ({ ...c, type: 'PARKING_TIME' })),
      })),
    };
    // Local 2024-10-20 00:00 CEST to 2024-10-30 00:00 CET: 241 real hours; the 02:00-04:00
    // window happens on 10 local days, on Oct 27 for 3 real hours: 21 h x 10 + 220 h x 1.
    const session = cdr('2024-10-19T22:00:00Z', '2024-10-29T23:00:00Z', [
      { start: '2024-10-19T22:00:00Z', dims: { PARKING_TIME: 241 } },
    ]);
    const result = price(parkingTariff, session, 'Europe/Berlin');
    expect(result.total_cost.excl_vat).toBe('430');
    expect(result.breakdown.filter((e) => e.price === '10')).toHaveLength(10);
  });

  it('max_duration counts real elapsed time across the DST change', () => {
    const tariff = {
      currency: 'EUR',
      elements: [
        {
          price_components: [{ type: 'TIME', price: 0, step_size: 1 }],
          restrictions: { max_duration: 7200 },
        },
        { price_components: [{ type: 'TIME', price: 1, step_size: 1 }] },
      ],
    };
    // 01:00 CEST (23:00Z) + 2 real hours = 01:00Z = 02:00 CET: free until then, 2 h paid after.
    const result = price(
      tariff,
      charging('2024-10-26T23:00:00Z', '2024-10-27T03:00:00Z', 4),
      'Europe/Berlin',
    );
    expect(result.total_cost.excl_vat).toBe('2');
  });
});

describe('day_of_week and dates are local', () => {
  const weekendTariff = {
    currency: 'EUR',
    elements: [
      {
        price_components: [{ type: 'ENERGY', price: 0.5, step_size: 1 }],
        restrictions: { day_of_week: ['SATURDAY', 'SUNDAY'] },
      },
      { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
    ],
  };

  it('Friday 23:30 UTC is Saturday 01:30 in Berlin (summer)', () => {
    const session = cdr('2024-06-14T23:30:00Z', '2024-06-15T00:30:00Z', [
      { start: '2024-06-14T23:30:00Z', dims: { ENERGY: 10 } },
    ]);
    expect(price(weekendTariff, session, 'UTC').total_cost.excl_vat).toBe('4');
    expect(price(weekendTariff, session, 'Europe/Berlin').total_cost.excl_vat).toBe('5');
  });

  it('start_date inclusive, end_date exclusive, in local time', () => {
    const tariff = {
      currency: 'EUR',
      elements: [
        {
          price_components: [{ type: 'FLAT', price: 1, step_size: 1 }],
          restrictions: { start_date: '2024-12-24', end_date: '2024-12-27' },
        },
      ],
    };
    const flatAt = (startUtc: string, zone: string) =>
      price(tariff, charging(startUtc, startUtc.replace(/T\d\d/, 'T23'), 0.1), zone).total_cost
        .excl_vat;
    expect(flatAt('2024-12-23T22:00:00Z', 'UTC')).toBe('0');
    expect(flatAt('2024-12-23T23:30:00Z', 'Europe/Berlin')).toBe('1');
    expect(flatAt('2024-12-26T22:00:00Z', 'UTC')).toBe('1');
    expect(flatAt('2024-12-26T23:30:00Z', 'Europe/Berlin')).toBe('0');
  });
});

describe('time windows', () => {
  const windowTariff = (start: string, end: string) => ({
    currency: 'EUR',
    elements: [
      {
        price_components: [{ type: 'TIME', price: 10, step_size: 1 }],
        restrictions: { start_time: start, end_time: end },
      },
      { price_components: [{ type: 'TIME', price: 1, step_size: 1 }] },
    ],
  });

  it('22:00-06:00 wraps past midnight', () => {
    // 21:00-07:00: 8 h inside (10/h), 2 h outside.
    const session = charging('2024-06-10T21:00:00Z', '2024-06-11T07:00:00Z', 10);
    expect(price(windowTariff('22:00', '06:00'), session).total_cost.excl_vat).toBe('82');
  });

  it('end 00:00 means the end of the day', () => {
    // 20:00-02:00: 18:00-00:00 covers 20:00-24:00 (4 h), then 2 h outside.
    const session = charging('2024-06-10T20:00:00Z', '2024-06-11T02:00:00Z', 6);
    expect(price(windowTariff('18:00', '00:00'), session).total_cost.excl_vat).toBe('42');
  });

  it('a restriction switching mid-period splits the period pro rata', () => {
    // One CDR period 16:30-17:30 with 10 kWh; 0.20 before 17:00, 0.40 after.
    const tariff = {
      currency: 'EUR',
      elements: [
        {
          price_components: [{ type: 'ENERGY', price: 0.2, step_size: 1 }],
          restrictions: { start_time: '08:00', end_time: '17:00' },
        },
        { price_components: [{ type: 'ENERGY', price: 0.4, step_size: 1 }] },
      ],
    };
    const session = cdr('2024-06-10T16:30:00Z', '2024-06-10T17:30:00Z', [
      { start: '2024-06-10T16:30:00Z', dims: { ENERGY: 10 } },
    ]);
    expect(price(tariff, session).total_cost.excl_vat).toBe('3');
    const atStart = price(tariff, session, 'UTC', { period_split: 'PERIOD_START' });
    expect(atStart.total_cost.excl_vat).toBe('2');
    expect(atStart.policy['period_split']).toBe('PERIOD_START');
  });
});
