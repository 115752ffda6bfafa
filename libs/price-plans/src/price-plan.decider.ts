import {
  invalidField,
  compareInstants,
  isIsoDateTime,
  type PartyId,
  isDecimalString,
} from '#ledger';
import { Dec } from '#money';
import { utcInstant } from '#settlement';
import { PricePlanRejection, type PricePlanState, type PricePlanVersion } from './price-plan.js';

export type { PricePlanState } from './price-plan.js';

/** The partner as the registry knows it: null when no partner has that party id. */
export type PartnerRoleOf = string | null;

export interface SetPricePlan {
  readonly type: 'SetPricePlan';
  readonly emsp: PartyId;
  readonly partner_role: PartnerRoleOf;
  /** The body as received: validated here (decimal strings, ISO instant). */
  readonly markup_percent: unknown;
  readonly fee_per_session: unknown;
  /** Absent: effective from `requested_at`. */
  readonly effective_from: unknown;
  readonly requested_at: string;
}

export interface PricePlanSet {
  readonly type: 'PricePlanSet';
  readonly data: PricePlanVersion;
}

export type PricePlanCommand = SetPricePlan;
export type PricePlanEvent = PricePlanSet;

export function initialState(): PricePlanState {
  return { versions: [] };
}

export function evolve(state: PricePlanState, event: PricePlanEvent): PricePlanState {
  switch (event.type) {
    case 'PricePlanSet':
      return { versions: [...state.versions, event.data] };
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}

function decimalField(field: 'markup_percent' | 'fee_per_session', value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value))
    return decimalField(field, String(value));
  if (!isDecimalString(value) || value.startsWith('-')) {
    throw invalidField(field, 'must be a non-negative decimal string, e.g. "10" or "0.35"');
  }
  return new Dec(value).toString();
}

function effectiveFrom(value: unknown, requested_at: string): string {
  if (value === undefined || value === null) return requested_at;
  if (!isIsoDateTime(value)) throw invalidField('effective_from', 'must be an ISO-8601 date-time');
  return utcInstant(value);
}

function checkPartner(command: SetPricePlan): void {
  const { emsp, partner_role } = command;
  const who = `${emsp.country_code}/${emsp.party_id}`;
  if (partner_role === null) {
    throw new PricePlanRejection('price_plan_partner_unknown', `partner ${who} is not registered`);
  }
  if (partner_role !== 'EMSP') {
    throw new PricePlanRejection(
      'price_plan_partner_not_emsp',
      `partner ${who} is registered as ${partner_role}; price plans are for eMSPs`,
    );
  }
}

/**
 * A new version, `[]` when the latest version already says the same (a repeated PUT), or a
 * rejection. Never retroactive: a version after the first starts at or after `requested_at` and
 * after the latest version's start, so documents priced before stay priced as they were (the
 * first may start earlier: nothing was priced before it).
 */
export function decide(command: PricePlanCommand, state: PricePlanState): PricePlanEvent[] {
  switch (command.type) {
    case 'SetPricePlan': {
      checkPartner(command);
      const markup_percent = decimalField('markup_percent', command.markup_percent);
      const fee_per_session = decimalField('fee_per_session', command.fee_per_session);
      const effective_from = effectiveFrom(command.effective_from, command.requested_at);
      const latest = state.versions.at(-1);
      const same_terms =
        latest !== undefined &&
        new Dec(latest.markup_percent).equals(markup_percent) &&
        new Dec(latest.fee_per_session).equals(fee_per_session);
      if (
        same_terms &&
        (command.effective_from == null || latest.effective_from === effective_from)
      ) {
        return [];
      }
      // The first version may start in the past: no driver document can have been priced
      // before it (driver invoicing refuses to run without a plan), so backdating it to the
      // eMSP's first sessions changes nothing issued. Later versions never start before now.
      if (latest !== undefined && compareInstants(effective_from, command.requested_at) < 0) {
        throw new PricePlanRejection(
          'price_plan_retroactive',
          `effective_from ${effective_from} is before now (${command.requested_at})`,
          'effective_from',
        );
      }
      if (latest !== undefined && compareInstants(effective_from, latest.effective_from) <= 0) {
        throw new PricePlanRejection(
          'price_plan_retroactive',
          `effective_from ${effective_from} is not after version ${latest.version} ` +
            `(${latest.effective_from})`,
          'effective_from',
        );
      }
      const data: PricePlanVersion = {
        emsp: command.emsp,
        version: state.versions.length + 1,
        markup_percent,
        fee_per_session,
        effective_from,
        recorded_at: command.requested_at,
      };
      return [{ type: 'PricePlanSet', data }];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}
