import { Inject, Injectable } from '@nestjs/common';
import { Cdr, cdrStreamName, type CdrKey, SessionCdrs } from '#cdrs';
import type { EventStore, ExpectedRevision } from '#event-store';
import { loadStream, toNewEvents, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

/** Upper bound on the other CDRs of one session looked at (a session has one CDR, normally). */
const SESSION_CDRS_MAX = 32;

export interface SessionIndex {
  readonly stream: string;
  readonly revision: ExpectedRevision;
  readonly state: SessionCdrs.SessionCdrsState;
  /** The other CDRs of the session that still count: not rejected, not credited. */
  readonly others: readonly string[];
}

/** The session's CDR index (libs/cdrs session-cdrs.decider.ts) for the DUPLICATE_SESSION check. */
@Injectable()
export class SessionCdrIndex {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The index of the CDR's session, or null for a CDR without a session id. */
  async of(key: CdrKey, session_id: unknown): Promise<SessionIndex | null> {
    if (typeof session_id !== 'string' || session_id === '') return null;
    const stream = SessionCdrs.sessionCdrsStream(key.country_code, key.party_id, session_id);
    const loaded = await loadStream(this.store, stream, SessionCdrs);
    const others: string[] = [];
    for (const cdr_id of SessionCdrs.otherSessionCdrs(loaded.state, key.cdr_id).slice(
      0,
      SESSION_CDRS_MAX,
    )) {
      const other = await loadStream(this.store, cdrStreamName({ ...key, cdr_id }), Cdr);
      // A rejected CDR, or one reversed by a credit CDR, no longer settles the session: the
      // CPO's corrected CDR for it is no duplicate.
      const live =
        other.state.received !== null &&
        other.state.resolved?.decision !== 'REJECT' &&
        other.state.credited === null;
      if (live) {
        others.push(cdr_id);
      }
    }
    return { stream, ...loaded, others };
  }

  /** Links the CDR to its session at the index's expected revision (a conflict is retried). */
  async link(index: SessionIndex, key: CdrKey, session_id: string, context: RequestContext) {
    const command: SessionCdrs.LinkSessionCdr = {
      type: 'LinkSessionCdr',
      session_id,
      cdr_id: key.cdr_id,
      linked_at: context.received_at,
    };
    const events = SessionCdrs.decide(command, index.state);
    if (events.length === 0) return;
    const new_events = toNewEvents(
      index.stream,
      index.revision,
      events,
      context,
      context.received_at,
    );
    await this.store.append(index.stream, new_events, index.revision);
  }
}
