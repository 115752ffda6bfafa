import {
  type FeeRule,
  invalidField,
  isCurrencyCode,
  isDecimalString,
  isIsoDateTime,
  LedgerDecimal,
  type PartyId,
  ROUNDING_POLICIES,
  type RoundingPolicy,
  samePartyId,
} from '#ledger';
import {
  AGREEMENT_DEFAULTS,
  type AgreementRegistration,
  type AgreementTerms,
  VAT_TREATMENTS,
  type VatTreatment,
} from './agreement.js';
import {
  FLAGGABLE_CHECKS,
  type FlaggableCheck,
  type ReconciliationTerms,
} from './reconciliation-terms.js';

/**
 * Validation of agreement input (an admin request body), answering the caller with a
 * `validation_failed` DomainRejection that names the field by its JSON path. Decimal amounts
 * are accepted as decimal strings ("0.20"), or as JSON numbers converted to their string form.
 */
type Body = Readonly<Record<string, unknown>>;

const AGREEMENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;
const PARTY_ID = /^[A-Z0-9]{3}$/;
const FEES_MAX = 16;
const DAYS_MAX = 3650;
const HOURS_MAX = 87_600;

function objectAt(value: unknown, field: string): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidField(field, 'must be an object');
  }
  return value as Body;
}

export function parseParty(value: unknown, field: string): PartyId {
  const party = objectAt(value, field);
  if (typeof party.country_code !== 'string' || !COUNTRY_CODE.test(party.country_code)) {
    throw invalidField(`${field}.country_code`, 'must be 2 uppercase letters (ISO 3166 alpha-2)');
  }
  if (typeof party.party_id !== 'string' || !PARTY_ID.test(party.party_id)) {
    throw invalidField(`${field}.party_id`, 'must be 3 uppercase letters or digits (OCPI)');
  }
  return { country_code: party.country_code, party_id: party.party_id };
}

function decimalAt(value: unknown, field: string, fallback: string, max?: number): string {
  if (value === undefined) return fallback;
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (!isDecimalString(text)) throw invalidField(field, 'must be a decimal string like "0.20"');
  if (text.startsWith('-')) throw invalidField(field, 'must not be negative');
  if (max !== undefined && new LedgerDecimal(text).greaterThan(max)) {
    throw invalidField(field, `must not exceed ${max}`);
  }
  return text;
}

function daysAt(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > DAYS_MAX) {
    throw invalidField(field, `must be a whole number of days from 0 to ${DAYS_MAX}`);
  }
  return value;
}

const SECONDS_MAX = 86_400;

function wholeAt(value: unknown, field: string, fallback: number, max: number, unit: string) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalidField(field, `must be a whole number of ${unit} from 0 to ${max}`);
  }
  return value;
}

function flagOnlyAt(value: unknown, fallback: readonly FlaggableCheck[]): FlaggableCheck[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) throw invalidField('flag_only', 'must be an array');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string' || !(FLAGGABLE_CHECKS as readonly string[]).includes(item)) {
      throw invalidField(`flag_only[${index}]`, `must be one of ${FLAGGABLE_CHECKS.join(', ')}`);
    }
    return item as FlaggableCheck;
  });
}

/** The reconciliation thresholds of a body; absent ones keep the values of `base`. */
function parseReconciliationTerms(body: Body, base: ReconciliationTerms): ReconciliationTerms {
  return {
    cdr_deadline_hours: wholeAt(
      body.cdr_deadline_hours,
      'cdr_deadline_hours',
      base.cdr_deadline_hours,
      HOURS_MAX,
      'hours',
    ),
    stuck_session_hours: wholeAt(
      body.stuck_session_hours,
      'stuck_session_hours',
      base.stuck_session_hours,
      HOURS_MAX,
      'hours',
    ),
    energy_tolerance_kwh: decimalAt(
      body.energy_tolerance_kwh,
      'energy_tolerance_kwh',
      base.energy_tolerance_kwh,
    ),
    power_margin_percent: decimalAt(
      body.power_margin_percent,
      'power_margin_percent',
      base.power_margin_percent,
      1000,
    ),
    duration_tolerance_s: wholeAt(
      body.duration_tolerance_s,
      'duration_tolerance_s',
      base.duration_tolerance_s,
      SECONDS_MAX,
      'seconds',
    ),
    meter_clock_tolerance_s: wholeAt(
      body.meter_clock_tolerance_s,
      'meter_clock_tolerance_s',
      base.meter_clock_tolerance_s,
      SECONDS_MAX,
      'seconds',
    ),
    flag_only: flagOnlyAt(body.flag_only, base.flag_only),
  };
}

function oneOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function parseFees(value: unknown, cpo: PartyId, fallback: readonly FeeRule[]): FeeRule[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) throw invalidField('fees', 'must be an array');
  if (value.length > FEES_MAX) throw invalidField('fees', `must have at most ${FEES_MAX} fees`);
  return value.map((item: unknown, index) => {
    const field = `fees[${index}]`;
    const fee = objectAt(item, field);
    const beneficiary = parseParty(fee.beneficiary, `${field}.beneficiary`);
    if (samePartyId(beneficiary, cpo)) {
      throw invalidField(`${field}.beneficiary`, 'must not be the CPO: fees are charged to it');
    }
    return {
      beneficiary,
      per_cdr: decimalAt(fee.per_cdr, `${field}.per_cdr`, '0'),
      percent_of_cost: decimalAt(fee.percent_of_cost, `${field}.percent_of_cost`, '0', 100),
    };
  });
}

/**
 * Parses the terms of a body; an absent field takes its value from `base` (the defaults for a
 * registration, the latest version for an amendment).
 */
function parseTerms(
  body: Body,
  cpo: PartyId,
  base: Omit<AgreementTerms, 'currency'> & {
    readonly currency: string | undefined;
  },
): AgreementTerms {
  const currency = body.currency ?? base.currency;
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw invalidField('currency', 'must be an ISO 4217 alpha-3 currency code like "EUR"');
  }
  return {
    currency,
    price_tolerance: decimalAt(body.price_tolerance, 'price_tolerance', base.price_tolerance),
    fees: parseFees(body.fees, cpo, base.fees),
    rounding: oneOf<RoundingPolicy>(body.rounding, 'rounding', ROUNDING_POLICIES, base.rounding),
    vat_treatment: oneOf<VatTreatment>(
      body.vat_treatment,
      'vat_treatment',
      VAT_TREATMENTS,
      base.vat_treatment,
    ),
    payment_terms_days: daysAt(
      body.payment_terms_days,
      'payment_terms_days',
      base.payment_terms_days,
    ),
    dispute_window_days: daysAt(
      body.dispute_window_days,
      'dispute_window_days',
      base.dispute_window_days,
    ),
    ...parseReconciliationTerms(body, base),
  };
}

function effectiveFromAt(value: unknown, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw invalidField('effective_from', 'is required');
    return null;
  }
  if (!isIsoDateTime(value)) throw invalidField('effective_from', 'must be an ISO-8601 date-time');
  return value;
}

/**
 * Validates a `POST /admin/agreements` body and applies the defaults: price_tolerance "0.01",
 * fees [], rounding HALF_UP, vat_treatment standard, payment and dispute terms 30 days,
 * cdr_deadline_hours 48, stuck_session_hours 24, energy_tolerance_kwh "0.01", effective_from
 * null (in force since always). Throws DomainRejection `validation_failed`.
 */
export function parseAgreementRegistration(input: unknown): AgreementRegistration {
  const body = objectAt(input, '$');
  if (typeof body.id !== 'string' || !AGREEMENT_ID.test(body.id)) {
    throw invalidField('id', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  const cpo = parseParty(body.cpo, 'cpo');
  const emsp = parseParty(body.emsp, 'emsp');
  if (samePartyId(cpo, emsp)) throw invalidField('emsp', 'must be another party than the CPO');
  const terms = parseTerms(body, cpo, { ...AGREEMENT_DEFAULTS, currency: undefined, fees: [] });
  return {
    id: body.id,
    cpo,
    emsp,
    ...terms,
    effective_from: effectiveFromAt(body.effective_from, false),
  };
}

/**
 * Validates an amendment body: `effective_from` (required) and any terms to change; absent
 * terms keep the values of `current` (the latest version). Parties cannot change.
 */
export function parseAgreementAmendment(
  input: unknown,
  current: AgreementTerms & { readonly cpo: PartyId },
): { readonly terms: AgreementTerms; readonly effective_from: string } {
  const body = objectAt(input, '$');
  for (const fixed of ['cpo', 'emsp'] as const) {
    if (body[fixed] !== undefined) throw invalidField(fixed, 'cannot be amended');
  }
  const terms = parseTerms(body, current.cpo, current);
  return { terms, effective_from: effectiveFromAt(body.effective_from, true)! };
}
