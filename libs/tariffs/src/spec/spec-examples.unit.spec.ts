/**
 * Every worked example of the OCPI 2.2.1 tariff chapter (errata edition) and the step_size
 * examples of the CDR chapter. Expected values are derived from the rules; where the printed
 * example rounds or is arithmetically wrong, the test says so.
 */
import { cdr, price, specTariff } from '../test-support/fixtures.js';

const DAY = '2024-06-10'; // a Monday
const at = (time: string, day = DAY) => `${day}T${time}:00Z`;

function energySession(kwh: number | string, parkingHours?: number | string) {
  const periods = [{ start: at('10:00'), dims: { ENERGY: kwh, TIME: 2 } }];
  if (parkingHours !== undefined) {
    periods.push({ start: at('12:00'), dims: { PARKING_TIME: parkingHours } as never });
  }
  return cdr(at('10:00'), parkingHours === undefined ? at('12:00') : at('12:40'), periods);
}

describe('OCPI 2.2.1 tariff examples', () => {
  it('simple EUR 0.25 per kWh: 20 kWh cost 5.00 / 5.50', () => {
    const result = price(specTariff('tariff_8_simple_025kwh.json'), energySession(20));
    expect(result.total_cost).toEqual({ excl_vat: '5', incl_vat: '5.5' });
    expect(result.total_energy_cost).toEqual({ excl_vat: '5', incl_vat: '5.5' });
    expect(result.total_fixed_cost).toBeNull();
    expect(result.total_time_cost).toBeNull();
  });

  it('EUR 0.25 per kWh + start fee: 5.50 / 6.10', () => {
    const result = price(specTariff('tariff_9_025kwh_start.json'), energySession(20));
    expect(result.total_cost).toEqual({ excl_vat: '5.5', incl_vat: '6.1' });
    expect(result.total_fixed_cost).toEqual({ excl_vat: '0.5', incl_vat: '0.6' });
  });

  it('EUR 0.25 per kWh + minimum price: 20 kWh 5.00 / 5.50, 1 kWh clamped to 0.50 / 0.55', () => {
    const tariff = specTariff('tariff_12_025kwh_min_price.json');
    expect(price(tariff, energySession(20)).total_cost).toEqual({ excl_vat: '5', incl_vat: '5.5' });
    const small = price(tariff, energySession(1));
    expect(small.total_cost).toEqual({ excl_vat: '0.5', incl_vat: '0.55' });
    expect(small.total_cost_before_limits).toEqual({ excl_vat: '0.25', incl_vat: '0.275' });
    expect(small.price_limit_applied).toEqual({ excl_vat: 'MIN_PRICE', incl_vat: 'MIN_PRICE' });
  });

  it('EUR 0.25 per kWh + parking + start fee: 40 min parking billed as 45: 7.00 / 7.90', () => {
    const result = price(
      specTariff('tariff_10_025kwh_parking_start.json'),
      energySession(20, '0.6666666666666667'),
    );
    expect(result.total_cost).toEqual({ excl_vat: '7', incl_vat: '7.9' });
    expect(result.total_parking_cost).toEqual({ excl_vat: '1.5', incl_vat: '1.8' });
  });

  it('start fee + max price: 50 kWh capped at 10.00 / 11.00, 30 kWh 8.00 / 8.85', () => {
    const tariff = specTariff('tariff_6_025kwh_start_max_price.json');
    const capped = price(tariff, energySession(50));
    expect(capped.total_cost).toEqual({ excl_vat: '10', incl_vat: '11' });
    expect(capped.total_cost_before_limits).toEqual({ excl_vat: '13', incl_vat: '14.35' });
    expect(price(tariff, energySession(30)).total_cost).toEqual({
      excl_vat: '8',
      incl_vat: '8.85',
    });
  });

  it('EUR 2 per hour: 2.5 hours cost 5.00 / 5.50, no parking billed', () => {
    const session = cdr(at('10:00'), at('13:00'), [
      { start: at('10:00'), dims: { TIME: 2.5, ENERGY: 20 } },
      { start: at('12:30'), dims: { PARKING_TIME: 0.5 } },
    ]);
    const result = price(specTariff('tariff_1_simple_2hour.json'), session);
    expect(result.total_cost).toEqual({ excl_vat: '5', incl_vat: '5.5' });
    expect(result.total_parking_cost).toBeNull();
  });

  it('EUR 3 per hour + EUR 5 per hour parking: 150 + 42 (billed 45) min: 11.25 / 12.75', () => {
    const session = cdr(at('10:00'), at('13:12'), [
      { start: at('10:00'), dims: { TIME: 2.5 } },
      { start: at('12:30'), dims: { PARKING_TIME: 0.7 } },
    ]);
    const result = price(specTariff('tariff_13_simple_3hour_5parking.json'), session);
    expect(result.total_cost).toEqual({ excl_vat: '11.25', incl_vat: '12.75' });
    expect(result.total_time_cost).toEqual({ excl_vat: '7.5', incl_vat: '8.25' });
    expect(result.total_parking_cost).toEqual({ excl_vat: '3.75', incl_vat: '4.5' });
  });

  it('ad-hoc EUR 1.90 per hour, 5.2 % VAT: 4.75 / 4.997 (the spec prints 5.00, rounded)', () => {
    const session = cdr(at('10:00'), at('12:30'), [{ start: at('10:00'), dims: { TIME: 2.5 } }]);
    const result = price(specTariff('tariff_2_alt_text.json'), session);
    expect(result.total_cost).toEqual({ excl_vat: '4.75', incl_vat: '4.997' });
  });

  it('alt URL tariff: 20.45 kWh billed as 20.5 kWh: 5.625 / 6.2375 (printed rounded 5.63 / 6.24)', () => {
    const result = price(specTariff('tariff_3_alt_url.json'), energySession(20.45));
    expect(result.total_energy_cost).toEqual({ excl_vat: '5.125', incl_vat: '5.6375' });
    expect(result.total_cost).toEqual({ excl_vat: '5.625', incl_vat: '6.2375' });
    expect(result.breakdown.find((e) => e.dimension === 'ENERGY')?.billed_volume).toBe('20.5');
  });

  describe('complex tariff', () => {
    const tariff = specTariff('tariff_4_complex.json');

    it('Monday 09:30, 165 min at 16 A + 42 min parking: 9.00 / 10.30', () => {
      const session = cdr(at('09:30'), at('12:57'), [
        { start: at('09:30'), dims: { TIME: 2.75, MAX_CURRENT: 16, MIN_CURRENT: 6 } },
        { start: at('12:15'), dims: { PARKING_TIME: 0.7 } },
      ]);
      const result = price(tariff, session);
      expect(result.total_cost).toEqual({ excl_vat: '9', incl_vat: '10.3' });
      expect(result.total_fixed_cost).toEqual({ excl_vat: '2.5', incl_vat: '2.875' });
      expect(result.total_time_cost).toEqual({ excl_vat: '2.75', incl_vat: '3.3' });
      expect(result.total_parking_cost).toEqual({ excl_vat: '3.75', incl_vat: '4.125' });
    });

    it('Saturday 13:30, 114 min at 43 A + 71 min parking: 12.375 / 13.975', () => {
      // Older editions print 2.28 for 114 min at EUR 1.25/h and a total of 12.28 / 13.861;
      // 1.9 h x 1.25 = 2.375 (incl. 20 % VAT 2.85), so the total is 12.375 / 13.975.
      const saturday = '2024-06-15';
      const session = cdr(at('13:30', saturday), at('16:35', saturday), [
        { start: at('13:30', saturday), dims: { TIME: 1.9, MIN_CURRENT: 43, MAX_CURRENT: 45 } },
        { start: at('15:24', saturday), dims: { PARKING_TIME: '1.1833333333333333' } },
      ]);
      const result = price(tariff, session);
      expect(result.total_cost).toEqual({ excl_vat: '12.375', incl_vat: '13.975' });
      expect(result.total_time_cost).toEqual({ excl_vat: '2.375', incl_vat: '2.85' });
      expect(result.total_parking_cost).toEqual({ excl_vat: '7.5', incl_vat: '8.25' });
      expect(result.total_time).toBe('3.0833333333');
      expect(result.total_parking_time).toBe('1.1833333333');
      const time = result.breakdown.find((e) => e.dimension === 'TIME');
      expect(time).toMatchObject({ element_index: 3, price: '1.25', billed_volume: '1.9' });
    });
  });

  it('free of charge: 0 / 0 with a FLAT breakdown entry', () => {
    const result = price(specTariff('tariff_5_free_of_charge.json'), energySession(20));
    expect(result.total_cost).toEqual({ excl_vat: '0', incl_vat: '0' });
    expect(result.total_fixed_cost).toEqual({ excl_vat: '0', incl_vat: '0' });
  });
});

