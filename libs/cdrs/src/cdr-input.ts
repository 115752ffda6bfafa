import { hash } from 'node:crypto';
import type { PartyId } from '#ledger';
import { statedPriceOf } from './stated-price.js';
import type { CdrDocument, CdrKey, PriceAmounts } from './cdr.js';
import { eventIdFor, rememberCanonicalJson } from '#event-store';
import {
  canonicalJson,
  rememberedCanonicalJson,
  CDR_CI_STRING_PATHS,
  ciKey,
  ciStringsFolded,
  foldCiStrings,
} from '#ocpi';

/**
 * Helpers for the handler that turns a received OCPI CDR into an AcceptCdr command. Not part of
 * the decider (this file hashes with node:crypto).
 */

/** Marks content hashes of the CiString-folded rule; hashes without it are of the rule before. */
export const CI_CONTENT_HASH_PREFIX = 'ci1:';

/**
 * The CDR's content hash, by which a redelivery is recognised: SHA-256 (hex) of its canonical
 * JSON (object keys sorted, so key order does not matter) with every CiString folded
 * (libs/ocpi/src/ci-string.ts), so the same CDR sent again in another case is the same CDR.
 * The text of an already folded CDR is remembered, so the CdrReceived event that carries it is
 * not written out again.
 *
 * `stored` is the CDR as the ledger already holds it, if any. A CDR received before the folding
 * rule carries a hash of its exact text; a redelivery that equals it up to CiString case gets
 * that stored hash back (a duplicate, acknowledged), any other content a hash of the current rule
 * (a conflict).
 */
export function cdrContentHash(
  cdr: CdrDocument,
  stored: { readonly content_hash: string; readonly cdr: CdrDocument } | null = null,
): string {
  const current = CI_CONTENT_HASH_PREFIX + hash('sha256', foldedCanonicalJson(cdr), 'hex');
  if (stored === null || stored.content_hash.startsWith(CI_CONTENT_HASH_PREFIX)) return current;
  const same = foldedCanonicalJson(stored.cdr) === foldedCanonicalJson(cdr);
  return same ? stored.content_hash : current;
}

function foldedCanonicalJson(cdr: CdrDocument): string {
  if (ciStringsFolded(cdr, CDR_CI_STRING_PATHS)) {
    // The CDR's text is written once: the event carrying it (the store's encoding) reuses it.
    const text = rememberedCanonicalJson(cdr);
    rememberCanonicalJson(cdr, text);
    return text;
  }
  return canonicalJson(foldCiStrings(cdr, CDR_CI_STRING_PATHS));
}

/**
 * The id of the ledger transaction that settles a CDR: from its CiString-folded key, so the
 * CDR in any case settles under one id.
 */
export function cdrTransactionId(key: CdrKey): string {
  return eventIdFor(
    'cdr-transaction',
    ciKey(key.country_code),
    ciKey(key.party_id),
    ciKey(key.cdr_id),
  );
}

/**
 * The CPO's claimed `total_cost` as decimal strings (stated-price.ts: a 2.3.0 Price gives
 * before_taxes as excl_vat and before_taxes + its taxes as incl_vat); a missing 2.2.1
 * `incl_vat` is null (then it equals excl_vat). Throws `validation_failed` naming the field.
 */
export function claimedTotalCostOf(cdr: CdrDocument): PriceAmounts {
  return statedPriceOf(cdr.total_cost, 'total_cost').amounts;
}

/** The eMSP of the CDR: the party of its `cdr_token`, or null when absent or malformed. */
export function emspOf(cdr: CdrDocument): PartyId | null {
  const token = cdr.cdr_token as { country_code?: unknown; party_id?: unknown } | undefined;
  if (typeof token?.country_code !== 'string' || typeof token.party_id !== 'string') return null;
  return { country_code: token.country_code, party_id: token.party_id };
}
