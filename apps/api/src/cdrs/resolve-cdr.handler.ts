import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CDR_RESOLUTION_DECISIONS, type CdrResolutionDecision, type CdrState } from '#cdrs';
import { invalidField } from '#ledger';
import type { RequestContext } from '../infrastructure/command-runner.js';
import type { CdrKeyParams } from './get-cdr.query.js';
import { HeldCdrDecisions } from './held-cdr-decision.js';

/** Longest resolution note kept (characters). */
const NOTE_LENGTH_MAX = 2000;

export interface CdrResolutionBody {
  readonly decision: CdrResolutionDecision;
  readonly note: string;
}

/** `{ decision, note }` of `POST /v1/cdrs/{...}/resolution`, or a 400 naming the field. */
export function parseCdrResolution(body: unknown): CdrResolutionBody {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const decision = input.decision;
  if (
    typeof decision !== 'string' ||
    !(CDR_RESOLUTION_DECISIONS as readonly string[]).includes(decision)
  ) {
    throw invalidField('decision', `must be one of ${CDR_RESOLUTION_DECISIONS.join(', ')}`);
  }
  return { decision: decision as CdrResolutionDecision, note: parseNote(input.note) };
}

/** A resolution's note: required, 1 to NOTE_LENGTH_MAX characters. */
export function parseNote(note: unknown): string {
  if (typeof note !== 'string' || note.trim() === '' || note.length > NOTE_LENGTH_MAX) {
    throw invalidField('note', `must be a text of 1 to ${NOTE_LENGTH_MAX} characters`);
  }
  return note;
}

export class ResolveCdrCommand extends Command<CdrState> {
  constructor(
    readonly key: CdrKeyParams,
    readonly resolution: CdrResolutionBody,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** A dispute handler or admin posts or rejects a held CDR for good (libs/cdrs cdr-resolution). */
@CommandHandler(ResolveCdrCommand)
export class ResolveCdrHandler implements ICommandHandler<ResolveCdrCommand> {
  constructor(private readonly decisions: HeldCdrDecisions) {}

  execute({ key, resolution, context }: ResolveCdrCommand): Promise<CdrState> {
    return this.decisions.decide(key, context, (assessment) => ({
      type: 'ResolveHeldCdr',
      ...resolution,
      ...assessment,
      resolved_by: context.principal,
      resolved_at: context.received_at,
    }));
  }
}
