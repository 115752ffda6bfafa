import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CdrState } from '#cdrs';
import type { RequestContext } from '../infrastructure/command-runner.js';
import type { CdrKeyParams } from './get-cdr.query.js';
import { HeldCdrDecisions } from './held-cdr-decision.js';

export class ReassessCdrCommand extends Command<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Assesses a held CDR again in today's context (a tariff, Location or agreement that arrived
 * after the CDR): it is posted now, or stays held with the current reason.
 */
@CommandHandler(ReassessCdrCommand)
export class ReassessCdrHandler implements ICommandHandler<ReassessCdrCommand> {
  constructor(private readonly decisions: HeldCdrDecisions) {}

  execute({ key, context }: ReassessCdrCommand): Promise<CdrState> {
    return this.decisions.decide(key, context, (assessment) => ({
      type: 'ReassessCdr',
      ...assessment,
      reassessed_at: context.received_at,
    }));
  }
}