describe('reservation examples', () => {
  const reserved = (minutes: number) => {
    const charging = `2024-06-10T10:${String(minutes).padStart(2, '0')}:00Z`;
    return cdr(at('10:00'), at('12:00'), [
      { start: at('10:00'), dims: { RESERVATION_TIME: String(minutes / 60) } },
      { start: charging, dims: { ENERGY: 20, TIME: 1.5 } },
    ]);
  };
  const expiredAfter = (hours: string, end: string) =>
    cdr(at('10:00'), end, [{ start: at('10:00'), dims: { RESERVATION_TIME: hours } }]);

  it('reservation price: 15 min reserved then 20 kWh: 6.75 / 7.60', () => {
    const result = price(specTariff('tariff_15_reservation_5_euro_per_hour.json'), reserved(15));
    expect(result.total_cost).toEqual({ excl_vat: '6.75', incl_vat: '7.6' });
    expect(result.total_reservation_cost).toEqual({ excl_vat: '1.25', incl_vat: '1.5' });
    expect(result.total_fixed_cost).toEqual({ excl_vat: '0.5', incl_vat: '0.6' });
  });

  it('reservation fee + price: 13 min billed as 15: 8.75 / 10.00', () => {
    // The spec's breakdown labels the reservation time row "Parking time"; it is reservation time.
    const tariff = specTariff('tariff_16_reservation_2_euro_fee_5_euro_per_hour.json');
    const result = price(tariff, reserved(13));
    expect(result.total_cost).toEqual({ excl_vat: '8.75', incl_vat: '10' });
    expect(result.total_reservation_cost).toEqual({ excl_vat: '3.25', incl_vat: '3.9' });
    expect(result.total_parking_cost).toBeNull();
  });

  it('expire fee: 22 min billed as 30: 6.50 / 7.30; expired after 1 h: 6.00 / 7.20', () => {
    const tariff = specTariff('tariff_17_reservation_with_expire_fee.json');
    expect(price(tariff, reserved(22)).total_cost).toEqual({ excl_vat: '6.5', incl_vat: '7.3' });
    const expired = price(tariff, expiredAfter('1', at('11:00')));
    expect(expired.total_cost).toEqual({ excl_vat: '6', incl_vat: '7.2' });
    expect(expired.total_reservation_cost).toEqual({ excl_vat: '6', incl_vat: '7.2' });
    expect(expired.total_fixed_cost).toBeNull();
    expect(expired.breakdown.map((e) => e.context)).toEqual([
      'RESERVATION_EXPIRED',
      'RESERVATION_EXPIRED',
    ]);
  });

  it('expire time: 22 min at 3/h billed as 30: 7.00 / 7.90; expired after 1.5 h at 6/h: 9 / 10.80', () => {
    const tariff = specTariff('tariff_18_reservation_with_expire_time.json');
    expect(price(tariff, reserved(22)).total_cost).toEqual({ excl_vat: '7', incl_vat: '7.9' });
    const expired = price(tariff, expiredAfter('1.5', at('11:30')));
    expect(expired.total_cost).toEqual({ excl_vat: '9', incl_vat: '10.8' });
  });
});

