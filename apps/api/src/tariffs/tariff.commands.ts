import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { JsonObject } from '#ocpi';
import { TariffVersions } from '#tariff-versions';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { ObjectKey } from '../receiver/ocpi-object.js';

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

  execute({ key, tariff, context }: PublishTariffCommand): Promise<TariffOutcome> {
    const publish: TariffVersions.PublishTariff = { type: 'PublishTariff', data: { tariff } };
    return decideOnTariff(this.store, key, publish, context, String(tariff.last_updated));
  }
}

/** DELETE carries no body, so the withdrawal's business time is when it was received. */
@CommandHandler(WithdrawTariffCommand)
export class WithdrawTariffHandler implements ICommandHandler<WithdrawTariffCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ key, context }: WithdrawTariffCommand): Promise<TariffOutcome> {
    const withdrawn_at = context.received_at;
    const withdraw: TariffVersions.WithdrawTariff = {
      type: 'WithdrawTariff',
      data: { withdrawn_at },
    };
    return decideOnTariff(this.store, key, withdraw, context, withdrawn_at);
  }
}

async function decideOnTariff(
  store: EventStore,
  key: ObjectKey,
  command: TariffVersions.TariffCommand,
  context: RequestContext,
  occurred_at: string,
): Promise<TariffOutcome> {
  const outcome = await runCommand({
    store,
    stream: TariffVersions.tariffStream(key.country_code, key.party_id, key.id),
    decider: TariffVersions,
    command,
    context,
    occurred_at,
  });
  return { changed: outcome.events.length > 0, version: outcome.state.versions_count };
}
