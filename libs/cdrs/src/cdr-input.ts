import { hash } from 'node:crypto';
import {
  decimalString,
  invalidField,
  LedgerDecimal,
  type PartyId,
} from '../../ledger/src/index.js';
import type { CdrDocument, PriceAmounts } from './cdr.js';
import { rememberedCanonicalJson } from '../../ocpi/src/canonical-json.js';

/**
 * Helpers for the handler that turns a received OCPI CDR into an AcceptCdr command. Not part of
 * the decider (this file hashes with node:crypto).
 */

/**
 * SHA-256 (hex) of the CDR's canonical JSON (object keys sorted), so that a redelivery with
 * the same content in another key order is recognised as the same CDR. The text is remembered
 * for the received object, so the CdrReceived event that carries it is not written out again.
 */
export function cdrContentHash(cdr: CdrDocument): string {
  return hash('sha256', rememberedCanonicalJson(cdr), 'hex');
}

function amountAt(value: unknown, field: string): string {
  const ok =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
  if (!ok) throw invalidField(field, 'must be a number');
  // From a JSON number's shortest text form: exact for every decimal a CPO writes.
  return decimalString(new LedgerDecimal(value as number | string));
}

/**
 * The CPO's claimed `total_cost` as decimal strings; a missing `incl_vat` is null (then it
 * equals excl_vat). Throws `validation_failed` naming `total_cost...` when malformed.
 */
export function claimedTotalCostOf(cdr: CdrDocument): PriceAmounts {
  const total = cdr.total_cost;
  if (typeof total !== 'object' || total === null) {
    throw invalidField('total_cost', 'must be an OCPI Price object');
  }
  const { excl_vat, incl_vat } = total as { excl_vat?: unknown; incl_vat?: unknown };
  return {
    excl_vat: amountAt(excl_vat, 'total_cost.excl_vat'),
    incl_vat:
      incl_vat === undefined || incl_vat === null
        ? null
        : amountAt(incl_vat, 'total_cost.incl_vat'),
  };
}

/** The eMSP of the CDR: the party of its `cdr_token`, or null when absent or malformed. */
export function emspOf(cdr: CdrDocument): PartyId | null {
  const token = cdr.cdr_token as { country_code?: unknown; party_id?: unknown } | undefined;
  if (typeof token?.country_code !== 'string' || typeof token.party_id !== 'string') return null;
  return { country_code: token.country_code, party_id: token.party_id };
}
