import { DomainRejection } from '#ledger';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import * as PricePlan from './price-plan.decider.js';
import type { PricePlanEvent, SetPricePlan } from './price-plan.decider.js';
import {
  planInForceAt,
  PricePlanRejection,
  type PricePlanRejectionCode,
  type PricePlanVersion,
} from './price-plan.js';

const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const NOW = '2026-03-01T10:00:00Z';

function setPlan(overrides: Partial<SetPricePlan> = {}): SetPricePlan {
  return {
    type: 'SetPricePlan',
    emsp: EMSP,
    partner_role: 'EMSP',
    markup_percent: '10',
    fee_per_session: '0.35',
    effective_from: undefined,
    requested_at: NOW,
    ...overrides,
  };
}

function version(overrides: Partial<PricePlanVersion> = {}): PricePlanVersion {
  return {
    emsp: EMSP,
    version: 1,
    markup_percent: '10',
    fee_per_session: '0.35',
    effective_from: NOW,
    recorded_at: NOW,
    ...overrides,
  };
}

const planSet = (data: PricePlanVersion): PricePlanEvent => ({ type: 'PricePlanSet', data });
const spec = deciderSpec(PricePlan);

function thenRejectsPlan(
  given: readonly PricePlanEvent[],
  command: SetPricePlan,
  code: PricePlanRejectionCode,
  field?: string,
): void {
  let caught: unknown;
  try {
    spec.given(given).when(command).events();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PricePlanRejection);
  expect(DomainRejection.is(caught) || caught instanceof DomainRejection).toBe(true);
  expect((caught as PricePlanRejection).code).toBe(code);
  expect((caught as PricePlanRejection).field).toBe(field);
}

describe('price plan decider', () => {
  it('given no plan, when a plan is set, then version 1 is in force from now', () => {
    spec
      .given([])
      .when(setPlan())
      .then([planSet(version())]);
  });

  it('given no plan, when the first plan starts in the past, then it is in force from then', () => {
    // Nothing was priced before the first plan (driver invoicing needs one), so it may cover the
    // eMSP's earlier sessions.
    spec
      .given([])
      .when(setPlan({ effective_from: '2026-01-01T00:00:00Z' }))
      .then([planSet(version({ effective_from: '2026-01-01T00:00:00Z' }))]);
  });

  it('given a plan, when the same body is set again, then nothing changes', () => {
    spec
      .given([planSet(version())])
      .when(setPlan())
      .thenNothing();
    spec
      .given([planSet(version())])
      .when(setPlan({ markup_percent: '10.00', fee_per_session: '0.350' }))
      .thenNothing();
  });

  it('given a plan, when other terms are set later, then version 2 starts then', () => {
    const later = '2026-03-05T00:00:00Z';
    spec
      .given([planSet(version())])
      .when(setPlan({ markup_percent: '12.5', requested_at: later }))
      .then([
        planSet(
          version({
            version: 2,
            markup_percent: '12.5',
            effective_from: later,
            recorded_at: later,
          }),
        ),
      ]);
  });

  it('given no plan, when a plan is set for a future date, then it starts then', () => {
    const events = spec
      .given([])
      .when(setPlan({ effective_from: '2026-04-01T02:00:00+02:00' }))
      .events();
    expect(events[0]!.data.effective_from).toBe('2026-04-01T00:00:00Z');
  });

  it('knows the version in force at an instant', () => {
    const state = [
      planSet(version()),
      planSet(version({ version: 2, effective_from: '2026-04-01T00:00:00Z' })),
    ].reduce(PricePlan.evolve, PricePlan.initialState());
    expect(planInForceAt(state, '2026-02-01T00:00:00Z')).toBeNull();
    expect(planInForceAt(state, '2026-03-31T23:59:59Z')?.version).toBe(1);
    expect(planInForceAt(state, '2026-04-01T00:00:00Z')?.version).toBe(2);
  });

  describe('rejections', () => {
    it.each([
      ['markup_percent', { markup_percent: '-1' }],
      ['markup_percent', { markup_percent: 'ten' }],
      ['markup_percent', { markup_percent: undefined }],
      ['fee_per_session', { fee_per_session: '0,35' }],
      ['fee_per_session', { fee_per_session: null }],
      ['effective_from', { effective_from: 'tomorrow' }],
    ] as const)('validation_failed naming %s', (field, overrides) => {
      spec.given([]).when(setPlan(overrides)).thenRejects('validation_failed', field);
    });

    it('price_plan_partner_unknown when no partner has that party id', () => {
      thenRejectsPlan([], setPlan({ partner_role: null }), 'price_plan_partner_unknown');
    });

    it('price_plan_partner_not_emsp when the partner is a CPO', () => {
      thenRejectsPlan([], setPlan({ partner_role: 'CPO' }), 'price_plan_partner_not_emsp');
    });

    it('price_plan_retroactive when a later version starts before now', () => {
      const first = version({ effective_from: '2026-01-01T00:00:00Z' });
      thenRejectsPlan(
        [planSet(first)],
        setPlan({ markup_percent: '20', effective_from: '2026-02-01T00:00:00Z' }),
        'price_plan_retroactive',
        'effective_from',
      );
    });

    it('price_plan_retroactive when effective_from is not after the latest version', () => {
      const scheduled = version({ effective_from: '2026-05-01T00:00:00Z' });
      thenRejectsPlan(
        [planSet(scheduled)],
        setPlan({ markup_percent: '20', effective_from: '2026-04-01T00:00:00Z' }),
        'price_plan_retroactive',
        'effective_from',
      );
    });
  });
});
