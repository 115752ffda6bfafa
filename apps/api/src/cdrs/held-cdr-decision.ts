import { Inject, Injectable } from '@nestjs/common';
import { Cdr, cdrStreamName, type CdrContext, type CdrState, cdrTransactionId } from '#cdrs';
import type { EventStore } from '#event-store';
import { type JsonObject, ciKey } from '#ocpi';
import { DomainRejection } from '#ledger';
import {
  retryOnConflict,
  loadStream,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { CdrContextLookup } from './cdr-context.service.js';
import type { CdrKeyParams } from './get-cdr.query.js';
import { SessionCdrIndex } from './session-cdr-index.js';

/** What a decision on a received CDR is made with: today's context and its transaction id. */
export interface CdrAssessment {
  readonly context: CdrContext;
  readonly transaction_id: string;
}

/**
 * The one flow of deciding again on a CDR the ledger received (reassessing a held CDR, or a
 * person resolving it): load its stream, look up today's context, decide, append at the revision
 * it was decided on; a lost race is decided again on the new state (retryOnConflict).
 */
@Injectable()
export class HeldCdrDecisions {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: CdrContextLookup,
    private readonly sessions: SessionCdrIndex,
  ) {}

  async decide(
    key: CdrKeyParams,
    context: RequestContext,
    command_for: (assessment: CdrAssessment) => Cdr.CdrCommand,
  ): Promise<CdrState> {
    const cdr_key = {
      country_code: ciKey(key.country_code),
      party_id: ciKey(key.party_id),
      cdr_id: key.cdr_id,
    };
    const stream = cdrStreamName(cdr_key);
    return retryOnConflict(stream, async () => {
      const loaded = await loadStream(this.store, stream, Cdr);
      if (loaded.state.received === null) {
        throw new DomainRejection('cdr_unknown', `unknown CDR ${cdr_key.cdr_id}`);
      }
      const cdr = loaded.state.received.cdr as JsonObject;
      const session = await this.sessions.of(cdr_key, cdr.session_id);
      const command = command_for({
        context: await this.lookup.contextOf(cdr, session?.others ?? []),
        transaction_id: cdrTransactionId(cdr_key),
      });
      const events = Cdr.decide(command, loaded.state);
      if (events.length === 0) return loaded.state;
      const new_events = toNewEvents(stream, loaded.revision, events, context, context.received_at);
      await this.store.append(stream, new_events, loaded.revision);
      return events.reduce(Cdr.evolve, loaded.state);
    });
  }
}
