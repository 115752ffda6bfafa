import { invariant, compareInstants, type PartyId } from '#ledger';
import {
  closedDriverPeriodAt,
  type DriverBillingPeriod,
  type DriverBillingState,
} from './driver-billing.js';
import { PricePlanRejection } from './price-plan.js';

export type { DriverBillingState } from './driver-billing.js';

export interface CloseDriverBillingPeriod {
  readonly type: 'CloseDriverBillingPeriod';
  readonly period_id: string;
  readonly emsp: PartyId;
  /** ISO-8601 UTC (`utcInstant`). */
  readonly period_end: string;
  readonly closed_at: string;
}

export interface DriverBillingPeriodClosed {
  readonly type: 'DriverBillingPeriodClosed';
  readonly data: DriverBillingPeriod;
}

export type DriverBillingCommand = CloseDriverBillingPeriod;
export type DriverBillingEvent = DriverBillingPeriodClosed;

export function initialState(): DriverBillingState {
  return { periods: [] };
}

export function evolve(state: DriverBillingState, event: DriverBillingEvent): DriverBillingState {
  switch (event.type) {
    case 'DriverBillingPeriodClosed':
      return { periods: [...state.periods, event.data] };
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}

export function decide(
  command: DriverBillingCommand,
  state: DriverBillingState,
): DriverBillingEvent[] {
  switch (command.type) {
    case 'CloseDriverBillingPeriod': {
      if (closedDriverPeriodAt(state, command.period_end) !== null) return [];
      if (compareInstants(command.period_end, command.closed_at) > 0) {
        throw new PricePlanRejection(
          'driver_period_in_future',
          `period_end ${command.period_end} is after now (${command.closed_at})`,
          'period_end',
        );
      }
      const previous = state.periods.at(-1);
      if (previous !== undefined && compareInstants(command.period_end, previous.period_end) <= 0) {
        throw new PricePlanRejection(
          'driver_period_not_after_previous',
          `period_end ${command.period_end} is not after the previous driver period ` +
            `(${previous.period_end})`,
          'period_end',
        );
      }
      invariant(command.period_id.length > 0, 'a driver period needs an id');
      const data: DriverBillingPeriod = {
        period_id: command.period_id,
        emsp: command.emsp,
        sequence: state.periods.length + 1,
        period_start: previous?.period_end ?? null,
        period_end: command.period_end,
        closed_at: command.closed_at,
      };
      return [{ type: 'DriverBillingPeriodClosed', data }];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}
