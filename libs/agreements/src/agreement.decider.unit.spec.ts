import { RECONCILIATION_DEFAULTS } from './reconciliation-terms.js';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { AgreementTerms } from './agreement.js';
import { agreementStreamName } from './agreement.js';
import {
  agreementBetween,
  agreementInForceAt,
  latestAgreementVersion,
} from './agreement-queries.js';
import { parseAgreementRegistration } from './agreement-validation.js';
import {
  type AgreementEvent,
  type AmendAgreement,
  decide,
  evolve,
  initialState,
  type RegisterAgreement,
} from './agreement.decider.js';

const spec = deciderSpec({ decide, evolve, initialState });

const agreement = parseAgreementRegistration({
  id: 'DEABC-NLXYZ',
  cpo: { country_code: 'DE', party_id: 'ABC' },
  emsp: { country_code: 'NL', party_id: 'XYZ' },
  currency: 'EUR',
  fees: [{ beneficiary: { country_code: 'NL', party_id: 'HUB' }, per_cdr: '0.20' }],
});
const NOW = '2026-01-10T12:00:00Z';
const register: RegisterAgreement = { type: 'RegisterAgreement', agreement, registered_at: NOW };
const registered: AgreementEvent = {
  type: 'AgreementRegistered',
  data: { ...agreement, registered_at: NOW },
};
const new_terms: AgreementTerms = { ...agreement, price_tolerance: '0.05' };
const amend: AmendAgreement = {
  type: 'AmendAgreement',
  agreement_id: agreement.id,
  terms: new_terms,
  effective_from: '2026-02-01T00:00:00Z',
  amended_at: NOW,
};
const amended: AgreementEvent = {
  type: 'AgreementAmended',
  data: {
    currency: 'EUR',
    price_tolerance: '0.05',
    fees: agreement.fees,
    rounding: 'HALF_UP',
    vat_treatment: 'standard',
    payment_terms_days: 30,
    ...RECONCILIATION_DEFAULTS,
    dispute_window_days: 30,
    cdr_deadline_hours: 48,
    stuck_session_hours: 24,
    energy_tolerance_kwh: '0.01',
    agreement_id: agreement.id,
    version: 2,
    effective_from: '2026-02-01T00:00:00Z',
    amended_at: NOW,
  },
};

describe('agreement decider: RegisterAgreement', () => {
  it('given no agreement, when registering, then AgreementRegistered', () => {
    spec.given([]).when(register).then([registered]);
  });

  it('given the same agreement, when registering again, then nothing (idempotent)', () => {
    spec.given([registered]).when(register).thenNothing();
  });

  it('reads an agreement recorded before the reconciliation terms with their defaults', () => {
    const {
      cdr_deadline_hours: _deadline,
      stuck_session_hours: _stuck,
      energy_tolerance_kwh: _tolerance,
      ...older
    } = agreement;
    const recorded: AgreementEvent = {
      type: 'AgreementRegistered',
      data: { ...older, registered_at: NOW } as typeof agreement & { registered_at: string },
    };
    spec.given([recorded]).when(register).thenNothing();
    const [version] = [recorded].reduce(evolve, initialState()).versions;
    expect(version).toMatchObject({
      cdr_deadline_hours: 48,
      stuck_session_hours: 24,
      energy_tolerance_kwh: '0.01',
    });
  });

  it('given an amended agreement, when the original registration is retried, then nothing', () => {
    spec.given([registered, amended]).when(register).thenNothing();
  });

  it('given the agreement, when registering other content for its id, then agreement_conflict', () => {
    const other = { ...register, agreement: { ...agreement, price_tolerance: '1' } };
    spec.given([registered]).when(other).thenRejects('agreement_conflict');
  });
});

