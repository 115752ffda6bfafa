import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Agreement, agreementStreamName, parseAgreementRegistration } from '#agreements';
import type { EventStore } from '#event-store';
import { AgreementPair } from '#partners';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

export class RegisterAgreementCommand extends Command<{ created: boolean; agreement: unknown }> {
  constructor(
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Registers the agreement on its stream, then indexes it under its CPO / eMSP pair so CDRs find
 * it. A refused registration (invalid: 400, conflict: 409) writes nothing.
 */
@CommandHandler(RegisterAgreementCommand)
export class RegisterAgreementHandler implements ICommandHandler<RegisterAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, context }: RegisterAgreementCommand) {
    const agreement = parseAgreementRegistration(body);
    const outcome = await runCommand({
      store: this.store,
      stream: agreementStreamName(agreement.id),
      decider: Agreement,
      command: { type: 'RegisterAgreement', agreement, registered_at: context.received_at },
      context,
      occurred_at: agreement.effective_from ?? context.received_at,
    });
    await runCommand({
      store: this.store,
      stream: AgreementPair.agreementPairStream(agreement.cpo, agreement.emsp),
      decider: AgreementPair,
      command: { type: 'IndexAgreement', data: { agreement_id: agreement.id } },
      context,
      occurred_at: context.received_at,
    });
    return { created: outcome.events.length > 0, agreement: outcome.state.registration };
  }
}
