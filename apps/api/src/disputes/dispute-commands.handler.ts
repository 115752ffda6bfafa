import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Cdr, cdrStreamName } from '#cdrs';
import {
  Dispute,
  type DisputeActor,
  disputeStreamName,
  type OpenDisputeInput,
  type ResolutionInput,
} from '#disputes';
import { eventIdFor, type EventStore } from '#event-store';
import {
  causedBy,
  retryOnConflict,
  runCommand,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import {
  disputedCdrOf,
  disputeWindowDays,
  loadCdr,
  loadDispute,
  postingTerms,
} from './dispute-streams.js';

export interface DisputeCommandResult {
  /** False when the same request was handled before (answered with 200). */
  readonly created: boolean;
  readonly dispute_id: string;
}

export class OpenDisputeCommand extends Command<DisputeCommandResult> {
  constructor(
    readonly input: OpenDisputeInput,
    readonly actor: DisputeActor,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AddDisputeEvidenceCommand extends Command<DisputeCommandResult> {
  constructor(
    readonly dispute_id: string,
    readonly evidence: { readonly id: string; readonly text: string },
    readonly actor: DisputeActor,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class ResolveDisputeCommand extends Command<DisputeCommandResult> {
  constructor(
    readonly dispute_id: string,
    readonly input: ResolutionInput,
    readonly actor: DisputeActor,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** The id of a dispute's compensating transaction: from the dispute id, never random. */
function disputeTransactionId(dispute_id: string): string {
  return eventIdFor('dispute-transaction', dispute_id);
}

/**
 * Opening and resolving decide on two streams (libs/disputes, dispute.decider.ts): the dispute
 * decides first (a refusal writes nothing); the CDR stream then decides what it must record,
 * and is appended FIRST at its expected revision; the dispute stream follows. A lost race
 * (WrongExpectedVersion) re-runs the whole decision on fresh state, where the winner's events
 * make the decision a no-op or a conflict: one posting, whatever the concurrency.
 */
@CommandHandler(OpenDisputeCommand)
export class OpenDisputeHandler implements ICommandHandler<OpenDisputeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, actor, context }: OpenDisputeCommand): Promise<DisputeCommandResult> {
    const at = context.received_at;
    const { cdr: key, reason, claimed_total_cost, description } = input;
    const claim = { cdr: key, reason, claimed_total_cost, description };
    return retryOnConflict(disputeStreamName(input.id), async () => {
      const dispute = await loadDispute(this.store, input.id);
      const cdr = await loadCdr(this.store, input.cdr);
      const disputed = disputedCdrOf(cdr.state);
      const events = Dispute.decide(
        {
          type: 'OpenDispute',
          dispute_id: input.id,
          claim,
          claimed_currency: input.claimed_currency,
          actor,
          disputed,
          dispute_window_days: await disputeWindowDays(
            this.store,
            disputed?.agreement_id ?? null,
            at,
          ),
          opened_at: at,
        },
        dispute.state,
      );
      if (events.length === 0) return { created: false, dispute_id: input.id };
      const cdr_events = Cdr.decide(
        { type: 'OpenCdrDispute', dispute_id: input.id, opened_at: at },
        cdr.state,
      );
      await appendConsequenceThenCause(
        this.store,
        context,
        { stream: cdrStreamName(input.cdr), revision: cdr.revision, events: cdr_events },
        { stream: disputeStreamName(input.id), revision: dispute.revision, events },
      );
      return { created: true, dispute_id: input.id };
    });
  }
}

interface PlannedAppend {
  readonly stream: string;
  readonly revision: Parameters<EventStore['append']>[2];
  readonly events: readonly { type: string; data: unknown }[];
}

/**
 * Appends a dispute decision's consequence on the CDR's stream, then the dispute's own events,
 * each at its expected revision (empty ones skipped). The consequence (CdrDisputeOpened,
 * CdrDisputeResolved with its compensating transaction) names the dispute's event it follows
 * from as its cause; ids do not depend on metadata, so both are known before either append.
 */
async function appendConsequenceThenCause(
  store: EventStore,
  context: RequestContext,
  consequence: PlannedAppend,
  cause: PlannedAppend,
): Promise<void> {
  const at = context.received_at;
  const cause_events = toNewEvents(cause.stream, cause.revision, cause.events, context, at);
  const cause_id = cause_events[0]?.id;
  const consequence_context = cause_id === undefined ? context : causedBy(context, cause_id);
  const { stream, revision, events } = consequence;
  const consequence_events = toNewEvents(stream, revision, events, consequence_context, at);
  if (consequence_events.length > 0) await store.append(stream, consequence_events, revision);
  if (cause_events.length > 0) await store.append(cause.stream, cause_events, cause.revision);
}

@CommandHandler(AddDisputeEvidenceCommand)
export class AddDisputeEvidenceHandler implements ICommandHandler<AddDisputeEvidenceCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: AddDisputeEvidenceCommand): Promise<DisputeCommandResult> {
    const { dispute_id, evidence, actor, context } = command;
    const outcome = await runCommand({
      store: this.store,
      stream: disputeStreamName(dispute_id),
      decider: Dispute,
      command: {
        type: 'AddDisputeEvidence',
        dispute_id,
        evidence_id: evidence.id,
        text: evidence.text,
        actor,
        added_at: context.received_at,
      },
      context,
      occurred_at: context.received_at,
    });
    return { created: outcome.events.length > 0, dispute_id };
  }
}

@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: ResolveDisputeCommand): Promise<DisputeCommandResult> {
    const { dispute_id, input, actor, context } = command;
    const transaction_id = disputeTransactionId(dispute_id);
    return retryOnConflict(disputeStreamName(dispute_id), async () => {
      const dispute = await loadDispute(this.store, dispute_id);
      const { currency, ...resolution } = input;
      const events = Dispute.decide(
        {
          type: 'ResolveDispute',
          dispute_id,
          resolution,
          currency,
          actor,
          transaction_id,
          resolved_at: context.received_at,
        },
        dispute.state,
      );
      if (events.length === 0) return { created: false, dispute_id };
      const key = dispute.state.opened!.cdr;
      const cdr = await loadCdr(this.store, key);
      const cdr_events = Cdr.decide(
        {
          type: 'ResolveCdrDispute',
          dispute_id,
          outcome: input.outcome,
          total_cost: input.total_cost,
          terms: input.outcome === 'REJECTED' ? null : await postingTerms(this.store, cdr.state),
          transaction_id,
          resolved_at: context.received_at,
        },
        cdr.state,
      );
      await appendConsequenceThenCause(
        this.store,
        context,
        { stream: cdrStreamName(key), revision: cdr.revision, events: cdr_events },
        { stream: disputeStreamName(dispute_id), revision: dispute.revision, events },
      );
      return { created: true, dispute_id };
    });
  }
}
