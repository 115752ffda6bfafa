import { compareInstants, DomainRejection, invalidField, invariant, isIsoDateTime } from '#ledger';
import { buildStatement, STATEMENT_ENTRIES_MAX } from './statement-building.js';
import { closedPeriodAt, nextPeriodStart } from './statement-entries.js';
import type {
  CloseSettlementPeriod,
  StatementCommand,
  StatementDecided,
  StatementEvent,
  StatementState,
} from './statement.js';

/**
 * The statement decider, one stream per agreement (`statementStreamName(agreement_id)`).
 *
 * CloseSettlementPeriod:
 * - a period_end already closed (the same instant as any earlier statement's) -> no events: the
 *   caller answers 200 with that statement (`closedPeriodAt`);
 * - period_end after closed_at -> `statement_period_in_future`;
 * - period_end not after the latest statement's period_end -> `statement_period_not_after_previous`;
 * - a first period_end not after the agreement takes effect -> `statement_period_before_agreement`;
 * - more than STATEMENT_ENTRIES_MAX entries -> `statement_period_too_large` (close it in parts);
 * - otherwise -> SettlementStatementIssued for (previous period_end, period_end].
 *
 * Two closes racing: both read revision r and decide; the append at expected revision r lets
 * exactly one through; the other, re-run on the new state, gets no events (same period_end) or
 * a rejection (an earlier period_end). So a period is closed once, and never changed after.
 */
export function initialState(): StatementState {
  return { closed: [], latest: null };
}

function closeSettlementPeriod(
  command: CloseSettlementPeriod,
  state: StatementState,
): StatementDecided[] {
  if (!isIsoDateTime(command.period_end)) {
    throw invalidField('period_end', 'must be an ISO-8601 date-time');
  }
  invariant(isIsoDateTime(command.closed_at), 'closed_at must be an ISO-8601 date-time');
  if (closedPeriodAt(state, command.period_end) !== null) return [];
  if (compareInstants(command.period_end, command.closed_at) > 0) {
    throw new DomainRejection(
      'statement_period_in_future',
      `period_end ${command.period_end} is after now (${command.closed_at})`,
      'period_end',
    );
  }
  const previous_end = nextPeriodStart(state, command.agreement_since);
  if (compareInstants(command.period_end, previous_end) <= 0) {
    throw state.latest === null
      ? new DomainRejection(
          'statement_period_before_agreement',
          `period_end ${command.period_end} is not after agreement ${command.agreement_id} ` +
            `takes effect (${previous_end})`,
          'period_end',
        )
      : new DomainRejection(
          'statement_period_not_after_previous',
          `period_end ${command.period_end} is not after the previous period end ${previous_end}`,
          'period_end',
        );
  }
  invariant(command.terms.agreement_id === command.agreement_id, 'terms of another agreement');
  if (command.entries.length > STATEMENT_ENTRIES_MAX) {
    // Was an invariant (a 500): a period this busy is closed in shorter ones, at earlier ends.
    throw new DomainRejection(
      'statement_period_too_large',
      `the period to ${command.period_end} holds ${command.entries.length} entries; one ` +
        `statement takes at most ${STATEMENT_ENTRIES_MAX}: close it at an earlier period_end first`,
      'period_end',
    );
  }
  return [{ type: 'SettlementStatementIssued', data: buildStatement(command, state.latest) }];
}

export function decide(command: StatementCommand, state: StatementState): StatementDecided[] {
  switch (command.type) {
    case 'CloseSettlementPeriod':
      return closeSettlementPeriod(command, state);
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: StatementState, event: StatementEvent): StatementState {
  switch (event.type) {
    case 'SettlementStatementIssued': {
      const { statement_id, sequence, period_end } = event.data;
      return {
        closed: [...state.closed, { statement_id, sequence, period_end }],
        latest: event.data,
      };
    }
    default: {
      const unknown: never = event.type;
      return unknownEvent(state, unknown);
    }
  }
}

/** evolve never throws: an event type this code does not know changes nothing. */
function unknownEvent(state: StatementState, _type: never): StatementState {
  return state;
}
