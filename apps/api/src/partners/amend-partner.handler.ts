import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { DomainRejection, isIsoDateTime } from '#ledger';
import { ciKey } from '#ocpi';
import { Partner } from '#partners';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { masterDataOf } from './master-data-of.js';
import type { AmendPartnerDto } from './amend-partner.dto.js';
import { partnerView, type PartnerView } from './register-partner.handler.js';

export class AmendPartnerCommand extends Command<{ created: boolean; partner: PartnerView }> {
  constructor(
    readonly country_code: string,
    readonly party_id: string,
    readonly body: AmendPartnerDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Amends a partner's master data from `effective_from` on (never before the amendment is
 * recorded): documents of periods closed from then on carry the new data; those issued before
 * keep theirs. Fields left out keep their values. Answers the details in force from then on.
 */
@CommandHandler(AmendPartnerCommand)
export class AmendPartnerHandler implements ICommandHandler<AmendPartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ country_code, party_id, body, context }: AmendPartnerCommand) {
    if (!isIsoDateTime(body.effective_from)) {
      throw new DomainRejection(
        'validation_failed',
        'effective_from must be an ISO-8601 date-time',
        'effective_from',
      );
    }
    const master_data = masterDataOf(body);
    const outcome = await runCommand({
      store: this.store,
      stream: Partner.partnerStream(ciKey(country_code), ciKey(party_id)),
      decider: Partner,
      command: {
        type: 'AmendPartnerMasterData',
        data: {
          effective_from: body.effective_from,
          amended_at: context.received_at,
          master_data: JSON.parse(JSON.stringify(master_data)) as typeof master_data,
        },
      },
      context,
      occurred_at: context.received_at,
    });
    const details = Partner.partnerDetailsAt(outcome.state, body.effective_from);
    if (details === null) throw new Error('an amended partner is registered');
    return { created: outcome.events.length > 0, partner: partnerView(details) };
  }
}
