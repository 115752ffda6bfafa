import { type ReconciliationTerms, RECONCILIATION_DEFAULTS } from '#agreements';
import { decimalString, LedgerDecimal } from '#ledger';

type Decimal = InstanceType<typeof LedgerDecimal>;
import type { CdrContext, CdrDocument, CdrEvent, CdrKey } from './cdr.js';
import { signedReadingFindings, type SignedMeterData } from './signed-readings.js';

/**
 * The checks a (non-credit) CDR meets when it arrives, pure: each finding names its type, what
 * was wrong in a sentence, and the facts it was judged from. A finding holds the CDR unless the
 * agreement lists its type in `flag_only` (SIGNATURE_INVALID always holds: a tampered meter
 * value is never posted); TARIFF_PERIOD_SPLIT only ever flags.
 */
export const FINDING_TYPES = [
  'SIGNATURE_INVALID',
  'DUPLICATE_SESSION',
  'METERING_MISMATCH',
  'IMPLAUSIBLE_CDR',
  'TARIFF_PERIOD_SPLIT',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export interface CdrFinding {
  readonly type: FindingType;
  readonly detail: string;
  readonly facts: Readonly<Record<string, unknown>>;
  /** True when the finding holds the CDR, false when it only flags it. */
  readonly holds: boolean;
}

/** What the handler looked up for the checks (none of it is in the CDR itself). */
export interface CdrCheckFacts {
  /** The session the CDR's `session_id` names, as the ledger holds it, or null. */
  readonly session: { readonly kwh: unknown; readonly ended: boolean } | null;
  /** Ids of the other non-credit CDRs already received for the same session id. */
  readonly other_session_cdr_ids: readonly string[];
  /** The connector's maximum power in kW (from the Location), or null when unknown. */
  readonly connector_max_power_kw: string | null;
  readonly signed_data: SignedMeterData;
  /** Periods that span a price-relevant boundary of the tariff (see cdr-pricing), or empty. */
  readonly split_periods: readonly number[];
}

const HOUR_MS = 3_600_000;

function decimalOf(value: unknown): Decimal | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    const decimal = new LedgerDecimal(value);
    return decimal.isFinite() ? decimal : null;
  } catch {
    return null;
  }
}

interface Period {
  readonly start_date_time?: unknown;
  readonly dimensions?: readonly { readonly type?: unknown; readonly volume?: unknown }[];
}

function periodsOf(cdr: CdrDocument): readonly Period[] {
  return Array.isArray(cdr.charging_periods) ? (cdr.charging_periods as Period[]) : [];
}

/**
 * Sum of the ENERGY dimensions of every charging period, kWh; null when no period reports one
 * (OCPI does not require them: a time-only CDR is no disagreement).
 */
export function energyDimensionsKwh(cdr: CdrDocument): Decimal | null {
  let sum: Decimal | null = null;
  for (const period of periodsOf(cdr)) {
    for (const dimension of period.dimensions ?? []) {
      if (dimension.type !== 'ENERGY') continue;
      sum = (sum ?? new LedgerDecimal(0)).plus(decimalOf(dimension.volume) ?? 0);
    }
  }
  return sum;
}

function meteringFinding(
  cdr: CdrDocument,
  facts: CdrCheckFacts,
  terms: ReconciliationTerms,
): Omit<CdrFinding, 'holds'> | null {
  const figures: Record<string, string> = {
    total_energy: decimalString(decimalOf(cdr.total_energy) ?? new LedgerDecimal(0)),
  };
  const dimensions = energyDimensionsKwh(cdr);
  if (dimensions !== null) figures.energy_dimensions = decimalString(dimensions);
  const session_kwh = facts.session?.ended ? decimalOf(facts.session.kwh) : null;
  if (session_kwh !== null) figures.session_kwh = decimalString(session_kwh);
  if (facts.signed_data.status === 'VERIFIED' && facts.signed_data.energy_kwh !== null) {
    figures.signed_energy = facts.signed_data.energy_kwh;
  }
  const values = Object.values(figures).map((value) => new LedgerDecimal(value));
  const spread = LedgerDecimal.max(...values).minus(LedgerDecimal.min(...values));
  if (spread.lte(terms.energy_tolerance_kwh)) return null;
  const listed = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  return {
    type: 'METERING_MISMATCH',
    detail: `energy figures differ by ${decimalString(spread)} kWh (more than ${terms.energy_tolerance_kwh}): ${listed}`,
    facts: {
      ...figures,
      spread_kwh: decimalString(spread),
      tolerance_kwh: terms.energy_tolerance_kwh,
    },
  };
}

/**
 * Hours from the first charging (non-reservation) period to the end: what `total_time` covers
 * (libs/tariffs POLICIES `total_time`); null for a reservation that expired unused.
 */
function chargingHours(cdr: CdrDocument, end_ms: number): Decimal | null {
  const charging = periodsOf(cdr).find((period) =>
    (period.dimensions ?? []).some((dimension) => dimension.type !== 'RESERVATION_TIME'),
  );
  const start_ms = Date.parse(String(charging?.start_date_time));
  if (!Number.isFinite(start_ms)) return null;
  return new LedgerDecimal(end_ms - start_ms).dividedBy(HOUR_MS);
}

