import { compareInstants, type PartyId, samePartyId } from '#ledger';
import type { AgreementVersion } from './agreement.js';
import type { AgreementState } from './agreement.decider.js';

/**
 * The version in force at an instant: the last version (in recording order) whose
 * effective_from is null or not after `at`. Null when the agreement is unknown or not yet in
 * force. Versions never take effect before an earlier one (no retroactive amendments), so the
 * last match is the one in force. Look the agreement up at the CDR's `start_date_time`, the same
 * instant at which the tariff in force is chosen.
 */
export function agreementInForceAt(state: AgreementState, at: string): AgreementVersion | null {
  for (let index = state.versions.length - 1; index >= 0; index -= 1) {
    const version = state.versions[index]!;
    if (version.effective_from === null || compareInstants(version.effective_from, at) <= 0) {
      return version;
    }
  }
  return null;
}

/** The most recent version (the base of the next amendment), or null before registration. */
export function latestAgreementVersion(state: AgreementState): AgreementVersion | null {
  return state.versions.at(-1) ?? null;
}

/**
 * The agreement version between a CPO and an eMSP in force at an instant, among several
 * agreements (e.g. all registered ones, from a read model). When more than one is in force, the
 * one that took effect last wins (ties: the one recorded last). Null when none is.
 */
export function agreementBetween(
  agreements: Iterable<AgreementState>,
  parties: { readonly cpo: PartyId; readonly emsp: PartyId },
  at: string,
): AgreementVersion | null {
  let best: AgreementVersion | null = null;
  for (const state of agreements) {
    const version = agreementInForceAt(state, at);
    if (version === null) continue;
    if (!samePartyId(version.cpo, parties.cpo) || !samePartyId(version.emsp, parties.emsp))
      continue;
    if (best === null || laterInEffect(version, best)) best = version;
  }
  return best;
}

function laterInEffect(a: AgreementVersion, b: AgreementVersion): boolean {
  const a_from = a.effective_from ?? '0000-01-01T00:00:00Z';
  const b_from = b.effective_from ?? '0000-01-01T00:00:00Z';
  const order = compareInstants(a_from, b_from);
  return order > 0 || (order === 0 && compareInstants(a.recorded_at, b.recorded_at) >= 0);
}
