import * as Session from './session.decider.js';

const session = {
  country_code: 'DE',
  party_id: 'ABC',
  id: 'S1',
  start_date_time: '2026-03-02T10:00:00Z',
  kwh: 5,
  status: 'ACTIVE',
  last_updated: '2026-03-02T10:00:00Z',
};
const given = (events: Session.SessionEvent[]) =>
  events.reduce(Session.evolve, Session.initialState());
const stored = () => given([{ type: 'SessionPut', data: { session } }]);
const patch = (p: Record<string, unknown>): Session.PatchSession => ({
  type: 'PatchSession',
  data: { patch: p },
});
const code = (c: string) => expect.objectContaining({ receiver_code: c });

describe('Session decider', () => {
  it('given nothing, when PUT, then SessionPut; the same PUT: nothing', () => {
    const events = Session.decide({ type: 'PutSession', data: { session } }, given([]));
    expect(events).toEqual([{ type: 'SessionPut', data: { session } }]);
    expect(Session.decide({ type: 'PutSession', data: { session } }, given(events))).toEqual([]);
  });

  it('given a session, when PATCH raises kwh, then SessionPatched', () => {
    const events = Session.decide(
      patch({ kwh: 7, last_updated: '2026-03-02T10:10:00Z' }),
      stored(),
    );
    expect(events).toEqual([
      { type: 'SessionPatched', data: { patch: { kwh: 7, last_updated: '2026-03-02T10:10:00Z' } } },
    ]);
    expect(events.reduce(Session.evolve, stored()).session?.kwh).toBe(7);
  });

  it('refuses energy going down: session_energy_decreased', () => {
    expect(() => Session.decide(patch({ kwh: 4 }), stored())).toThrow(
      code('session_energy_decreased'),
    );
    expect(() =>
      Session.decide({ type: 'PutSession', data: { session: { ...session, kwh: 1 } } }, stored()),
    ).toThrow(code('session_energy_decreased'));
  });

  it('refuses an end before the start: session_end_before_start', () => {
    expect(() =>
      Session.decide(patch({ end_date_time: '2026-03-02T09:59:59Z' }), stored()),
    ).toThrow(code('session_end_before_start'));
  });

  it('refuses any change after COMPLETED: session_already_completed', () => {
    const completed = given([
      { type: 'SessionPut', data: { session: { ...session, status: 'COMPLETED' } } },
    ]);
    expect(() => Session.decide(patch({ kwh: 6 }), completed)).toThrow(
      code('session_already_completed'),
    );
    expect(Session.decide(patch({ status: 'COMPLETED' }), completed)).toEqual([]);
  });

  it('refuses PATCH of an unknown session (session_unknown) and identity changes', () => {
    expect(() => Session.decide(patch({ kwh: 1 }), given([]))).toThrow(code('session_unknown'));
    expect(() => Session.decide(patch({ party_id: 'XYZ' }), stored())).toThrow(
      code('object_identity_changed'),
    );
  });
});
