import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as Cdr from '../../../../libs/cdrs/src/cdr.decider.js';
import { cdrStreamName, type CdrState } from '../../../../libs/cdrs/src/cdr.js';
import { cdrTransactionId } from '../../../../libs/cdrs/src/cdr-input.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import { DomainRejection } from '../../../../libs/ledger/src/domain-rejection.js';
import {
  ConcurrencyExhausted,
  isConcurrencyConflict,
  loadStream,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { CdrContextLookup } from './cdr-context.service.js';
import { SessionCdrIndex } from './session-cdr-index.js';
import type { CdrKeyParams } from './get-cdr.query.js';

export class ReassessCdrCommand extends Command<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Upper bound on optimistic-concurrency retries. */
const ATTEMPTS_MAX = 8;

/**
 * Assesses a held CDR again in today's context (a tariff, Location or agreement that arrived
 * after the CDR): it is posted now, or stays held with the current reason.
 */
@CommandHandler(ReassessCdrCommand)
export class ReassessCdrHandler implements ICommandHandler<ReassessCdrCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: CdrContextLookup,
    private readonly sessions: SessionCdrIndex,
  ) {}

  async execute({ key, context }: ReassessCdrCommand): Promise<CdrState> {
    const cdr_key = {
      country_code: ciKey(key.country_code),
      party_id: ciKey(key.party_id),
      cdr_id: key.cdr_id,
    };
    const stream = cdrStreamName(cdr_key);
    for (let attempt = 1; attempt <= ATTEMPTS_MAX; attempt += 1) {
      const loaded = await loadStream(this.store, stream, Cdr);
      if (loaded.state.received === null) {
        throw new DomainRejection('cdr_unknown', `unknown CDR ${cdr_key.cdr_id}`);
      }
      const cdr = loaded.state.received.cdr as JsonObject;
      const session = await this.sessions.of(cdr_key, cdr.session_id);
      const command: Cdr.ReassessCdr = {
        type: 'ReassessCdr',
        context: await this.lookup.contextOf(cdr, session?.others ?? []),
        transaction_id: cdrTransactionId(cdr_key),
        reassessed_at: context.received_at,
      };
      const events = Cdr.decide(command, loaded.state);
      if (events.length === 0) return loaded.state;
      try {
        const new_events = toNewEvents(
          stream,
          loaded.revision,
          events,
          context,
          context.received_at,
        );
        await this.store.append(stream, new_events, loaded.revision);
        return events.reduce(Cdr.evolve, loaded.state);
      } catch (error) {
        if (isConcurrencyConflict(error)) continue;
        throw error;
      }
    }
    throw new ConcurrencyExhausted(stream);
  }
}
