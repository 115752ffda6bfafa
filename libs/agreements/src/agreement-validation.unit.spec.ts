import { DomainRejection, type Rejection } from '#ledger';
import { parseAgreementAmendment, parseAgreementRegistration } from './agreement-validation.js';

const body = {
  id: 'DEABC-NLXYZ',
  cpo: { country_code: 'DE', party_id: 'ABC' },
  emsp: { country_code: 'NL', party_id: 'XYZ' },
  currency: 'EUR',
  price_tolerance: '0.01',
  fees: [
    { beneficiary: { country_code: 'NL', party_id: 'HUB' }, per_cdr: '0.20', percent_of_cost: '0' },
  ],
};

function rejectionOf(run: () => unknown): Rejection<string> {
  try {
    run();
  } catch (error) {
    if (DomainRejection.is(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('parseAgreementRegistration', () => {
  it('applies the documented defaults', () => {
    const { fees: _fees, price_tolerance: _tolerance, ...minimal } = body;
    expect(parseAgreementRegistration(minimal)).toEqual({
      ...minimal,
      price_tolerance: '0.01',
      fees: [],
      rounding: 'HALF_UP',
      vat_treatment: 'standard',
      payment_terms_days: 30,
      dispute_window_days: 30,
      cdr_deadline_hours: 48,
      stuck_session_hours: 24,
      energy_tolerance_kwh: '0.01',
      power_margin_percent: '10',
      duration_tolerance_s: 60,
      meter_clock_tolerance_s: 300,
      flag_only: [],
      effective_from: null,
    });
  });

  it('keeps given values and fills fee defaults', () => {
    const parsed = parseAgreementRegistration({
      ...body,
      fees: [{ beneficiary: { country_code: 'NL', party_id: 'HUB' }, percent_of_cost: 1.5 }],
      rounding: 'HALF_EVEN',
      vat_treatment: 'reverse_charge',
      payment_terms_days: 14,
      dispute_window_days: 0,
      cdr_deadline_hours: 72,
      stuck_session_hours: 12,
      energy_tolerance_kwh: 0.5,
      effective_from: '2025-01-01T00:00:00Z',
    });
    expect(parsed.fees).toEqual([
      {
        beneficiary: { country_code: 'NL', party_id: 'HUB' },
        per_cdr: '0',
        percent_of_cost: '1.5',
      },
    ]);
    expect(parsed.rounding).toBe('HALF_EVEN');
    expect(parsed.vat_treatment).toBe('reverse_charge');
    expect(parsed.payment_terms_days).toBe(14);
    expect(parsed.effective_from).toBe('2025-01-01T00:00:00Z');
    expect(parsed).toMatchObject({
      dispute_window_days: 0,
      cdr_deadline_hours: 72,
      stuck_session_hours: 12,
      energy_tolerance_kwh: '0.5',
    });
  });

  it.each([
    ['$', null],
    ['id', { ...body, id: '' }],
    ['id', { ...body, id: 'has space' }],
    ['cpo', { ...body, cpo: 'DE*ABC' }],
    ['cpo.country_code', { ...body, cpo: { country_code: 'de', party_id: 'ABC' } }],
    ['cpo.party_id', { ...body, cpo: { country_code: 'DE', party_id: 'AB' } }],
    ['emsp.party_id', { ...body, emsp: { country_code: 'NL', party_id: 'xyz' } }],
    ['emsp', { ...body, emsp: body.cpo }],
    ['currency', { ...body, currency: 'EURO' }],
    ['currency', { ...body, currency: undefined }],
    ['price_tolerance', { ...body, price_tolerance: '-0.01' }],
    ['price_tolerance', { ...body, price_tolerance: 'one cent' }],
    ['fees', { ...body, fees: {} }],
    ['fees[0]', { ...body, fees: [7] }],
    ['fees[0].beneficiary', { ...body, fees: [{ beneficiary: body.cpo }] }],
    [
      'fees[0].beneficiary.party_id',
      { ...body, fees: [{ beneficiary: { country_code: 'NL', party_id: 'H' } }] },
    ],
    ['fees[0].per_cdr', { ...body, fees: [{ ...body.fees[0], per_cdr: '-1' }] }],
    [
      'fees[0].percent_of_cost',
      { ...body, fees: [{ ...body.fees[0], percent_of_cost: '100.01' }] },
    ],
    ['rounding', { ...body, rounding: 'BANKERS' }],
    ['vat_treatment', { ...body, vat_treatment: 'exempt' }],
    ['payment_terms_days', { ...body, payment_terms_days: 1.5 }],
    ['cdr_deadline_hours', { ...body, cdr_deadline_hours: -1 }],
    ['stuck_session_hours', { ...body, stuck_session_hours: 'a day' }],
    ['energy_tolerance_kwh', { ...body, energy_tolerance_kwh: '-0.1' }],
    ['power_margin_percent', { ...body, power_margin_percent: '1001' }],
    ['duration_tolerance_s', { ...body, duration_tolerance_s: 0.5 }],
    ['meter_clock_tolerance_s', { ...body, meter_clock_tolerance_s: 100000 }],
    ['flag_only', { ...body, flag_only: 'DUPLICATE_SESSION' }],
    ['flag_only[1]', { ...body, flag_only: ['DUPLICATE_SESSION', 'SIGNATURE_INVALID'] }],
    ['dispute_window_days', { ...body, dispute_window_days: -1 }],
    ['cdr_deadline_hours', { ...body, cdr_deadline_hours: 1.5 }],
    ['stuck_session_hours', { ...body, stuck_session_hours: -2 }],
    ['energy_tolerance_kwh', { ...body, energy_tolerance_kwh: '-0.1' }],
    ['effective_from', { ...body, effective_from: 'tomorrow' }],
  ])('names the field %s', (field, input) => {
    const rejection = rejectionOf(() => parseAgreementRegistration(input));
    expect(rejection.code).toBe('validation_failed');
    expect(rejection.field).toBe(field);
  });

  it('bounds the number of fees', () => {
    const fees = Array.from({ length: 17 }, () => body.fees[0]);
    expect(rejectionOf(() => parseAgreementRegistration({ ...body, fees })).field).toBe('fees');
  });
});

describe('parseAgreementAmendment', () => {
  const current = parseAgreementRegistration(body);

  it('requires effective_from and keeps absent terms from the current version', () => {
    const parsed = parseAgreementAmendment(
      { effective_from: '2030-01-01T00:00:00Z', price_tolerance: '0.05' },
      current,
    );
    expect(parsed.effective_from).toBe('2030-01-01T00:00:00Z');
    expect(parsed.terms.price_tolerance).toBe('0.05');
    expect(parsed.terms.fees).toEqual(current.fees);
    expect(parsed.terms.currency).toBe('EUR');
  });

  it('amends the reconciliation thresholds like any other term, keeping the others', () => {
    const registered = parseAgreementRegistration({ ...body, cdr_deadline_hours: 72 });
    const parsed = parseAgreementAmendment(
      { effective_from: '2030-01-01T00:00:00Z', flag_only: ['DUPLICATE_SESSION'] },
      registered,
    );
    expect(parsed.terms).toMatchObject({
      cdr_deadline_hours: 72,
      stuck_session_hours: 24,
      energy_tolerance_kwh: '0.01',
      flag_only: ['DUPLICATE_SESSION'],
    });
  });

  it('refuses a missing effective_from and changed parties', () => {
    expect(rejectionOf(() => parseAgreementAmendment({}, current)).field).toBe('effective_from');
    const cpo = { effective_from: '2030-01-01T00:00:00Z', cpo: body.cpo };
    expect(rejectionOf(() => parseAgreementAmendment(cpo, current)).field).toBe('cpo');
  });
});
