import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  Agreement,
  agreementStreamName,
  latestAgreementVersion,
  parseAgreementAmendment,
} from '#agreements';
import type { EventStore } from '#event-store';
import { DomainRejection } from '#ledger';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

export class AmendAgreementCommand extends Command<{ created: boolean; version: unknown }> {
  constructor(
    readonly agreement_id: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Amends an agreement's terms from an effective time on, as a new version: CDRs are settled with
 * the version in force at their session start, so an amendment never changes what was settled
 * before it (the decider refuses a retroactive one). Terms left out keep the latest version's.
 */
@CommandHandler(AmendAgreementCommand)
export class AmendAgreementHandler implements ICommandHandler<AmendAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreement_id, body, context }: AmendAgreementCommand) {
    const stream = agreementStreamName(agreement_id);
    const { state } = await loadStream(this.store, stream, Agreement);
    const latest = latestAgreementVersion(state);
    if (latest === null) {
      throw new DomainRejection('agreement_unknown', `agreement ${agreement_id} is unknown`);
    }
    const { terms, effective_from } = parseAgreementAmendment(body, latest);
    const outcome = await runCommand({
      store: this.store,
      stream,
      decider: Agreement,
      command: {
        type: 'AmendAgreement',
        agreement_id,
        terms,
        effective_from,
        amended_at: context.received_at,
      },
      context,
      occurred_at: effective_from,
    });
    const version = outcome.state.versions.find(
      (candidate) => candidate.effective_from === effective_from && candidate.version > 1,
    );
    return { created: outcome.events.length > 0, version };
  }
}
