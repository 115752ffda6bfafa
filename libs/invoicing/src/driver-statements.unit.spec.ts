import { isRejection } from '#ledger';
import type { PricePlanState, PricePlanVersion } from '#price-plans';
import type { StatementCdrLine } from '#settlement';
import { pricePlanVersionOf } from './driver-statements.js';

const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const PERIOD = {
  emsp: EMSP,
  period_id: 'P1',
  sequence: 1,
  period_start: null,
  period_end: '2026-06-01T00:00:00Z',
  closed_at: '2026-06-01T00:00:00Z',
};

function plan(version: number, effective_from: string): PricePlanVersion {
  const terms = { markup_percent: String(version * 10), fee_per_session: '0.35' };
  return { emsp: EMSP, version, ...terms, effective_from, recorded_at: effective_from };
}

function line(start_date_time: string): StatementCdrLine {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    cdr_id: 'CDR1',
    session: { start_date_time },
  } as unknown as StatementCdrLine;
}

function rejection(plans: PricePlanState, at: string): string {
  try {
    pricePlanVersionOf(plans, PERIOD, line(at));
  } catch (error) {
    if (isRejection(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no rejection';
}

describe('the price-plan version of a driver session', () => {
  const plans: PricePlanState = {
    versions: [plan(1, '2026-02-01T00:00:00Z'), plan(2, '2026-04-01T00:00:00Z')],
  };

  it('is the version in force when the session started', () => {
    expect(pricePlanVersionOf(plans, PERIOD, line('2026-03-15T10:00:00Z')).version).toBe(1);
    expect(pricePlanVersionOf(plans, PERIOD, line('2026-04-01T00:00:00Z')).version).toBe(2);
  });

  it('is refused for a session before the first version, naming the CDR and the date', () => {
    const refused = rejection(plans, '2026-01-31T23:59:59Z');
    expect(refused).toMatch(/^price_plan_not_in_force: CDR DE\/ABC\/CDR1/);
    expect(refused).toContain('2026-02-01T00:00:00Z');
  });

  it('is refused as missing when the eMSP has no plan at all', () => {
    expect(rejection({ versions: [] }, '2026-03-01T00:00:00Z')).toMatch(/^price_plan_missing/);
  });
});