function implausibilities(
  cdr: CdrDocument,
  facts: CdrCheckFacts,
  terms: ReconciliationTerms,
): string[] {
  const start_ms = Date.parse(String(cdr.start_date_time));
  const end_ms = Date.parse(String(cdr.end_date_time));
  const problems: string[] = [];
  if (!Number.isFinite(start_ms) || !Number.isFinite(end_ms)) return problems;
  const duration_h = new LedgerDecimal(end_ms - start_ms).dividedBy(HOUR_MS);
  const energy = decimalOf(cdr.total_energy) ?? new LedgerDecimal(0);
  const total_time = decimalOf(cdr.total_time);
  periodsOf(cdr).forEach((period, index) => {
    const at = Date.parse(String(period.start_date_time));
    if (!(at >= start_ms && at <= end_ms)) {
      problems.push(`charging_periods[${index}] starts outside the CDR's start and end`);
    }
  });
  if (energy.greaterThan(0) && (end_ms <= start_ms || total_time?.isZero() === true)) {
    problems.push(`${decimalString(energy)} kWh charged in zero time`);
  }
  const charging_h = chargingHours(cdr, end_ms);
  if (total_time !== null && charging_h !== null) {
    const off_s = total_time.minus(charging_h).abs().times(3600);
    if (off_s.greaterThan(terms.duration_tolerance_s)) {
      problems.push(
        `total_time ${decimalString(total_time)} h differs from end - start ` +
          `${decimalString(charging_h.toDecimalPlaces(6))} h by more than ${terms.duration_tolerance_s} s`,
      );
    }
  }
  if (facts.connector_max_power_kw !== null && end_ms > start_ms) {
    const margin = new LedgerDecimal(terms.power_margin_percent).dividedBy(100).plus(1);
    const possible = new LedgerDecimal(facts.connector_max_power_kw)
      .times(duration_h)
      .times(margin);
    if (energy.greaterThan(possible)) {
      problems.push(
        `${decimalString(energy)} kWh is more than the connector's ${facts.connector_max_power_kw} kW ` +
          `allow in ${decimalString(duration_h.toDecimalPlaces(6))} h ` +
          `(+${terms.power_margin_percent} %: ${decimalString(possible.toDecimalPlaces(6))} kWh)`,
      );
    }
  }
  return problems;
}

/** The findings of a CDR, in the order in which they hold it. */
export function checkCdr(
  cdr: CdrDocument,
  facts: CdrCheckFacts,
  agreement_terms: ReconciliationTerms | null,
): CdrFinding[] {
  const terms = agreement_terms ?? RECONCILIATION_DEFAULTS;
  const found: Omit<CdrFinding, 'holds'>[] = [];
  if (facts.signed_data.status === 'INVALID') {
    found.push({
      type: 'SIGNATURE_INVALID',
      detail: `signed_data: ${facts.signed_data.problem}`,
      facts: { problem: facts.signed_data.problem },
    });
  }
  if (facts.other_session_cdr_ids.length > 0) {
    found.push({
      type: 'DUPLICATE_SESSION',
      detail: `session ${String(cdr.session_id)} already has CDR ${facts.other_session_cdr_ids.join(', ')}`,
      facts: { session_id: cdr.session_id, other_cdr_ids: facts.other_session_cdr_ids },
    });
  }
  const metering = meteringFinding(cdr, facts, terms);
  if (metering !== null) found.push(metering);
  const signed = signedReadingFindings(cdr, facts.signed_data, terms);
  if (signed.length > 0) {
    found.push({
      type: 'METERING_MISMATCH',
      detail: `signed meter data disagrees with the CDR: ${signed.join('; ')}`,
      facts: { signed_readings: signed },
    });
  }
  const implausible = implausibilities(cdr, facts, terms);
  if (implausible.length > 0) {
    found.push({
      type: 'IMPLAUSIBLE_CDR',
      detail: implausible.join('; '),
      facts: { problems: implausible, connector_max_power_kw: facts.connector_max_power_kw },
    });
  }
  if (facts.split_periods.length > 0) {
    found.push({
      type: 'TARIFF_PERIOD_SPLIT',
      detail:
        `charging period(s) ${facts.split_periods.join(', ')} span a price-relevant boundary of ` +
        'the tariff: the ledger prices them pro rata, a pricer using the rate at the period start ' +
        'may arrive at another total',
      facts: { periods: facts.split_periods },
    });
  }
  return found.map((finding) => ({ ...finding, holds: holds(finding.type, terms) }));
}

function holds(type: FindingType, terms: ReconciliationTerms): boolean {
  if (type === 'TARIFF_PERIOD_SPLIT') return false;
  if (type === 'SIGNATURE_INVALID') return true;
  return !(terms.flag_only as readonly string[]).includes(type);
}

/** No facts looked up: no finding beyond what the CDR says about itself. */
export const NO_CHECK_FACTS: CdrCheckFacts = {
  session: null,
  other_session_cdr_ids: [],
  connector_max_power_kw: null,
  signed_data: { status: 'ABSENT' },
  split_periods: [],
};

/** The findings of a CDR in a context (its own figures only when the context has no checks). */
export function findingsOf(cdr: CdrDocument, context: CdrContext): CdrFinding[] {
  return checkCdr(cdr, context.checks ?? NO_CHECK_FACTS, context.agreement);
}

/** CdrFlagged with the findings not recorded before (by type), or nothing. */
export function findingsFlagged(
  key: CdrKey,
  findings: readonly CdrFinding[],
  recorded: readonly CdrFinding[],
  at: string,
): CdrEvent[] {
  const known = new Set(recorded.map((finding) => finding.type));
  const fresh = findings.filter((finding) => !known.has(finding.type));
  if (fresh.length === 0) return [];
  return [{ type: 'CdrFlagged', data: { ...key, findings: fresh, flagged_at: at } }];
}
