/**
 * OCPI 2.2.1 and 2.3.0 objects differ where money is stated: a 2.2.1 Price is
 * `{excl_vat, incl_vat?}`, a 2.3.0 Price `{before_taxes, taxes[]}`, a 2.3.0 PriceLimit
 * `{before_taxes, after_taxes?}`, and a 2.3.0 Tariff has `tax_included` and
 * `preauthorize_amount`. Receivers tolerate unknown fields, so an object of the other version
 * would otherwise be refused for a field it lacks (or, worse, accepted with its money ignored):
 * this check names the field that belongs to the other version instead.
 */

export type OcpiObjectVersion = '2.2.1' | '2.3.0';

/** A field of the other version, and which version it belongs to. */
export interface ForeignField {
  /** JSON path, e.g. `total_cost.before_taxes`. */
  readonly field: string;
  readonly belongs_to: OcpiObjectVersion;
}

const PRICE_FIELDS: Readonly<Record<OcpiObjectVersion, readonly string[]>> = {
  '2.2.1': ['excl_vat', 'incl_vat'],
  '2.3.0': ['before_taxes', 'taxes', 'after_taxes'],
};
const TARIFF_FIELDS_230 = ['tax_included', 'preauthorize_amount'] as const;
const PRICE_MEMBERS = [
  'total_cost',
  'total_fixed_cost',
  'total_energy_cost',
  'total_time_cost',
  'total_parking_cost',
  'total_reservation_cost',
] as const;
/** Upper bound on embedded tariffs inspected (a CDR carries a handful). */
const TARIFFS_MAX = 1000;

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function other(version: OcpiObjectVersion): OcpiObjectVersion {
  return version === '2.2.1' ? '2.3.0' : '2.2.1';
}

function foreignPriceField(
  price: unknown,
  path: string,
  version: OcpiObjectVersion,
): ForeignField | null {
  if (!isObject(price)) return null;
  const belongs_to = other(version);
  const field = PRICE_FIELDS[belongs_to].find((name) => price[name] !== undefined);
  return field === undefined ? null : { field: `${path}.${field}`, belongs_to };
}

function foreignTariffField(
  tariff: unknown,
  path: string,
  version: OcpiObjectVersion,
): ForeignField | null {
  if (!isObject(tariff)) return null;
  const prefix = path === '' ? '' : `${path}.`;
  if (version === '2.2.1') {
    const field = TARIFF_FIELDS_230.find((name) => tariff[name] !== undefined);
    if (field !== undefined) return { field: `${prefix}${field}`, belongs_to: '2.3.0' };
  }
  for (const limit of ['min_price', 'max_price'] as const) {
    const found = foreignPriceField(tariff[limit], `${prefix}${limit}`, version);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The first field of `object` (a Tariff, Session or CDR, or fields of one in a PATCH) that
 * belongs to the other OCPI version than `version`, or null.
 */
export function foreignVersionField(
  kind: 'tariff' | 'session' | 'cdr' | 'location',
  object: unknown,
  version: OcpiObjectVersion,
): ForeignField | null {
  if (!isObject(object)) return null;
  if (kind === 'location') return null;
  if (kind === 'tariff') return foreignTariffField(object, '', version);
  for (const member of PRICE_MEMBERS) {
    const found = foreignPriceField(object[member], member, version);
    if (found !== null) return found;
  }
  const tariffs = kind === 'cdr' && Array.isArray(object.tariffs) ? object.tariffs : [];
  for (let index = 0; index < Math.min(tariffs.length, TARIFFS_MAX); index += 1) {
    const found = foreignTariffField(tariffs[index], `tariffs[${index}]`, version);
    if (found !== null) return found;
  }
  return null;
}

/** The refusal message of a foreign field (a 400, OCPI 2001). */
export function foreignFieldMessage(found: ForeignField, version: OcpiObjectVersion): string {
  return (
    `Invalid field ${found.field}: an OCPI ${found.belongs_to} field, but this is the OCPI ` +
    `${version} path (send OCPI ${found.belongs_to} objects to /ocpi/${found.belongs_to}/)`
  );
}
