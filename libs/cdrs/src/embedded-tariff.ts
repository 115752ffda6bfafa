import { ciEqual, canonicalJson } from '#ocpi';
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

/**
 * Canonical texts of the fields of tariffs held by the ledger, by object identity: the handler
 * shares one tariff version object between the CDRs priced with it, and the object is never
 * changed, so its texts are written once.
 */
const field_texts = new WeakMap<object, Map<string, string>>();

function fieldText(tariff: Readonly<Record<string, unknown>>, field: string): string {
  // Only the tariff's own fields are kept (bounded by its size); names that only the CDR's
  // embedded copy has are not.
  if (!Object.hasOwn(tariff, field)) return canonicalJson(tariff[field]);
  let texts = field_texts.get(tariff);
  if (texts === undefined) {
    texts = new Map<string, string>();
    field_texts.set(tariff, texts);
  }
  let text = texts.get(field);
  if (text === undefined) {
    text = canonicalJson(tariff[field]);
    texts.set(field, text);
  }
  return text;
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
      typeof (tariff as { id?: unknown }).id === 'string' &&
      ciEqual((tariff as { id: string }).id, in_force.tariff_id),
  );
  if (copy === undefined) return { status: 'NOT_EMBEDDED', differing_fields: [] };
  const fields = new Set([...Object.keys(copy), ...Object.keys(in_force.tariff)]);
  fields.delete('last_updated');
  const differing_fields = [...fields]
    .filter((field) => !sameField(copy, in_force.tariff, field))
    .sort();
  return { status: differing_fields.length === 0 ? 'SAME' : 'DIFFERENT', differing_fields };
}

/** The tariff's own identity fields are CiStrings: `t1` embedded names the stored `T1`. */
const TARIFF_CI_FIELDS = new Set(['country_code', 'party_id', 'id']);

function sameField(
  copy: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
  field: string,
): boolean {
  const [a, b] = [copy[field], stored[field]];
  if (TARIFF_CI_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') {
    return ciEqual(a, b);
  }
  return canonicalJson(a) === fieldText(stored, field);
}
