/**
 * Canonical JSON: object keys sorted, no whitespace. Two OCPI objects with the same content
 * have the same canonical text whatever the key order of the sender, so idempotent retries are
 * recognised and content hashes are stable.
 */
export type JsonObject = { readonly [key: string]: unknown };

/** Upper bound on nesting; OCPI objects are a handful of levels deep. */
const DEPTH_MAX = 64;

export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** Texts of objects written with `rememberedCanonicalJson`, by object identity. */
const remembered = new WeakMap<object, string>();

/**
 * canonicalJson of an object that will not change any more (e.g. a received OCPI body), also
 * remembered: a larger value that contains the same object (an event carrying the CDR) reuses
 * the text instead of writing it again. The output is the same either way.
 */
export function rememberedCanonicalJson(value: JsonObject): string {
  const text = write(value, 0);
  remembered.set(value, text);
  return text;
}

/** Characters JSON.stringify would escape; strings without them are quoted as they are. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

// Plain concatenation instead of entries / filter / map / join: this runs several times per
// CDR (its content hash, its events' ids). The text is exactly what that version wrote, since
// stored content hashes depend on it: no toJSON, `undefined` members dropped, other
// unserialisable values written as null, a bigint refused.
function write(value: unknown, depth: number): string {
  if (depth > DEPTH_MAX) throw new Error('canonicalJson: nesting deeper than 64 levels');
  if (typeof value === 'string')
    return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      text += (index === 0 ? '' : ',') + write(value[index], depth + 1);
    }
    return `${text}]`;
  }
  const known = remembered.get(value);
  if (known !== undefined) return known;
  const record = value as JsonObject;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${quotedKey(key)}:${write(item, depth + 1)}`;
  }
  return `${text}}`;
}

/** Upper bound on remembered quoted keys (OCPI objects use a few hundred names). */
const QUOTED_KEYS_MAX = 4096;
const quoted_keys = new Map<string, string>();

/** A key as JSON text; the same few names recur in every object, so their text is kept. */
function quotedKey(key: string): string {
  let quoted = quoted_keys.get(key);
  if (quoted === undefined) {
    quoted = NEEDS_ESCAPE.test(key) ? JSON.stringify(key) : `"${key}"`;
    // Keys come from partners' JSON too: once full, new names are quoted without being kept.
    if (quoted_keys.size < QUOTED_KEYS_MAX) quoted_keys.set(key, quoted);
  }
  return quoted;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * OCPI PATCH semantics (transport_and_format.asciidoc, "PATCH"): the fields present replace
 * the stored ones; lists are replaced as a whole. Top-level merge of an object.
 */
export function mergePatch(current: JsonObject, patch: JsonObject): JsonObject {
  return { ...current, ...patch };
}
