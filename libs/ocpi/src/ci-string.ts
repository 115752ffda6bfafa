import type { JsonObject } from './canonical-json.js';

/**
 * OCPI CiString identity (types.asciidoc, "CiString type": case-insensitive, printable ASCII).
 *
 * This file is the one folding rule of the ledger. Everything that identifies an OCPI object -
 * stream names, idempotency and content hashes, references from one object to another (a CDR's
 * `tariff_id`, `session_id`, `cdr_location.id`, `credit_reference_id`, a connector's
 * `tariff_ids`) - goes through `ciKey`, while the text as the partner sent it is kept in the
 * events for display and for the partner. Folding is to upper case and touches only ASCII
 * letters, so it is the same on every runtime and locale (`'i'.toUpperCase()` is not, in Turkish).
 */
export function ciKey(value: string): string {
  return HAS_LOWER_ASCII.test(value) ? value.replace(LOWER_ASCII, upper) : value;
}

/** Whether two CiStrings name the same thing. */
export function ciEqual(a: string, b: string): boolean {
  return a === b || ciKey(a) === ciKey(b);
}

/** ciEqual for JSON values: CiStrings compare folded, anything else must be identical. */
export function sameCiValue(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' ? ciEqual(a, b) : a === b;
}

const HAS_LOWER_ASCII = /[a-z]/;
const LOWER_ASCII = /[a-z]/g;

function upper(letter: string): string {
  return String.fromCharCode(letter.charCodeAt(0) - 32);
}

/**
 * Where a CDR (OCPI 2.2.1 / 2.3.0, mod_cdrs "CDR Object" and its classes) holds CiStrings, as
 * paths (`[]` steps into every element of a list). Folding these and nothing else makes a CDR
 * sent again in another case the same CDR, while a changed text field (a `remark`, an address)
 * is still other content.
 */
export const CDR_CI_STRING_PATHS: readonly string[] = [
  'country_code',
  'party_id',
  'id',
  'session_id',
  'authorization_reference',
  'invoice_reference_id',
  'credit_reference_id',
  'cdr_token.country_code',
  'cdr_token.party_id',
  'cdr_token.uid',
  'cdr_token.contract_id',
  'cdr_location.id',
  'cdr_location.evse_uid',
  'cdr_location.evse_id',
  'cdr_location.connector_id',
  'charging_periods[].tariff_id',
  'tariffs[].country_code',
  'tariffs[].party_id',
  'tariffs[].id',
  'signed_data.encoding_method',
  'signed_data.signed_values[].nature',
];

/** Upper bound on path steps: the paths above are at most three deep. */
const PATH_STEPS_MAX = 8;

/** True when every CiString at `paths` is already folded (the common case: no copy needed). */
export function ciStringsFolded(object: JsonObject, paths: readonly string[]): boolean {
  for (const path of paths) {
    let folded = true;
    visit(object, steps(path), 0, (value) => {
      if (HAS_LOWER_ASCII.test(value)) folded = false;
      return value;
    });
    if (!folded) return false;
  }
  return true;
}

/** A copy of `object` with every CiString at `paths` folded by `ciKey`; other fields shared. */
export function foldCiStrings(object: JsonObject, paths: readonly string[]): JsonObject {
  let result: unknown = object;
  for (const path of paths) result = visit(result, steps(path), 0, ciKey);
  return result as JsonObject;
}

const parsedPaths = new Map<string, readonly string[]>();

function steps(path: string): readonly string[] {
  let found = parsedPaths.get(path);
  if (found === undefined) {
    found = path
      .split('.')
      .flatMap((step) => (step.endsWith('[]') ? [step.slice(0, -2), '[]'] : [step]));
    if (found.length > PATH_STEPS_MAX) throw new RangeError(`CiString path too deep: ${path}`);
    parsedPaths.set(path, found);
  }
  return found;
}

/** Copy-on-write walk: returns `value` itself when nothing below it changed. */
function visit(
  value: unknown,
  path: readonly string[],
  at: number,
  change: (text: string) => string,
): unknown {
  if (at === path.length) return typeof value === 'string' ? change(value) : value;
  const step = path[at]!;
  if (step === '[]') {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | null = null;
    value.forEach((item, index) => {
      const next = visit(item, path, at + 1, change);
      if (next !== item) (copy ??= [...value])[index] = next;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as JsonObject;
  if (!(step in record)) return value;
  const next = visit(record[step], path, at + 1, change);
  return next === record[step] ? value : { ...record, [step]: next };
}

/**
 * The canonical name of a stream keyed by CiStrings (`<prefix><CC>-<PID>-<id>`) under the
 * folding rule, or null when the stream has none of the prefixes. Streams written before the
 * rule named the id as sent; `libs/event-store/src/stream-aliases.ts` keeps them reachable.
 */
export function ciStreamName(stream: string, prefixes: readonly string[]): string | null {
  const prefix = prefixes.find((candidate) => stream.startsWith(candidate));
  return prefix === undefined ? null : prefix + ciKey(stream.slice(prefix.length));
}
