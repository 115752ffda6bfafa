import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as Cdr from '../../../../libs/cdrs/src/cdr.decider.js';
import {
  CDR_RESOLUTION_DECISIONS,
  cdrStreamName,
  type CdrResolutionDecision,
  type CdrState,
} from '../../../../libs/cdrs/src/cdr.js';
import { cdrTransactionId } from '../../../../libs/cdrs/src/cdr-input.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import { DomainRejection, invalidField } from '../../../../libs/ledger/src/index.js';
import {
  ConcurrencyExhausted,
  isConcurrencyConflict,
  loadStream,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { CdrContextLookup } from './cdr-context.service.js';
import type { CdrKeyParams } from './get-cdr.query.js';
import { SessionCdrIndex } from './session-cdr-index.js';

/** Longest resolution note kept (characters). */
export const NOTE_LENGTH_MAX = 2000;

export interface CdrResolutionBody {
  readonly decision: CdrResolutionDecision;
  readonly note: string;
}

/** `{ decision, note }` of `POST /v1/cdrs/{...}/resolution`, or a 400 naming the field. */
export function parseCdrResolution(body: unknown): CdrResolutionBody {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const decision = input.decision;
  if (
    typeof decision !== 'string' ||
    !(CDR_RESOLUTION_DECISIONS as readonly string[]).includes(decision)
  ) {
    throw invalidField('decision', `must be one of ${CDR_RESOLUTION_DECISIONS.join(', ')}`);
  }
  return { decision: decision as CdrResolutionDecision, note: parseNote(input.note) };
}

/** A resolution's note: required, 1 to NOTE_LENGTH_MAX characters. */
export function parseNote(note: unknown): string {
  if (typeof note !== 'string' || note.trim() === '' || note.length > NOTE_LENGTH_MAX) {
    throw invalidField('note', `must be a text of 1 to ${NOTE_LENGTH_MAX} characters`);
  }
  return note;
}

export class ResolveCdrCommand extends Command<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly resolution: CdrResolutionBody,
    readonly context: RequestContext,
  ) {
    super();
  }
}

const ATTEMPTS_MAX = 8;

/** A dispute handler or admin posts or rejects a held CDR for good (libs/cdrs cdr-resolution). */
@CommandHandler(ResolveCdrCommand)
export class ResolveCdrHandler implements ICommandHandler<ResolveCdrCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: CdrContextLookup,
    private readonly sessions: SessionCdrIndex,
  ) {}

  async execute({ key, resolution, context }: ResolveCdrCommand): Promise<CdrState> {
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
      const command: Cdr.CdrCommand = {
        type: 'ResolveHeldCdr',
        ...resolution,
        context: await this.lookup.contextOf(cdr, session?.others ?? []),
        transaction_id: cdrTransactionId(cdr_key),
        resolved_by: context.principal,
        resolved_at: context.received_at,
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
