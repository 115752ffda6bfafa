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

function write(value: unknown, depth: number): string {
  if (depth > DEPTH_MAX) throw new Error('canonicalJson: nesting deeper than 64 levels');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as JsonObject)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, depth + 1)}`).join(',')}}`;
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
