import assert from 'node:assert/strict';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, bigint written as
 * a decimal string. Two structurally equal values always give the same text, so the text can be
 * hashed (the per-stream hash chain) and compared (idempotent appends). Like JSON.stringify,
 * `undefined` object members are dropped and `toJSON()` (e.g. Date) is honoured.
 */

/** Nesting deeper than this is a bug (or a cycle), not an event payload. */
const DEPTH_MAX = 64;

export function canonicalJson(value: unknown): string {
  const text = write(value, 0);
  assert.ok(text !== undefined, 'canonical JSON: the top-level value is not serialisable');
  return text;
}

/** Canonical texts of objects that no longer change, by identity (rememberCanonicalJson). */
const remembered = new WeakMap<object, string>();

/**
 * Records the canonical text of a plain JSON object that will not change any more (a received
 * OCPI body whose content hash was just written): an event carrying it reuses the text instead of
 * writing the object again. `text` must be what canonicalJson(value) gives (for plain JSON, the
 * OCPI canonical writer's text is: same key order, escaping and number forms).
 */
export function rememberCanonicalJson(value: object, text: string): void {
  remembered.set(value, text);
}

/** Characters JSON.stringify would escape; strings without them are quoted as they are. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

// Hand-written rather than a JSON.stringify replacer: this runs for every appended event, and
// plain concatenation is several times faster than re-building sorted copies of each object.
function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      assert.ok(Number.isFinite(value), `canonical JSON: non-finite number ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value.toString()}"`;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      assert.ok(depth < DEPTH_MAX, `canonical JSON: nesting deeper than ${DEPTH_MAX}`);
      return writeObject(value, depth);
  }
}

function writeObject(value: object | null, depth: number): string | undefined {
  if (value === null) return 'null';
  const known = remembered.get(value);
  if (known !== undefined) return known;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), depth + 1);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      // JSON.stringify writes `null` for unserialisable array members; keep that behaviour.
      text += (index === 0 ? '' : ',') + (write(value[index], depth + 1) ?? 'null');
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (const key of keys) {
    const member = write(record[key], depth + 1);
    if (member === undefined) continue;
    const name = NEEDS_ESCAPE.test(key) ? JSON.stringify(key) : `"${key}"`;
    text += `${text.length === 1 ? '' : ','}${name}:${member}`;
  }
  return `${text}}`;
}
