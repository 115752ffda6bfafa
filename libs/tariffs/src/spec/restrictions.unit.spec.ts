/** Restrictions switching during a session, price limits, VAT, and OCPI 2.3.0 tariffs. */
import { cdr, price } from '../test-support/fixtures.js';

const at = (time: string) => `2024-06-10T${time}:00Z`;

function tiered(restrictions: object, type = 'ENERGY') {
  return {
    currency: 'EUR',
    elements: [
      { price_components: [{ type, price: 1, step_size: 1 }], restrictions },
      { price_components: [{ type, price: 0.1, step_size: 1 }] },
    ],
  };
}

describe('energy restrictions', () => {
  it('min_kwh / max_kwh split a period exactly at the threshold (consumed so far)', () => {
    // 0-10 kWh at 0.1, from 10 kWh at 1: one period of 25 kWh -> 1 + 15 = 16.
    const session = cdr(at('10:00'), at('12:00'), [{ start: at('10:00'), dims: { ENERGY: 25 } }]);
    const result = price(tiered({ min_kwh: 10 }), session);
    expect(result.total_cost.excl_vat).toBe('16');
    expect(result.breakdown.map((e) => e.volume)).toEqual(['10', '15']);
    expect(price(tiered({ max_kwh: 10 }), session).total_cost.excl_vat).toBe('11.5');
  });

  it('min_kwh across periods', () => {
    const session = cdr(at('10:00'), at('12:00'), [
      { start: at('10:00'), dims: { ENERGY: 10 } },
      { start: at('11:00'), dims: { ENERGY: 5 } },
    ]);
    expect(price(tiered({ min_kwh: 10 }), session).total_cost.excl_vat).toBe('6');
  });
});

describe('current and power restrictions', () => {
  const period = (dims: Record<string, number>) =>
    cdr(at('10:00'), at('11:00'), [{ start: at('10:00'), dims: { ENERGY: 10, ...dims } }]);

  it('min_current holds from the value (inclusive), max_current below it (exclusive)', () => {
    expect(
      price(tiered({ min_current: 32 }), period({ MIN_CURRENT: 32 })).total_cost.excl_vat,
    ).toBe('10');
    expect(
      price(tiered({ min_current: 32 }), period({ MIN_CURRENT: 31 })).total_cost.excl_vat,
    ).toBe('1');
    expect(
      price(tiered({ max_current: 32 }), period({ MAX_CURRENT: 32 })).total_cost.excl_vat,
    ).toBe('1');
    expect(
      price(tiered({ max_current: 32 }), period({ MAX_CURRENT: 16 })).total_cost.excl_vat,
    ).toBe('10');
  });

  it('min_power / max_power; without a measurement the restriction does not hold', () => {
    expect(price(tiered({ min_power: 50 }), period({ MIN_POWER: 60 })).total_cost.excl_vat).toBe(
      '10',
    );
    expect(price(tiered({ max_power: 50 }), period({ MAX_POWER: 60 })).total_cost.excl_vat).toBe(
      '1',
    );
    expect(price(tiered({ max_power: 50 }), period({})).total_cost.excl_vat).toBe('1');
  });

  it('power switching between periods selects the element per period', () => {
    const session = cdr(at('10:00'), at('11:00'), [
      { start: at('10:00'), dims: { ENERGY: 10, MAX_POWER: 100 } },
      { start: at('10:20'), dims: { ENERGY: 5, MAX_POWER: 20 } },
    ]);
    expect(price(tiered({ max_power: 50 }), session).total_cost.excl_vat).toBe('6');
  });
});

describe('duration restrictions', () => {
  it('min_duration (inclusive) switches mid-period, counted from the session start', () => {
    // 3 h of TIME in one period; from 2 h on the price is 1/h, before 0.1/h.
    const session = cdr(at('10:00'), at('13:00'), [{ start: at('10:00'), dims: { TIME: 3 } }]);
    const result = price(tiered({ min_duration: 7200 }, 'TIME'), session);
    expect(result.total_cost.excl_vat).toBe('1.2');
    expect(result.breakdown.map((e) => e.end_date_time)).toEqual([at('12:00'), at('13:00')]);
  });

  it('duration_origin CHARGING_START counts from the first charging period', () => {
    const tariff = {
      currency: 'EUR',
      elements: [
        {
          price_components: [{ type: 'TIME', price: 1, step_size: 1 }],
          restrictions: { min_duration: 3600 },
        },
      ],
    };
    const session = cdr(at('10:00'), at('12:00'), [
      { start: at('10:00'), dims: { RESERVATION_TIME: 0.5 } },
      { start: at('10:30'), dims: { TIME: 1.5 } },
    ]);
    expect(price(tariff, session).total_cost.excl_vat).toBe('1');
    const fromCharging = price(tariff, session, 'UTC', { duration_origin: 'CHARGING_START' });
    expect(fromCharging.total_cost.excl_vat).toBe('0.5');
  });
});

