import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import * as Location from '../../../../libs/locations/src/location.decider.js';
import { mergePatch, type JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import { LocationDto } from '../../../../libs/ocpi/src/dto/location.dto.js';
import { ReceiverRejection } from '../../../../libs/ocpi/src/receiver-rejection.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { isValidTimeZone } from '../../../../libs/tariffs/src/index.js';
import { BodyInvalid } from '../http/body-invalid.error.js';
import { validOcpiBody } from '../http/ocpi-resource.js';

export interface ObjectKey {
  readonly country_code: string;
  readonly party_id: string;
  readonly id: string;
}

export interface ReceiverOutcome {
  /** False when the delivery changed nothing (an idempotent retry). */
  readonly changed: boolean;
  readonly object: JsonObject | null;
}

export class PutLocationCommand extends Command<ReceiverOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly location: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class PatchLocationCommand extends Command<ReceiverOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly patch: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(PutLocationCommand)
export class PutLocationHandler implements ICommandHandler<PutLocationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, location, context }: PutLocationCommand): Promise<ReceiverOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: Location.locationStream(key.country_code, key.party_id, key.id),
      decider: Location,
      command: { type: 'PutLocation', data: { location } },
      context,
      occurred_at: String(location.last_updated),
    });
    return { changed: outcome.events.length > 0, object: outcome.state.location };
  }
}

/** PATCH merges into the stored Location, and the merged Location must still be valid. */
@CommandHandler(PatchLocationCommand)
export class PatchLocationHandler implements ICommandHandler<PatchLocationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, patch, context }: PatchLocationCommand): Promise<ReceiverOutcome> {
    const stream = Location.locationStream(key.country_code, key.party_id, key.id);
    const { state } = await loadStream(this.store, stream, Location);
    if (state.location === null) {
      throw new ReceiverRejection('location_unknown', `unknown location ${key.id}: PUT it first`);
    }
    Location.assertSameIdentity(state.location, patch);
    assertKnownTimeZone(validOcpiBody(LocationDto, mergePatch(state.location, patch)));
    const outcome = await runCommand({
      store: this.store,
      stream,
      decider: Location,
      command: { type: 'PatchLocation', data: { patch } },
      context,
      occurred_at: String(patch.last_updated),
    });
    return { changed: outcome.events.length > 0, object: outcome.state.location };
  }
}

/** The Location's `time_zone` decides local time for tariffs: it must be a real IANA zone. */
export function assertKnownTimeZone(location: JsonObject): void {
  const zone = String(location.time_zone);
  if (!isValidTimeZone(zone)) {
    throw new BodyInvalid('time_zone', `Invalid field time_zone: unknown IANA time zone '${zone}'`);
  }
}
