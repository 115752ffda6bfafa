import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { PartyId } from '#ledger';
import {
  PricePlan,
  pricePlanStreamName,
  type PricePlanState,
  type PricePlanVersion,
} from '#price-plans';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

export interface SetPricePlanResult {
  /** False when the plan in the body was the latest already (answered with 200). */
  readonly created: boolean;
  /** The latest version (the one just set, or the unchanged one). */
  readonly plan: PricePlanVersion;
}

export class SetPricePlanCommand extends Command<SetPricePlanResult> {
  constructor(
    readonly emsp: PartyId,
    readonly body: Record<string, unknown>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Load the eMSP's plan stream, let the price-plan decider decide, append at the revision read. */
@CommandHandler(SetPricePlanCommand)
export class SetPricePlanHandler implements ICommandHandler<SetPricePlanCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ emsp, body, context }: SetPricePlanCommand): Promise<SetPricePlanResult> {
    const partner = await this.directory.partner(emsp.country_code, emsp.party_id);
    const outcome = await runCommand({
      store: this.store,
      stream: pricePlanStreamName(emsp),
      decider: PricePlan,
      command: {
        type: 'SetPricePlan',
        emsp,
        partner_role: partner?.role ?? null,
        markup_percent: body.markup_percent,
        fee_per_session: body.fee_per_session,
        effective_from: body.effective_from,
        requested_at: context.received_at,
      },
      context,
      occurred_at: context.received_at,
    });
    const plan = outcome.state.versions.at(-1);
    if (plan === undefined) throw new Error('a price plan was decided but none is stored');
    return { created: outcome.events.length > 0, plan };
  }
}

/** The eMSP's price-plan versions (oldest first). */
export async function loadPricePlans(store: EventStore, emsp: PartyId): Promise<PricePlanState> {
  const { state } = await loadStream(store, pricePlanStreamName(emsp), PricePlan);
  return state;
}