describe('element order and FLAT', () => {
  it('the first matching element per dimension wins, dimensions independently', () => {
    const tariff = {
      currency: 'EUR',
      elements: [
        { price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] },
        {
          price_components: [
            { type: 'ENERGY', price: 9, step_size: 1 },
            { type: 'TIME', price: 2, step_size: 1 },
          ],
        },
      ],
    };
    const session = cdr(at('10:00'), at('11:00'), [
      { start: at('10:00'), dims: { ENERGY: 10, TIME: 1 } },
    ]);
    const result = price(tariff, session);
    expect(result.total_energy_cost?.excl_vat).toBe('3');
    expect(result.total_time_cost?.excl_vat).toBe('2');
  });

  it('FLAT is charged once even over many periods', () => {
    const tariff = {
      currency: 'EUR',
      elements: [{ price_components: [{ type: 'FLAT', price: 1.5, vat: 19, step_size: 1 }] }],
    };
    const session = cdr(at('10:00'), at('11:00'), [
      { start: at('10:00'), dims: { ENERGY: 1 } },
      { start: at('10:30'), dims: { ENERGY: 1 } },
    ]);
    expect(price(tariff, session).total_cost).toEqual({ excl_vat: '1.5', incl_vat: '1.785' });
  });
});

describe('VAT and price limits', () => {
  it('no VAT given: incl_vat equals excl_vat; VAT 0 is also equal but recorded as "0"', () => {
    const tariff = (vat?: number) => ({
      currency: 'EUR',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat, step_size: 1 }] }],
    });
    const session = cdr(at('10:00'), at('11:00'), [{ start: at('10:00'), dims: { ENERGY: 10 } }]);
    const none = price(tariff(), session);
    expect(none.total_cost).toEqual({ excl_vat: '3', incl_vat: '3' });
    expect(none.breakdown[0]?.vat).toBeNull();
    expect(price(tariff(0), session).breakdown[0]?.vat).toBe('0');
  });

  it('max_price clamps excl and incl independently', () => {
    const tariff = {
      currency: 'EUR',
      max_price: { excl_vat: 10, incl_vat: 11.5 },
      elements: [{ price_components: [{ type: 'ENERGY', price: 1, vat: 20, step_size: 1 }] }],
    };
    // 9.5 excl (under the max) but 11.4 incl; 9.8 excl -> 11.76 incl capped at 11.5.
    const session = (kwh: number) =>
      cdr(at('10:00'), at('11:00'), [{ start: at('10:00'), dims: { ENERGY: kwh } }]);
    expect(price(tariff, session(9.5)).total_cost).toEqual({ excl_vat: '9.5', incl_vat: '11.4' });
    const capped = price(tariff, session(9.8));
    expect(capped.total_cost).toEqual({ excl_vat: '9.8', incl_vat: '11.5' });
    expect(capped.price_limit_applied).toEqual({ excl_vat: null, incl_vat: 'MAX_PRICE' });
  });

  it('a limit without incl_vat bounds incl. VAT at the effective VAT ratio', () => {
    const tariff = {
      currency: 'EUR',
      min_price: { excl_vat: 5 },
      elements: [{ price_components: [{ type: 'ENERGY', price: 1, vat: 20, step_size: 1 }] }],
    };
    const session = cdr(at('10:00'), at('11:00'), [{ start: at('10:00'), dims: { ENERGY: 2 } }]);
    expect(price(tariff, session).total_cost).toEqual({ excl_vat: '5', incl_vat: '6' });
  });
});

describe('OCPI 2.3.0 tariffs', () => {
  const session = cdr(at('10:00'), at('12:30'), [{ start: at('10:00'), dims: { TIME: 2.5 } }]);

  it('tax_included NO without vat (North America): taxes added later, incl equals excl', () => {
    const tariff = {
      currency: 'CAD',
      tax_included: 'NO',
      elements: [{ price_components: [{ type: 'TIME', price: 2, step_size: 60 }] }],
    };
    const result = price(tariff, session);
    expect(result.total_cost).toEqual({ excl_vat: '5', incl_vat: '5' });
  });

  it('tax_included YES with vat: prices include VAT, excl. VAT is derived', () => {
    const tariff = {
      currency: 'EUR',
      tax_included: 'YES',
      elements: [{ price_components: [{ type: 'TIME', price: 2.4, vat: 20, step_size: 60 }] }],
    };
    expect(price(tariff, session).total_cost).toEqual({ excl_vat: '5', incl_vat: '6' });
  });

  it('tax_included N/A: no taxes at all', () => {
    const tariff = {
      currency: 'EUR',
      tax_included: 'N/A',
      elements: [{ price_components: [{ type: 'TIME', price: 2, vat: 20, step_size: 60 }] }],
    };
    expect(price(tariff, session).total_cost).toEqual({ excl_vat: '5', incl_vat: '5' });
  });

  it('min_price / max_price as PriceLimit before_taxes / after_taxes', () => {
    const tariff = {
      currency: 'EUR',
      tax_included: 'NO',
      max_price: { before_taxes: 4, after_taxes: 4.5 },
      elements: [{ price_components: [{ type: 'TIME', price: 2, vat: 20, step_size: 60 }] }],
    };
    const result = price(tariff, session);
    expect(result.total_cost).toEqual({ excl_vat: '4', incl_vat: '4.5' });
    expect(result.total_cost_before_limits).toEqual({ excl_vat: '5', incl_vat: '6' });
  });
});
