import { Inject, Module } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { Location } from '#locations';
import { type JsonObject, ReceiverRejection } from '#ocpi';
import { Session } from '#sessions';
import { TariffVersions } from '#tariff-versions';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { ObjectKey, OcpiObjectKind } from './ocpi-object.js';

/** The object as the ledger holds it now (a tariff: its latest version, unless withdrawn). */
export class GetOcpiObjectQuery extends Query<JsonObject> {
  constructor(
    readonly kind: OcpiObjectKind,
    readonly key: ObjectKey,
  ) {
    super();
  }
}

@QueryHandler(GetOcpiObjectQuery)
class GetOcpiObjectHandler implements IQueryHandler<GetOcpiObjectQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ kind, key }: GetOcpiObjectQuery): Promise<JsonObject> {
    const found = await this.find(kind, key);
    if (found === null) {
      const code =
        kind === 'location'
          ? 'location_unknown'
          : kind === 'session'
            ? 'session_unknown'
            : 'tariff_unknown';
      throw new ReceiverRejection(code, `unknown ${kind} ${key.id}`);
    }
    return found;
  }

  private async find(kind: OcpiObjectKind, key: ObjectKey): Promise<JsonObject | null> {
    const { country_code, party_id, id } = key;
    switch (kind) {
      case 'location': {
        const stream = Location.locationStream(country_code, party_id, id);
        return (await loadStream(this.store, stream, Location)).state.location;
      }
      case 'session': {
        const stream = Session.sessionStream(country_code, party_id, id);
        return (await loadStream(this.store, stream, Session)).state.session;
      }
      case 'tariff': {
        const stream = TariffVersions.tariffStream(country_code, party_id, id);
        const { state } = await loadStream(this.store, stream, TariffVersions);
        if (state.withdrawn) return null;
        const latest = [...state.timeline].reverse().find((entry) => entry.kind === 'version');
        return latest?.kind === 'version' ? latest.tariff : null;
      }
      default: {
        const unknown: never = kind;
        throw new Error(`unknown kind ${String(unknown)}`);
      }
    }
  }
}

@Module({ providers: [GetOcpiObjectHandler] })
export class ReceiverQueriesModule {}
