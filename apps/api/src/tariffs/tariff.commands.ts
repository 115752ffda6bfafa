import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import * as TariffVersions from '../../../../libs/tariff-versions/src/tariff-versions.decider.js';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { ObjectKey } from '../locations/location.commands.js';

export interface TariffOutcome {
  readonly changed: boolean;
  readonly version: number;
}

export class PublishTariffCommand extends Command<TariffOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly tariff: JsonObject,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class WithdrawTariffCommand extends Command<TariffOutcome> {
  constructor(
    readonly key: ObjectKey,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(PublishTariffCommand)
export class PublishTariffHandler implements ICommandHandler<PublishTariffCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, tariff, context }: PublishTariffCommand): Promise<TariffOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: TariffVersions.tariffStream(key.country_code, key.party_id, key.id),
      decider: TariffVersions,
      command: { type: 'PublishTariff', data: { tariff } },
      context,
      occurred_at: String(tariff.last_updated),
    });
    return { changed: outcome.events.length > 0, version: outcome.state.versions_count };
  }
}

/** DELETE carries no body, so the withdrawal's business time is when it was received. */
@CommandHandler(WithdrawTariffCommand)
export class WithdrawTariffHandler implements ICommandHandler<WithdrawTariffCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ key, context }: WithdrawTariffCommand): Promise<TariffOutcome> {
    const outcome = await runCommand({
      store: this.store,
      stream: TariffVersions.tariffStream(key.country_code, key.party_id, key.id),
      decider: TariffVersions,
      command: { type: 'WithdrawTariff', data: { withdrawn_at: context.received_at } },
      context,
      occurred_at: context.received_at,
    });
    return { changed: outcome.events.length > 0, version: outcome.state.versions_count };
  }
}
