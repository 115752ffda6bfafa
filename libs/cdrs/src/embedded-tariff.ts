import type { TariffInForce } from './cdr.js';

/**
 * How the tariff copy embedded in a CDR compares with the tariff version the ledger holds in
 * force at the session start. Recorded, never a reason to hold: the ledger prices from its own
 * version. `last_updated` is ignored in the comparison (a re-publication with the same content
 * is the same tariff).
 * - `NO_TARIFF_IN_FORCE`: the ledger has no tariff version to compare with;
 * - `NOT_EMBEDDED`: the CDR embeds no tariff with that id;
 * - `SAME` / `DIFFERENT` (with the differing top-level fields, sorted).
 */
export interface EmbeddedTariffComparison {
  readonly status: 'NO_TARIFF_IN_FORCE' | 'NOT_EMBEDDED' | 'SAME' | 'DIFFERENT';
  readonly differing_fields: readonly string[];
}

const DEPTH_MAX = 32;

/** JSON with object keys sorted, so that equal content gives equal text. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > DEPTH_MAX) return '"<too deep>"';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function compareEmbeddedTariff(
  embedded: readonly unknown[] | null | undefined,
  in_force: TariffInForce | null,
): EmbeddedTariffComparison {
  if (in_force === null) return { status: 'NO_TARIFF_IN_FORCE', differing_fields: [] };
  const copy = (embedded ?? []).find(
    (tariff): tariff is Record<string, unknown> =>
      typeof tariff === 'object' &&
      tariff !== null &&
      (tariff as { id?: unknown }).id === in_force.tariff_id,
  );
  if (copy === undefined) return { status: 'NOT_EMBEDDED', differing_fields: [] };
  const fields = new Set([...Object.keys(copy), ...Object.keys(in_force.tariff)]);
  fields.delete('last_updated');
  const differing_fields = [...fields]
    .filter((field) => canonicalJson(copy[field]) !== canonicalJson(in_force.tariff[field]))
    .sort();
  return { status: differing_fields.length === 0 ? 'SAME' : 'DIFFERENT', differing_fields };
}
