import { ciKey } from '#ocpi';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { Partner, PartnerToken } from '#partners';
import { sha256Hex } from '../auth/token-hash.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { masterDataOf } from './master-data-of.js';
import type { RegisterPartnerDto } from './register-partner.dto.js';

export interface PartnerView {
  readonly country_code: string;
  readonly party_id: string;
  readonly role: string;
  readonly name: string;
  readonly vat_id?: string;
  readonly electronic_address?: { readonly scheme: string; readonly id: string };
  readonly postal_address?: Partner.PartnerDetails['postal_address'];
  readonly contact?: Partner.PartnerDetails['contact'];
  readonly payment?: Partner.PartnerDetails['payment'];
  readonly legal_registration?: Partner.PartnerDetails['legal_registration'];
  readonly buyer_reference?: string;
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
    const master_data = masterDataOf(body);
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
      vat_id: master_data.vat_id ?? null,
      electronic_address: master_data.electronic_address ?? null,
      // Master data (issue 18) only when given: earlier registrations' events stay as they were.
      ...withoutAbsent({
        postal_address: master_data.postal_address,
        contact: master_data.contact,
        payment: master_data.payment,
        legal_registration: master_data.legal_registration,
        buyer_reference: master_data.buyer_reference,
      }),
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
    return { created: registered.events.length > 0, partner: partnerView(details) };
  }
}

/** The answer of a registration or amendment: the details, without the token hash. */
export function partnerView(details: Partner.PartnerDetails): PartnerView {
  const { token_sha256: _hash, ...view } = details;
  return withoutAbsent(view) as unknown as PartnerView;
}

function withoutAbsent<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
