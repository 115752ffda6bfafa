/**
 * A charging session as the CPO reports it (`session-<cc>-<party_id>-<id>`). Invariants the
 * ledger holds the CPO to: the energy charged never decreases, the end is never before the
 * start, and a COMPLETED session is final. A delivery that changes nothing is acknowledged
 * without an event.
 */
import {
  mergePatch,
  sameJson,
  type JsonObject,
  ReceiverRejection,
  ciKey,
  sameCiValue,
} from '#ocpi';

export interface PutSession {
  readonly type: 'PutSession';
  readonly data: { readonly session: JsonObject };
}
export interface PatchSession {
  readonly type: 'PatchSession';
  readonly data: { readonly patch: JsonObject };
}
export type SessionCommand = PutSession | PatchSession;

export interface SessionPut {
  readonly type: 'SessionPut';
  readonly data: { readonly session: JsonObject };
}
export interface SessionPatched {
  readonly type: 'SessionPatched';
  readonly data: { readonly patch: JsonObject };
}
export type SessionEvent = SessionPut | SessionPatched;

export type SessionState = { readonly session: JsonObject | null };

export function initialState(): SessionState {
  return { session: null };
}

export function decide(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'PutSession': {
      const next = command.data.session;
      if (state.session !== null && sameJson(state.session, next)) return [];
      assertTransition(state.session, next);
      return [{ type: 'SessionPut', data: command.data }];
    }
    case 'PatchSession': {
      if (state.session === null) {
        throw new ReceiverRejection('session_unknown', 'unknown session: PUT it first');
      }
      const next = mergePatch(state.session, command.data.patch);
      if (sameJson(state.session, next)) return [];
      for (const field of ['country_code', 'party_id', 'id'] as const) {
        if (!sameCiValue(next[field], state.session[field])) {
          throw new ReceiverRejection('object_identity_changed', `${field} cannot change`, field);
        }
      }
      assertTransition(state.session, next);
      return [{ type: 'SessionPatched', data: command.data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionPut':
      return { session: event.data.session };
    case 'SessionPatched':
      return { session: mergePatch(state.session ?? {}, event.data.patch) };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function assertTransition(current: JsonObject | null, next: JsonObject): void {
  if (current !== null && current.status === 'COMPLETED') {
    throw new ReceiverRejection(
      'session_already_completed',
      'the session is COMPLETED: no further updates are accepted',
    );
  }
  const start_ms = Date.parse(String(next.start_date_time));
  if (typeof next.end_date_time === 'string' && Date.parse(next.end_date_time) < start_ms) {
    throw new ReceiverRejection(
      'session_end_before_start',
      'end_date_time must not be before start_date_time',
      'end_date_time',
    );
  }
  if (current !== null && Number(next.kwh) < Number(current.kwh)) {
    throw new ReceiverRejection(
      'session_energy_decreased',
      `kwh must not decrease (was ${String(current.kwh)}, now ${String(next.kwh)})`,
      'kwh',
    );
  }
}

export function sessionStream(country_code: string, party_id: string, id: string): string {
  return `session-${ciKey(country_code)}-${ciKey(party_id)}-${ciKey(id)}`;
}
