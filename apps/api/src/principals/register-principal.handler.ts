import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { invalidField } from '#ledger';
import { Principal } from '#principals';
import { constantTimeEqual, sha256Hex } from '../auth/token-hash.js';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { RegisterPrincipalDto } from './register-principal.dto.js';

export interface PrincipalView {
  readonly id: string;
  readonly role: Principal.PrincipalRole;
  readonly name: string;
}

export class RegisterPrincipalCommand extends Command<{
  created: boolean;
  principal: PrincipalView;
}> {
  constructor(
    readonly body: RegisterPrincipalDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Registers a principal on its own stream, then indexes its token hash. The token index is
 * checked first, so a refused registration (token of another principal) stores nothing.
 */
@CommandHandler(RegisterPrincipalCommand)
export class RegisterPrincipalHandler implements ICommandHandler<RegisterPrincipalCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async execute({ body, context }: RegisterPrincipalCommand) {
    if (constantTimeEqual(body.token, this.config.admin_token)) {
      throw invalidField('token', 'must not be the admin token');
    }
    const token_sha256 = sha256Hex(body.token);
    const token_stream = Principal.principalTokenStream(token_sha256);
    const assign: Principal.AssignPrincipalToken = {
      type: 'AssignPrincipalToken',
      data: { token_sha256, principal_id: body.id },
    };
    Principal.decide(assign, (await loadStream(this.store, token_stream, Principal)).state);
    const details: Principal.PrincipalDetails = {
      id: body.id,
      role: body.role as Principal.PrincipalRole,
      name: body.name,
      token_sha256,
    };
    const registered = await runCommand({
      store: this.store,
      stream: Principal.principalStream(body.id),
      decider: Principal,
      command: {
        type: 'RegisterPrincipal',
        data: { ...details, registered_at: context.received_at },
      },
      context,
      occurred_at: context.received_at,
    });
    await runCommand({
      store: this.store,
      stream: token_stream,
      decider: Principal,
      command: assign,
      context,
      occurred_at: context.received_at,
    });
    const principal: PrincipalView = { id: details.id, role: details.role, name: details.name };
    return { created: registered.events.length > 0, principal };
  }
}
