import { ForbiddenException } from '@nestjs/common';
import {
  Agreement,
  agreementInForceAt,
  agreementStreamName,
  AGREEMENT_DEFAULTS,
} from '#agreements';
import { Cdr, cdrStreamName, type CdrState } from '#cdrs';
import {
  Dispute,
  type DisputeActor,
  type DisputedCdr,
  type DisputeState,
  disputeStreamName,
} from '#disputes';
import type { EventStore } from '#event-store';
import type { CdrReference, SettlementTerms } from '#ledger';
import { loadStream, type Loaded } from '../infrastructure/command-runner.js';
import type { LedgerRequest } from '../http/request-context.js';

/** Reading what the dispute handlers decide on: the dispute, its CDR, the agreement. */
export function loadDispute(store: EventStore, dispute_id: string): Promise<Loaded<DisputeState>> {
  return loadStream(store, disputeStreamName(dispute_id), Dispute);
}

export function loadCdr(store: EventStore, key: CdrReference): Promise<Loaded<CdrState>> {
  return loadStream(store, cdrStreamName(key), Cdr);
}

/** The acting caller, as the dispute decider sees it (the route's guard authenticated it). */
export function actorOf(request: LedgerRequest): DisputeActor {
  const principal = request.principal ?? 'anonymous';
  switch (request.caller_role) {
    case 'ADMIN':
      return { kind: 'admin', principal };
    case 'DISPUTE_HANDLER':
      return { kind: 'dispute_handler', principal };
    case 'PARTNER': {
      const { country_code, party_id } = request.partner!;
      return { kind: 'partner', party: { country_code, party_id }, principal };
    }
    default:
      throw new ForbiddenException('this caller may not act on disputes');
  }
}

/** The facts about a CDR the dispute decider needs; null when the ledger never received it. */
export function disputedCdrOf(state: CdrState): DisputedCdr | null {
  const received = state.received;
  if (received === null) return null;
  const token = (received.cdr['cdr_token'] ?? {}) as { country_code?: unknown; party_id?: unknown };
  const emsp =
    typeof token.country_code === 'string' && typeof token.party_id === 'string'
      ? { country_code: token.country_code.toUpperCase(), party_id: token.party_id.toUpperCase() }
      : null;
  const { country_code, party_id, cdr_id } = received;
  return {
    cdr: { country_code, party_id, cdr_id },
    cpo: { country_code, party_id },
    emsp,
    currency: received.cdr.currency,
    agreement_id: state.posted?.transaction.agreement_id ?? null,
    posted_at: state.posted?.posted_at ?? null,
    credit: received.credit,
  };
}

/**
 * The agreement's dispute window for a dispute opened at `at`: the version in force then
 * (amendable like every term); the default when the CDR has no agreement.
 */
export async function disputeWindowDays(
  store: EventStore,
  agreement_id: string | null,
  at: string,
): Promise<number> {
  if (agreement_id === null) return AGREEMENT_DEFAULTS.dispute_window_days;
  const { state } = await loadStream(store, agreementStreamName(agreement_id), Agreement);
  const version = agreementInForceAt(state, at) ?? state.versions.at(-1) ?? null;
  return version?.dispute_window_days ?? AGREEMENT_DEFAULTS.dispute_window_days;
}

/** The agreement version a CDR was posted under: its fees and rounding drive an adjustment. */
export async function postingTerms(
  store: EventStore,
  cdr: CdrState,
): Promise<SettlementTerms | null> {
  const transaction = cdr.posted?.transaction;
  if (transaction === undefined) return null;
  const { state } = await loadStream(
    store,
    agreementStreamName(transaction.agreement_id),
    Agreement,
  );
  return state.versions.find((v) => v.version === transaction.agreement_version) ?? null;
}
