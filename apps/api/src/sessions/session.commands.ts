import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { mergePatch, type JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import { SessionDto } from '../../../../libs/ocpi/src/dto/session.dto.js';
import { ReceiverRejection } from '../../../../libs/ocpi/src/receiver-rejection.js';
import * as Session from '../../../../libs/sessions/src/session.decider.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { validOcpiBody } from '../http/ocpi-resource.js';
import type { ObjectKey, ReceiverOutcome } from '../locations/location.commands.js';

export class PutSessionCommand extends Command<ReceiverOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly session: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class PatchSessionCommand extends Command<ReceiverOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly patch: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(PutSessionCommand)
export class PutSessionHandler implements ICommandHandler<PutSessionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, session, context }: PutSessionCommand): Promise<ReceiverOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: Session.sessionStream(key.country_code, key.party_id, key.id),
      decider: Session,
      command: { type: 'PutSession', data: { session } },
      context,
      occurred_at: String(session.last_updated),
    });
    return { changed: outcome.events.length > 0, object: outcome.state.session };
  }
}

/** PATCH merges into the stored Session, and the merged Session must still be valid. */
@CommandHandler(PatchSessionCommand)
export class PatchSessionHandler implements ICommandHandler<PatchSessionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, patch, context }: PatchSessionCommand): Promise<ReceiverOutcome> {
    const stream = Session.sessionStream(key.country_code, key.party_id, key.id);
    const { state } = await loadStream(this.store, stream, Session);
    if (state.session === null) {
      throw new ReceiverRejection('session_unknown', `unknown session ${key.id}: PUT it first`);
    }
    validOcpiBody(SessionDto, mergePatch(state.session, patch));
    const outcome = await runCommand({
      store: this.store,
      stream,
      decider: Session,
      command: { type: 'PatchSession', data: { patch } },
      context,
      occurred_at: String(patch.last_updated),
    });
    return { changed: outcome.events.length > 0, object: outcome.state.session };
  }
}
