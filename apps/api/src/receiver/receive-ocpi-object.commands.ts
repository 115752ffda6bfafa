import { Inject, Module } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { mergePatch, type JsonObject, ReceiverRejection, type ReceiverRejectionCode } from '#ocpi';
import {
  loadStream,
  runCommand,
  type DomainEvent,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { validOcpiBody } from '../http/ocpi-resource.js';
import type { ObjectKey, ReceiverOutcome, ReplaceableObjectKind } from './ocpi-object.js';

/** An OCPI object, or fields of one, that a CPO delivered to the object's URL. */
abstract class OcpiObjectDelivery<
  TCommand,
  TEvent extends DomainEvent,
  TState,
> extends Command<ReceiverOutcome> {
  constructor(
    readonly kind: ReplaceableObjectKind<TCommand, TEvent, TState>,
    readonly key: ObjectKey,
    /** PUT: the whole object, already validated; PATCH: the fields to merge. */
    readonly body: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Create or replace an OCPI object. */
export class PutOcpiObjectCommand<C, E extends DomainEvent, S> extends OcpiObjectDelivery<
  C,
  E,
  S
> {}

/** Merge fields into a held OCPI object; the merged object must still be valid. */
export class PatchOcpiObjectCommand<C, E extends DomainEvent, S> extends OcpiObjectDelivery<
  C,
  E,
  S
> {}

type AnyPut = PutOcpiObjectCommand<unknown, DomainEvent, unknown>;
type AnyPatch = PatchOcpiObjectCommand<unknown, DomainEvent, unknown>;

@CommandHandler(PutOcpiObjectCommand)
class PutOcpiObjectHandler implements ICommandHandler<AnyPut> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute<C, E extends DomainEvent, S>(put: PutOcpiObjectCommand<C, E, S>) {
    const { kind, body } = put;
    return decideAndAppend(this.store, put, kind.putCommand(body), String(body.last_updated));
  }
}

@CommandHandler(PatchOcpiObjectCommand)
class PatchOcpiObjectHandler implements ICommandHandler<AnyPatch> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute<C, E extends DomainEvent, S>(command: PatchOcpiObjectCommand<C, E, S>) {
    const { kind, key, body: patch } = command;
    const { state } = await loadStream(this.store, streamOf(kind, key), kind.decider);
    const held = kind.held(state);
    if (held === null) {
      const unknown: ReceiverRejectionCode = `${kind.name}_unknown`;
      throw new ReceiverRejection(unknown, `unknown ${kind.name} ${key.id}: PUT it first`);
    }
    kind.assertPatchAllowed(held, patch);
    kind.assertAcceptable(validOcpiBody(kind.dto, mergePatch(held, patch)));
    const occurred_at = String(patch.last_updated);
    return decideAndAppend(this.store, command, kind.patchCommand(patch), occurred_at);
  }
}

/** Decide on the stream's current state and append at its revision (bounded retries). */
async function decideAndAppend<C, E extends DomainEvent, S>(
  store: EventStore,
  { kind, key, context }: OcpiObjectDelivery<C, E, S>,
  command: C,
  occurred_at: string,
): Promise<ReceiverOutcome> {
  const outcome = await runCommand({
    store,
    stream: streamOf(kind, key),
    decider: kind.decider,
    command,
    context,
    occurred_at,
  });
  return { changed: outcome.events.length > 0, object: kind.held(outcome.state) };
}

function streamOf<C, E extends DomainEvent, S>(
  kind: ReplaceableObjectKind<C, E, S>,
  key: ObjectKey,
): string {
  return kind.stream(key.country_code, key.party_id, key.id);
}

/** One instance of the handlers, however many object modules import it. */
@Module({ providers: [PutOcpiObjectHandler, PatchOcpiObjectHandler] })
export class OcpiObjectCommandsModule {}
