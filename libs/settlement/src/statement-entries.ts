import type { CdrPostedData, CdrReceivedData } from '#cdrs';
import { compareInstants, invariant, LedgerDecimal } from '#ledger';
import type {
  CdrSessionFacts,
  CdrStatementEntry,
  ClosedPeriod,
  SettlementStatement,
  StatementCdrLine,
  StatementState,
} from './statement.js';
import { statedVatFacts, supplyDateOf } from './vat-shares.js';

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
  // Territories with their own ISO code and VAT rules (libs/invoicing/src/vat-rates.ts).
  REU: 'RE', GLP: 'GP', MTQ: 'MQ', GUF: 'GF', MYT: 'YT', MCO: 'MC', LIE: 'LI',
}; // prettier-ignore

/**
 * The country of supply of a CDR: the country of its Location (`cdr_location.country`, OCPI
 * sends ISO 3166 alpha-3), else (no country at all) the CPO's own country code. An alpha-3 code
 * without an alpha-2 here is kept as sent: the VAT table then refuses it (`vat_rate_unknown`)
 * unless the CDR states its VAT rate, rather than the CPO's country being guessed.
 */
export function countryOfSupply(received: CdrReceivedData): string {
  const location = received.cdr['cdr_location'] as { country?: unknown } | undefined;
  const country = typeof location?.country === 'string' ? location.country.toUpperCase() : '';
  if (/^[A-Z]{2}$/.test(country)) return country;
  if (country === '') return received.country_code;
  return ALPHA2_OF_ALPHA3[country] ?? country;
}

/** Tariffs a CDR may embed, price components read (bounded). */
const STATED_RATES_COMPONENTS_MAX = 1_000;

/**
 * The VAT rate the CDR states: the `vat` of every price component of its embedded tariffs
 * (`tariffs[].elements[].price_components[].vat`), when they all state the same rate; null
 * when none states one, or when they differ (a CDR at several rates is invoiced at the rate of
 * its place of supply, and the statement shows the difference).
 */
export function statedVatRate(received: CdrReceivedData): string | null {
  const tariffs = received.cdr['tariffs'];
  if (!Array.isArray(tariffs)) return null;
  const rates = new Set<string>();
  let components = 0;
  for (const tariff of tariffs as { elements?: unknown }[]) {
    const elements = Array.isArray(tariff?.elements) ? tariff.elements : [];
    for (const element of elements as { price_components?: unknown }[]) {
      const list = Array.isArray(element?.price_components) ? element.price_components : [];
      for (const component of list as { vat?: unknown }[]) {
        components += 1;
        if (components > STATED_RATES_COMPONENTS_MAX) return null;
        const vat = component?.vat;
        if (typeof vat !== 'number' || !Number.isFinite(vat) || vat < 0) return null;
        rates.add(new LedgerDecimal(String(vat)).toFixed());
      }
    }
  }
  return rates.size === 1 ? [...rates][0]! : null;
}

function textOrNull(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function sessionFactsOf(received: CdrReceivedData): CdrSessionFacts {
  const { cdr } = received;
  const token = cdr['cdr_token'] as { contract_id?: unknown } | undefined;
  const { vat_shares, single_rate_percent } = statedVatFacts(received);
  const stated = single_rate_percent ?? statedVatRate(received);
  const supply_date = supplyDateOf(received);
  return {
    start_date_time: cdr.start_date_time,
    end_date_time: textOrNull(cdr['end_date_time']),
    energy_kwh: textOrNull(cdr['total_energy']),
    contract_id: textOrNull(token?.contract_id),
    country_of_supply: countryOfSupply(received),
    // Only when stated: facts without it read as null, like those recorded before it existed.
    ...(stated === null ? {} : { stated_vat_rate_percent: stated }),
    ...(supply_date === null ? {} : { supply_date }),
    ...(vat_shares === null ? {} : { vat_shares }),
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

/** Every CDR line of a statement: CDRs, credit CDRs and dispute adjustments (if any). */
export function statementCdrLines(statement: SettlementStatement): StatementCdrLine[] {
  return [...statement.cdr_lines, ...statement.credit_lines, ...(statement.adjustment_lines ?? [])];
}

/** The closed period ending at that instant, or null (the 200 answer of a repeated close). */
export function closedPeriodAt(state: StatementState, period_end: string): ClosedPeriod | null {
  return state.closed.find((p) => compareInstants(p.period_end, period_end) === 0) ?? null;
}

/** Where the next period starts: the latest period_end, or the agreement's start. */
export function nextPeriodStart(state: StatementState, agreement_since: string): string {
  return state.latest?.period_end ?? agreement_since;
}
