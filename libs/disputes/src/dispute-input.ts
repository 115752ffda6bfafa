import { invalidField, LedgerDecimal } from '#ledger';
import {
  DISPUTE_OUTCOMES,
  DISPUTE_REASONS,
  type DisputeClaim,
  type DisputeOutcome,
  type DisputeReason,
  type DisputeResolution,
  type TotalCost,
} from './dispute.js';

/**
 * Validation of the dispute bodies (pure): a `validation_failed` rejection naming the field by
 * its JSON path, before anything is read or written. Amounts are decimal strings (JSON numbers
 * are accepted and read by their text), not negative, at most 4 decimals; incl_vat >= excl_vat.
 * An optional `currency` next to the amounts must be the CDR's (checked by the decider).
 */
type Json = Readonly<Record<string, unknown>>;

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,4})?$/;
const TEXT_MAX = 4000;

function objectAt(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidField(field, 'must be an object');
  }
  return value as Json;
}

export function idAt(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalidField(field, 'must be 1-64 of A-Z a-z 0-9 . _ -');
  }
  return value;
}

function textAt(value: unknown, field: string, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw invalidField(field, 'is required');
    return null;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > TEXT_MAX) {
    throw invalidField(field, `must be a text of 1-${TEXT_MAX} characters`);
  }
  return value;
}

/** A non-negative amount with at most 4 decimals, normalised ("4.00" -> "4"). */
export function amountAt(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text === 'string' && text.startsWith('-')) {
    throw invalidField(field, 'must not be negative');
  }
  if (typeof text !== 'string' || !AMOUNT_PATTERN.test(text)) {
    throw invalidField(field, 'must be a decimal amount with at most 4 decimals');
  }
  return new LedgerDecimal(text).toFixed();
}

export interface TotalCostInput extends TotalCost {
  /** The currency the caller states, or null (then the CDR's is meant). */
  readonly currency: string | null;
}

function totalCostAt(value: unknown, field: string): TotalCostInput {
  const json = objectAt(value, field);
  const excl_vat = amountAt(json.excl_vat, `${field}.excl_vat`);
  const incl_vat = amountAt(json.incl_vat, `${field}.incl_vat`);
  if (new LedgerDecimal(incl_vat).lessThan(excl_vat)) {
    throw invalidField(`${field}.incl_vat`, 'must not be less than excl_vat');
  }
  const currency = json.currency ?? null;
  if (currency !== null && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))) {
    throw invalidField(`${field}.currency`, 'must be an ISO 4217 code');
  }
  return { excl_vat, incl_vat, currency };
}

function enumAt<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export interface OpenDisputeInput extends DisputeClaim {
  readonly id: string;
  readonly claimed_currency: string | null;
}

/** `POST /v1/disputes`. */
export function parseOpenDispute(body: unknown): OpenDisputeInput {
  const json = objectAt(body, '$');
  const id = idAt(json.id, 'id');
  const cdr = objectAt(json.cdr, 'cdr');
  const country_code = cdr.country_code;
  const party_id = cdr.party_id;
  if (typeof country_code !== 'string' || !/^[A-Za-z]{2}$/.test(country_code)) {
    throw invalidField('cdr.country_code', 'must be two letters');
  }
  if (typeof party_id !== 'string' || !/^[A-Za-z0-9]{3}$/.test(party_id)) {
    throw invalidField('cdr.party_id', 'must be 3 letters or digits');
  }
  if (typeof cdr.cdr_id !== 'string' || !/^[\x21-\x7E]{1,36}$/.test(cdr.cdr_id)) {
    throw invalidField('cdr.cdr_id', 'must be an OCPI CDR id (1-36 printable characters)');
  }
  const reason = enumAt<DisputeReason>(json.reason, 'reason', DISPUTE_REASONS);
  const claimed =
    json.claimed_total_cost === undefined || json.claimed_total_cost === null
      ? null
      : totalCostAt(json.claimed_total_cost, 'claimed_total_cost');
  return {
    id,
    cdr: {
      country_code: country_code.toUpperCase(),
      party_id: party_id.toUpperCase(),
      cdr_id: cdr.cdr_id,
    },
    reason,
    claimed_total_cost: claimed && { excl_vat: claimed.excl_vat, incl_vat: claimed.incl_vat },
    claimed_currency: claimed?.currency ?? null,
    description: textAt(json.description, 'description', false),
  };
}

/** `POST /v1/disputes/{id}/evidence`. */
export function parseEvidence(body: unknown): { readonly id: string; readonly text: string } {
  const json = objectAt(body, '$');
  return { id: idAt(json.id, 'id'), text: textAt(json.text, 'text', true)! };
}

export interface ResolutionInput extends DisputeResolution {
  readonly currency: string | null;
}

/** `POST /v1/disputes/{id}/resolution`. */
export function parseResolution(body: unknown): ResolutionInput {
  const json = objectAt(body, '$');
  const outcome = enumAt<DisputeOutcome>(json.outcome, 'outcome', DISPUTE_OUTCOMES);
  const given = json.total_cost !== undefined && json.total_cost !== null;
  if (outcome === 'ADJUSTED' && !given)
    throw invalidField('total_cost', 'is required with ADJUSTED');
  if (outcome !== 'ADJUSTED' && given) {
    throw invalidField('total_cost', `must not be given with ${outcome}`);
  }
  const total = given ? totalCostAt(json.total_cost, 'total_cost') : null;
  const refund_given = json.driver_refund !== undefined && json.driver_refund !== null;
  if (refund_given && outcome === 'REJECTED') {
    throw invalidField('driver_refund', 'must not be given with REJECTED');
  }
  const driver_refund = refund_given ? amountAt(json.driver_refund, 'driver_refund') : null;
  if (driver_refund !== null && new LedgerDecimal(driver_refund).isZero()) {
    throw invalidField('driver_refund', 'must be greater than 0');
  }
  return {
    outcome,
    total_cost: total && { excl_vat: total.excl_vat, incl_vat: total.incl_vat },
    currency: total?.currency ?? null,
    note: textAt(json.note, 'note', false),
    driver_refund,
  };
}