describe('step_size switching tariff elements (tariff 14)', () => {
  const tariff = specTariff('tariff_14_step_size.json');

  it('#1 16:55, 10 min charging, 2 min parking: 0.10 + 0.20 + 0.25 = 0.55', () => {
    const session = cdr(at('16:55'), at('17:07'), [
      { start: at('16:55'), dims: { TIME: '0.1666666666666667' } },
      { start: at('17:05'), dims: { PARKING_TIME: '0.0333333333333333' } },
    ]);
    const result = price(tariff, session);
    expect(result.total_cost.excl_vat).toBe('0.55');
    const amounts = result.breakdown.map((e) => [e.dimension, e.amount.excl_vat]);
    expect(amounts).toEqual([
      ['TIME', '0.1'],
      ['TIME', '0.2'],
      ['PARKING_TIME', '0.25'],
    ]);
  });

  it('#2 16:35, 35 min charging billed as 45: 25 min at 1.20 + 20 min at 2.40 = 1.30', () => {
    const session = cdr(at('16:35'), at('17:10'), [
      { start: at('16:35'), dims: { TIME: '0.5833333333333333' } },
    ]);
    const result = price(tariff, session);
    expect(result.total_cost.excl_vat).toBe('1.3');
  });

  it('#3 19:40, 12 min charging, 20 min parking free after 20:00: 0.48 + 0.25 = 0.73', () => {
    const session = cdr(at('19:40'), at('20:12'), [
      { start: at('19:40'), dims: { TIME: 0.2 } },
      { start: at('19:52'), dims: { PARKING_TIME: '0.3333333333333333' } },
    ]);
    const result = price(tariff, session);
    expect(result.total_cost.excl_vat).toBe('0.73');
    const parking = result.breakdown.filter((e) => e.dimension === 'PARKING_TIME');
    expect(parking).toHaveLength(1);
    expect(parking[0]).toMatchObject({ end_date_time: at('20:00'), billed_volume: '0.25' });
  });
});

