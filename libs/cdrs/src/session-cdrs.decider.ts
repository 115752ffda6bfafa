import { ciEqual, ciKey } from '#ocpi';

/**
 * Which non-credit CDRs name one session id (`cdrs-of-session-{cc}-{pid}-{session_id}`, all folded
 * CiStrings): the index the DUPLICATE_SESSION check reads. The CDR handler links a CDR here at
 * the stream's expected revision before it appends the CDR, so two CDRs of one session that
 * arrive together cannot both miss each other. LinkSessionCdr -> SessionCdrLinked; a CDR linked
 * before (any case) -> no events. No rejections.
 */
export interface LinkSessionCdr {
  readonly type: 'LinkSessionCdr';
  readonly session_id: string;
  readonly cdr_id: string;
  readonly linked_at: string;
}

export interface SessionCdrLinked {
  readonly type: 'SessionCdrLinked';
  readonly data: {
    readonly session_id: string;
    readonly cdr_id: string;
    readonly linked_at: string;
  };
}

export type SessionCdrsEvent = SessionCdrLinked;

export interface SessionCdrsState {
  readonly cdr_ids: readonly string[];
}

export function initialState(): SessionCdrsState {
  return { cdr_ids: [] };
}

export function decide(command: LinkSessionCdr, state: SessionCdrsState): SessionCdrsEvent[] {
  if (state.cdr_ids.some((cdr_id) => ciEqual(cdr_id, command.cdr_id))) return [];
  const { session_id, cdr_id, linked_at } = command;
  return [{ type: 'SessionCdrLinked', data: { session_id, cdr_id, linked_at } }];
}

export function evolve(state: SessionCdrsState, event: SessionCdrsEvent): SessionCdrsState {
  switch (event.type) {
    case 'SessionCdrLinked':
      return { cdr_ids: [...state.cdr_ids, event.data.cdr_id] };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

/** The other CDRs of the session: every linked id but the CDR's own (any case). */
export function otherSessionCdrs(state: SessionCdrsState, cdr_id: string): string[] {
  return state.cdr_ids.filter((linked) => !ciEqual(linked, cdr_id));
}

export function sessionCdrsStream(country_code: string, party_id: string, session_id: string) {
  return `cdrs-of-session-${ciKey(country_code)}-${ciKey(party_id)}-${ciKey(session_id)}`;
}
