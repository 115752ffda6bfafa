import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import * as Partner from '../../../../libs/partners/src/partner.decider.js';
import * as PartnerToken from '../../../../libs/partners/src/partner-token.decider.js';
import { sha256Hex } from '../auth/token-hash.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { RegisterPartnerDto } from './register-partner.dto.js';

export interface PartnerView {
  readonly country_code: string;
  readonly party_id: string;
  readonly role: string;
  readonly name: string;
  readonly vat_id?: string;
  readonly electronic_address?: { readonly scheme: string; readonly id: string };
}

export class RegisterPartnerCommand extends Command<{ created: boolean; partner: PartnerView }> {
  constructor(
    readonly body: RegisterPartnerDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Registers the partner on its own stream, then indexes its token hash. The token index is
 * checked before anything is written, so a refused registration stores nothing.
 */
@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, context }: RegisterPartnerCommand) {
    const country_code = ciKey(body.country_code);
    const party_id = ciKey(body.party_id);
    const token_sha256 = sha256Hex(body.token);
    const party = { country_code, party_id };
    const token_stream = PartnerToken.partnerTokenStream(token_sha256);
    const assign: PartnerToken.AssignToken = { type: 'AssignToken', data: { token_sha256, party } };
    const token_state = await loadStream(this.store, token_stream, PartnerToken);
    PartnerToken.decide(assign, token_state.state);

    const details: Partner.PartnerDetails = {
      country_code,
      party_id,
      role: body.role as Partner.PartnerRole,
      name: body.name,
      token_sha256,
      vat_id: body.vat_id === undefined ? null : body.vat_id.toUpperCase(),
      electronic_address:
        body.electronic_address === undefined
          ? null
          : { scheme: body.electronic_address.scheme, id: body.electronic_address.id },
    };
    const registered = await runCommand({
      store: this.store,
      stream: Partner.partnerStream(country_code, party_id),
      decider: Partner,
      command: {
        type: 'RegisterPartner',
        data: { ...details, registered_at: context.received_at },
      },
      context,
      occurred_at: context.received_at,
    });
    await runCommand({
      store: this.store,
      stream: token_stream,
      decider: PartnerToken,
      command: assign,
      context,
      occurred_at: context.received_at,
    });
    const partner: PartnerView = {
      country_code,
      party_id,
      role: details.role,
      name: details.name,
      ...(details.vat_id ? { vat_id: details.vat_id } : {}),
      ...(details.electronic_address ? { electronic_address: details.electronic_address } : {}),
    };
    return { created: registered.events.length > 0, partner };
  }
}