describe('agreement decider: AmendAgreement', () => {
  it('given the agreement, when amending from a future instant, then AgreementAmended v2', () => {
    spec.given([registered]).when(amend).then([amended]);
  });

  it('given the amendment, when it is retried, then nothing', () => {
    spec.given([registered, amended]).when(amend).thenNothing();
  });

  it('given no agreement, when amending, then agreement_unknown', () => {
    spec.given([]).when(amend).thenRejects('agreement_unknown');
  });

  it('when the amendment would take effect before now, then agreement_amendment_retroactive', () => {
    const past = { ...amend, effective_from: '2026-01-10T11:59:59Z' };
    spec
      .given([registered])
      .when(past)
      .thenRejects('agreement_amendment_retroactive', 'effective_from');
  });

  it('when it would take effect before the latest version, then agreement_amendment_retroactive', () => {
    const earlier = {
      ...amend,
      terms: agreement,
      effective_from: '2026-01-20T00:00:00Z',
      amended_at: '2026-01-15T00:00:00Z',
    };
    spec.given([registered, amended]).when(earlier).thenRejects('agreement_amendment_retroactive');
  });

  it('takes effect at the command time exactly', () => {
    const now = { ...amend, effective_from: NOW };
    expect(spec.given([registered]).when(now).events()).toHaveLength(1);
  });
});

describe('agreementInForceAt', () => {
  const state = [registered, amended].reduce(evolve, initialState());

  it('gives version 1 (in force since always) before the amendment, version 2 from it', () => {
    expect(agreementInForceAt(state, '2000-01-01T00:00:00Z')?.version).toBe(1);
    expect(agreementInForceAt(state, '2026-01-31T23:59:59Z')?.version).toBe(1);
    expect(agreementInForceAt(state, '2026-02-01T00:00:00Z')?.price_tolerance).toBe('0.05');
    expect(agreementInForceAt(state, '2026-02-01T01:00:00+01:00')?.version).toBe(2);
    expect(latestAgreementVersion(state)?.version).toBe(2);
  });

  it('gives null when unknown or not yet in force', () => {
    expect(agreementInForceAt(initialState(), NOW)).toBeNull();
    const later = {
      ...registered,
      data: { ...registered.data, effective_from: '2026-03-01T00:00:00Z' },
    };
    expect(agreementInForceAt(evolve(initialState(), later), NOW)).toBeNull();
  });

  it('carries the parties and settlement terms on every version', () => {
    const v2 = agreementInForceAt(state, '2027-01-01T00:00:00Z')!;
    expect(v2).toMatchObject({
      agreement_id: 'DEABC-NLXYZ',
      cpo: agreement.cpo,
      emsp: agreement.emsp,
    });
    expect(agreementStreamName(v2.agreement_id)).toBe('agreement-DEABC-NLXYZ');
  });

  it('events are JSON-serialisable as they are', () => {
    expect(JSON.parse(JSON.stringify(amended))).toEqual(amended);
  });
});

describe('agreementBetween', () => {
  const state = [registered, amended].reduce(evolve, initialState());
  const parties = { cpo: agreement.cpo, emsp: agreement.emsp };

  it('finds the version in force between the parties', () => {
    expect(agreementBetween([state], parties, '2026-03-01T00:00:00Z')?.version).toBe(2);
    expect(agreementBetween([state], { cpo: agreement.emsp, emsp: agreement.cpo }, NOW)).toBeNull();
    expect(agreementBetween([], parties, NOW)).toBeNull();
  });

  it('prefers the agreement that took effect last', () => {
    const successor = evolve(initialState(), {
      type: 'AgreementRegistered',
      data: {
        ...agreement,
        id: 'NEXT',
        effective_from: '2026-02-15T00:00:00Z',
        registered_at: NOW,
      },
    });
    expect(
      agreementBetween([successor, state], parties, '2026-03-01T00:00:00Z')?.agreement_id,
    ).toBe('NEXT');
    expect(
      agreementBetween([successor, state], parties, '2026-02-10T00:00:00Z')?.agreement_id,
    ).toBe('DEABC-NLXYZ');
  });
});
