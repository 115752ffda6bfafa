import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import * as DriverBilling from './driver-billing.decider.js';
import type { CloseDriverBillingPeriod, DriverBillingEvent } from './driver-billing.decider.js';
import type { DriverBillingPeriod } from './driver-billing.js';
import { PricePlanRejection } from './price-plan.js';

const EMSP = { country_code: 'NL', party_id: 'XYZ' };

function close(overrides: Partial<CloseDriverBillingPeriod> = {}): CloseDriverBillingPeriod {
  return {
    type: 'CloseDriverBillingPeriod',
    period_id: 'P1',
    emsp: EMSP,
    period_end: '2026-03-01T00:00:00Z',
    closed_at: '2026-03-02T08:00:00Z',
    ...overrides,
  };
}

function period(overrides: Partial<DriverBillingPeriod> = {}): DriverBillingPeriod {
  return {
    period_id: 'P1',
    emsp: EMSP,
    sequence: 1,
    period_start: null,
    period_end: '2026-03-01T00:00:00Z',
    closed_at: '2026-03-02T08:00:00Z',
    ...overrides,
  };
}

const closed = (data: DriverBillingPeriod): DriverBillingEvent => ({
  type: 'DriverBillingPeriodClosed',
  data,
});
const spec = deciderSpec(DriverBilling);

function rejection(given: readonly DriverBillingEvent[], command: CloseDriverBillingPeriod) {
  try {
    spec.given(given).when(command).events();
  } catch (error) {
    expect(error).toBeInstanceOf(PricePlanRejection);
    return error as PricePlanRejection;
  }
  throw new Error('expected a rejection');
}

describe('driver billing decider', () => {
  it('given no period, when one is closed, then it covers everything before its end', () => {
    spec
      .given([])
      .when(close())
      .then([closed(period())]);
  });

  it('given a period, when the next is closed, then it starts at the previous end', () => {
    spec
      .given([closed(period())])
      .when(
        close({
          period_id: 'P2',
          period_end: '2026-04-01T00:00:00Z',
          closed_at: '2026-04-02T00:00:00Z',
        }),
      )
      .then([
        closed(
          period({
            period_id: 'P2',
            sequence: 2,
            period_start: '2026-03-01T00:00:00Z',
            period_end: '2026-04-01T00:00:00Z',
            closed_at: '2026-04-02T00:00:00Z',
          }),
        ),
      ]);
  });

  it('given a period, when the same period_end is closed again, then nothing changes', () => {
    spec
      .given([closed(period())])
      .when(close({ closed_at: '2026-05-01T00:00:00Z' }))
      .thenNothing();
  });

  it('rejects driver_period_in_future', () => {
    const error = rejection([], close({ period_end: '2026-03-03T00:00:00Z' }));
    expect([error.code, error.field]).toEqual(['driver_period_in_future', 'period_end']);
  });

  it('rejects driver_period_not_after_previous', () => {
    const error = rejection([closed(period())], close({ period_end: '2026-02-01T00:00:00Z' }));
    expect([error.code, error.field]).toEqual(['driver_period_not_after_previous', 'period_end']);
  });
});
