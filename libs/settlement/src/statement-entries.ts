import type { CdrPostedData, CdrReceivedData } from '../../cdrs/src/index.js';
import { compareInstants, invariant } from '../../ledger/src/index.js';
import type {
  CdrSessionFacts,
  CdrStatementEntry,
  ClosedPeriod,
  StatementState,
} from './statement.js';

/**
 * Helpers for the close handler: turning the CDR streams' events into statement entries, and
 * finding a closed period again. Selecting the entries of a period is the handler's job: every
 * CdrPosted (and payment) of the agreement with `posted_at` in (previous period_end,
 * period_end], read from the log or a read model indexed by posted_at.
 */

/** ISO 3166 alpha-3 -> alpha-2 for the countries whose VAT rates are known (invoicing). */
const ALPHA2_OF_ALPHA3: Readonly<Record<string, string>> = {
  AUT: 'AT', BEL: 'BE', BGR: 'BG', HRV: 'HR', CYP: 'CY', CZE: 'CZ', DNK: 'DK', EST: 'EE',
  FIN: 'FI', FRA: 'FR', DEU: 'DE', GRC: 'GR', HUN: 'HU', IRL: 'IE', ITA: 'IT', LVA: 'LV',
  LTU: 'LT', LUX: 'LU', MLT: 'MT', NLD: 'NL', POL: 'PL', PRT: 'PT', ROU: 'RO', SVK: 'SK',
  SVN: 'SI', ESP: 'ES', SWE: 'SE', CHE: 'CH', NOR: 'NO', GBR: 'GB',
}; // prettier-ignore

/**
 * The country of supply of a CDR: the country of its Location (`cdr_location.country`, OCPI
 * sends ISO 3166 alpha-3), else the CPO's own country code.
 */
export function countryOfSupply(received: CdrReceivedData): string {
  const location = received.cdr['cdr_location'] as { country?: unknown } | undefined;
  const country = typeof location?.country === 'string' ? location.country.toUpperCase() : '';
  if (/^[A-Z]{2}$/.test(country)) return country;
  return ALPHA2_OF_ALPHA3[country] ?? received.country_code;
}

function textOrNull(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function sessionFactsOf(received: CdrReceivedData): CdrSessionFacts {
  const { cdr } = received;
  const token = cdr['cdr_token'] as { contract_id?: unknown } | undefined;
  return {
    start_date_time: cdr.start_date_time,
    end_date_time: textOrNull(cdr['end_date_time']),
    energy_kwh: textOrNull(cdr['total_energy']),
    contract_id: textOrNull(token?.contract_id),
    country_of_supply: countryOfSupply(received),
  };
}

/** The statement entry of a posted CDR, from its CdrReceived and CdrPosted data. */
export function cdrStatementEntryOf(
  received: CdrReceivedData,
  posted: CdrPostedData,
): CdrStatementEntry {
  invariant(received.cdr_id === posted.cdr_id, 'received and posted data of different CDRs');
  return {
    kind: 'cdr',
    cdr: { country_code: posted.country_code, party_id: posted.party_id, cdr_id: posted.cdr_id },
    posted_at: posted.posted_at,
    credit_of: posted.credit_of,
    amount_minor: posted.amount_minor,
    settled_on: posted.settled_on,
    claimed_excl_vat: received.claimed_total_cost.excl_vat,
    transaction: posted.transaction,
    session: sessionFactsOf(received),
  };
}

/** The closed period ending at that instant, or null (the 200 answer of a repeated close). */
export function closedPeriodAt(state: StatementState, period_end: string): ClosedPeriod | null {
  return state.closed.find((p) => compareInstants(p.period_end, period_end) === 0) ?? null;
}

/** Where the next period starts: the latest period_end, or the agreement's start. */
export function nextPeriodStart(state: StatementState, agreement_since: string): string {
  return state.latest?.period_end ?? agreement_since;
}
