import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '#event-store';
import { Exception, exceptionStreamName } from '#exceptions';
import { ExceptionQueries } from '#projections';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';

export class ResolveExceptionCommand extends Command<void> {
  constructor(
    readonly exception_id: string,
    readonly note: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * A person resolves an exception with a note: ExceptionResolved on `exception-{id}`. What the
 * queue holds (the caller waited for the read models to reach the log head) tells the decider
 * whether the exception exists and whether it holds a CDR (then the CDR must be resolved).
 */
@CommandHandler(ResolveExceptionCommand)
export class ResolveExceptionHandler implements ICommandHandler<ResolveExceptionCommand> {
  private readonly queries: ExceptionQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) db: DatabaseSync,
  ) {
    this.queries = new ExceptionQueries(db);
  }

  async execute({ exception_id, note, context }: ResolveExceptionCommand): Promise<void> {
    const row = this.queries.byId(exception_id);
    const command: Exception.ResolveException = {
      type: 'ResolveException',
      exception_id,
      queued:
        row === null
          ? null
          : {
              type: row.type,
              status: row.status,
              holds_cdr: row.holds_cdr && row.status === 'OPEN',
            },
      note,
      resolved_by: context.principal,
      resolved_at: context.received_at,
    };
    await runCommand({
      store: this.store,
      stream: exceptionStreamName(exception_id),
      decider: Exception,
      command,
      context,
      occurred_at: context.received_at,
    });
  }
}
