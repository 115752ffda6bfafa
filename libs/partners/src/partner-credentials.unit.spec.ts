import * as Partner from './partner.decider.js';
import * as PartnerToken from './partner-token.decider.js';

const party = { country_code: 'DE', party_id: 'ABC' };
const registered: Partner.PartnerEvent = {
  type: 'PartnerRegistered',
  data: {
    ...party,
    role: 'CPO',
    name: 'ABC',
    token_sha256: 'c'.repeat(64),
    registered_at: '2026-01-01T00:00:00Z',
  },
};

function given<S, E>(decider: { initialState(): S; evolve(s: S, e: E): S }, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}

describe('Partner decider: the credentials handshake', () => {
  const rotate: Partner.RotatePartnerToken = {
    type: 'RotatePartnerToken',
    data: { token_sha256: 'd'.repeat(64), rotated_at: '2026-02-01T00:00:00Z' },
  };
  const unregister: Partner.UnregisterPartner = {
    type: 'UnregisterPartner',
    data: { unregistered_at: '2026-03-01T00:00:00Z' },
  };

  it('given a partner, when rotating, then PartnerTokenRotated and the new token is its own', () => {
    const events = Partner.decide(rotate, given(Partner, [registered]));
    expect(events).toEqual([{ type: 'PartnerTokenRotated', data: rotate.data }]);
    const state = given(Partner, [registered, ...events]);
    expect(state).toMatchObject({
      status: 'registered',
      partner: { token_sha256: 'd'.repeat(64) },
    });
  });

  it('given a partner, when unregistering, then PartnerUnregistered; it may register again', () => {
    const events = Partner.decide(unregister, given(Partner, [registered]));
    expect(events).toEqual([{ type: 'PartnerUnregistered', data: unregister.data }]);
    const state = given(Partner, [registered, ...events]);
    expect(state).toEqual({ status: 'unregistered' });
    expect(Partner.decide({ type: 'RegisterPartner', data: registered.data }, state)).toHaveLength(
      1,
    );
  });

  it('given no partner, when rotating or unregistering, then partner_not_registered', () => {
    for (const command of [rotate, unregister]) {
      expect(() => Partner.decide(command, Partner.initialState())).toThrow(
        expect.objectContaining({ receiver_code: 'partner_not_registered' }),
      );
    }
  });
});

describe('PartnerToken decider: registration tokens', () => {
  const issue: PartnerToken.IssueRegistrationToken = {
    type: 'IssueRegistrationToken',
    data: { token_sha256: 'a'.repeat(64), party, issued_at: '2026-01-01T00:00:00Z' },
  };
  const spend: PartnerToken.SpendRegistrationToken = {
    type: 'SpendRegistrationToken',
    data: { token_sha256: 'a'.repeat(64), spent_at: '2026-01-02T00:00:00Z' },
  };

  it('given nothing, when issuing, then PartnerRegistrationTokenIssued; spent once only', () => {
    const issued = PartnerToken.decide(issue, PartnerToken.initialState());
    expect(issued).toEqual([{ type: 'PartnerRegistrationTokenIssued', data: issue.data }]);
    const spent = PartnerToken.decide(spend, given(PartnerToken, issued));
    expect(spent).toEqual([{ type: 'PartnerRegistrationTokenSpent', data: spend.data }]);
    expect(() => PartnerToken.decide(spend, given(PartnerToken, [...issued, ...spent]))).toThrow(
      expect.objectContaining({ receiver_code: 'registration_token_spent' }),
    );
  });

  it('given a partner token or nothing, when spending, then registration_token_unknown', () => {
    const assigned = PartnerToken.decide(
      { type: 'AssignToken', data: { token_sha256: 'a'.repeat(64), party } },
      PartnerToken.initialState(),
    );
    for (const state of [PartnerToken.initialState(), given(PartnerToken, assigned)]) {
      expect(() => PartnerToken.decide(spend, state)).toThrow(
        expect.objectContaining({ receiver_code: 'registration_token_unknown' }),
      );
    }
  });

  it('given a registration token, when assigning it as a partner token, then partner_token_in_use', () => {
    const state = given(PartnerToken, PartnerToken.decide(issue, PartnerToken.initialState()));
    const assign = { type: 'AssignToken' as const, data: { token_sha256: 'a'.repeat(64), party } };
    expect(() => PartnerToken.decide(assign, state)).toThrow(
      expect.objectContaining({ receiver_code: 'partner_token_in_use' }),
    );
    expect(() => PartnerToken.decide(issue, state)).toThrow(
      expect.objectContaining({ receiver_code: 'partner_token_in_use' }),
    );
  });

  it('given a partner token, when revoking, then PartnerTokenRevoked once; others: nothing', () => {
    const revoke: PartnerToken.RevokeToken = {
      type: 'RevokeToken',
      data: { token_sha256: 'a'.repeat(64), revoked_at: '2026-01-03T00:00:00Z', reason: 'ROTATED' },
    };
    const assigned = PartnerToken.decide(
      { type: 'AssignToken', data: { token_sha256: 'a'.repeat(64), party } },
      PartnerToken.initialState(),
    );
    const revoked = PartnerToken.decide(revoke, given(PartnerToken, assigned));
    expect(revoked).toEqual([{ type: 'PartnerTokenRevoked', data: revoke.data }]);
    expect(PartnerToken.decide(revoke, given(PartnerToken, [...assigned, ...revoked]))).toEqual([]);
    expect(PartnerToken.decide(revoke, PartnerToken.initialState())).toEqual([]);
  });
});