describe('restriction examples', () => {
  it('max_power: 1 kWh at 6 kW + 40 kWh at 48 kW + 0.5 kWh at 4 kW = 20.30', () => {
    const session = cdr(at('10:00'), at('11:30'), [
      { start: at('10:00'), dims: { ENERGY: 1, MAX_POWER: 6 } },
      { start: at('10:10'), dims: { ENERGY: 40, MAX_POWER: 48 } },
      { start: at('11:00'), dims: { ENERGY: 0.5, MAX_POWER: 4 } },
    ]);
    const result = price(specTariff('tariffrestriction_example_max_power.json'), session);
    expect(result.total_cost.excl_vat).toBe('20.3');
  });

  it('max_duration: 5 kWh free in the first 30 min, 1.2 kWh at 0.25 after: 0.30', () => {
    const session = cdr(at('10:00'), at('10:40'), [
      { start: at('10:00'), dims: { ENERGY: 5 } },
      { start: at('10:30'), dims: { ENERGY: 1.2 } },
    ]);
    const result = price(specTariff('tariffrestriction_example_max_duration.json'), session);
    expect(result.total_cost).toEqual({ excl_vat: '0.3', incl_vat: '0.36' });
  });
});

describe('OCPI 2.2.1 CDR chapter step_size examples', () => {
  const timeOfDayTariff = (before: number, after: number, type: string, step: number) => ({
    currency: 'EUR',
    elements: [
      {
        price_components: [{ type, price: before, step_size: step }],
        restrictions: { end_time: '17:00' },
      },
      { price_components: [{ type, price: after, step_size: step }] },
    ],
  });

  it('energy 4.3 kWh before and 1.1 kWh after 17:00, step 500 Wh: 5.5 kWh billed', () => {
    const session = cdr(at('16:00'), at('18:00'), [
      { start: at('16:00'), dims: { ENERGY: 4.3 } },
      { start: at('17:00'), dims: { ENERGY: 1.1 } },
    ]);
    const result = price(timeOfDayTariff(0.2, 0.27, 'ENERGY', 500), session);
    // 4.3 x 0.20 + (1.1 + 0.1 surplus) x 0.27 = 0.86 + 0.324
    expect(result.total_cost.excl_vat).toBe('1.184');
  });

  it('time 6 min before and 22 min after 17:00, step 10 min: 24 min after 17:00 billed', () => {
    const session = cdr(at('16:54'), at('17:22'), [
      { start: at('16:54'), dims: { TIME: 0.1 } },
      { start: at('17:00'), dims: { TIME: '0.3666666666666667' } },
    ]);
    const result = price(timeOfDayTariff(5, 7, 'TIME', 600), session);
    expect(result.total_cost.excl_vat).toBe('3.3');
  });

  it('21 min charging + 16 min parking, step 10 min: only parking rounded to 20 min', () => {
    const tariff = {
      currency: 'EUR',
      elements: [
        {
          price_components: [
            { type: 'TIME', price: 1, step_size: 600 },
            { type: 'PARKING_TIME', price: 2, step_size: 600 },
          ],
        },
      ],
    };
    const session = cdr(at('10:00'), at('10:37'), [
      { start: at('10:00'), dims: { TIME: 0.35 } },
      { start: at('10:21'), dims: { PARKING_TIME: '0.2666666666666667' } },
    ]);
    const result = price(tariff, session);
    expect(result.total_time_cost?.excl_vat).toBe('0.35');
    expect(result.total_parking_cost?.excl_vat).toBe('0.6666666667');
  });
});
