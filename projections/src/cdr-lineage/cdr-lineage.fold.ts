import { ciKey } from '#ocpi';

/**
 * The lineage rule (DESIGN.md "Lineage"), pure: which CDRs an event concerns, read from its data
 * alone, whatever its type - so events of contexts added later (disputes, exceptions, ...) are
 * included without a change here, as long as they carry the CDR's key or a reference to it:
 * - an object with `country_code`, `party_id` and `cdr_id` (CDR events, a transaction's `cdr`,
 *   statement and invoice lines, `cdr: {...}` of disputes and exceptions);
 * - a `cdr_key` string `CC/PID/ID`;
 * - beside such a key, `credit_of` / `credit_reference_id` (the CDR a credit credits, same party);
 * - a transaction id (`transaction_id`, `*_transaction_id`) of a transaction known to settle a
 *   CDR: an object with a `transaction_id` and a CDR key defines that link (a posting), and any
 *   later event naming the id is in the lineage of that CDR.
 * The tariff and agreement versions an assessment used (`context.tariff`, `context.agreement_id`
 * of CdrReceived / CdrReassessed) are links to earlier events, resolved by the projection.
 * Keys are folded with ciKey (OCPI ids are case-insensitive): `DE/ABC/CDR1`.
 */
export interface CdrReferences {
  readonly cdr_keys: Set<string>;
  /** transaction id -> CDR key, defined by this event. */
  readonly transactions_defined: Map<string, string>;
  /** Transaction ids the event names (to look up). */
  readonly transactions_named: Set<string>;
  /** Versioned objects the event used: `{stream, version}` of earlier events. */
  readonly versions_used: { readonly stream: string; readonly version: string }[];
}

/**
 * Parts of an event that hold an OCPI object's own content or a price's breakdown, never a
 * reference to a CDR: not searched (a CDR's receipt is 2 KB, mostly these).
 */
const NOT_REFERENCES = new Set([
  'charging_periods',
  'tariffs',
  'cdr_location',
  'cdr_token',
  'signed_data',
  'breakdown',
  'policy',
  'elements',
  'embedded_tariff',
]);

/** Bounds on the walk over one event's data (a statement of a busy month is large). */
const WALK_DEPTH_MAX = 12;
const WALK_NODES_MAX = 2_000_000;

type Json = Readonly<Record<string, unknown>>;

export function cdrKeyOf(country_code: string, party_id: string, cdr_id: string): string {
  return `${ciKey(country_code)}/${ciKey(party_id)}/${ciKey(cdr_id)}`;
}

function ownKey(node: Json): string | null {
  const { country_code, party_id, cdr_id } = node;
  if (typeof country_code !== 'string' || typeof party_id !== 'string') return null;
  return typeof cdr_id === 'string' ? cdrKeyOf(country_code, party_id, cdr_id) : null;
}

function keyOfCdrKeyText(text: string): string | null {
  const [country_code, party_id, ...rest] = text.split('/');
  if (country_code === undefined || party_id === undefined || rest.length === 0) return null;
  return cdrKeyOf(country_code, party_id, rest.join('/'));
}

export function cdrReferencesOf(event: { readonly type: string; readonly data: unknown }) {
  const found: CdrReferences = {
    cdr_keys: new Set(),
    transactions_defined: new Map(),
    transactions_named: new Set(),
    versions_used: [],
  };
  let nodes = 0;
  const visit = (node: unknown, depth: number): void => {
    if (typeof node !== 'object' || node === null || depth > WALK_DEPTH_MAX) return;
    nodes += 1;
    if (nodes > WALK_NODES_MAX) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const object = node as Json;
    const key = ownKey(object) ?? nestedKey(object);
    if (key !== null) {
      found.cdr_keys.add(key);
      // A credit names the CDR it credits (same party): `credit_of` in postings and lines,
      // `credit_reference_id` (OCPI) in the credit CDR's receipt.
      for (const credited of [object.credit_of, object.credit_reference_id]) {
        if (typeof credited !== 'string') continue;
        const [country_code, party_id] = key.split('/') as [string, string];
        found.cdr_keys.add(cdrKeyOf(country_code, party_id, credited));
      }
      if (typeof object.transaction_id === 'string') {
        found.transactions_defined.set(object.transaction_id, key);
      }
    }
    // for...in over a decoded JSON object: its own keys, without an array of entries per node.
    for (const field in object) {
      const value = object[field];
      if (typeof value === 'string') {
        if (field === 'cdr_key') {
          const named = keyOfCdrKeyText(value);
          if (named !== null) found.cdr_keys.add(named);
        } else if (field === 'transaction_id' || field.endsWith('_transaction_id')) {
          found.transactions_named.add(value);
        }
      } else if (typeof value === 'object' && value !== null && !NOT_REFERENCES.has(field)) {
        visit(value, depth + 1);
      }
    }
  };
  visit(event.data, 0);
  if (event.type === 'CdrReceived' || event.type === 'CdrReassessed') {
    found.versions_used.push(...versionsUsed(event.data as Json));
  }
  return found;
}

/** `{ cdr: { country_code, party_id, cdr_id } }` beside a `transaction_id` / `credit_of`. */
function nestedKey(object: Json): string | null {
  const cdr = object.cdr as Json | null | undefined;
  if (typeof cdr !== 'object' || cdr === null || Array.isArray(cdr)) return null;
  if (typeof object.transaction_id !== 'string' && typeof object.credit_of !== 'string') {
    return null;
  }
  return ownKey(cdr);
}

/** The tariff version and agreement version an assessment used, as (stream, version). */
function versionsUsed(data: Json): { stream: string; version: string }[] {
  const context = (data.context ?? {}) as Json;
  const used: { stream: string; version: string }[] = [];
  const tariff = context.tariff as Json | null | undefined;
  const cpo_country = typeof data.country_code === 'string' ? data.country_code : null;
  const cpo_party = typeof data.party_id === 'string' ? data.party_id : null;
  if (tariff && typeof tariff.tariff_id === 'string' && cpo_country && cpo_party) {
    used.push({
      stream: `tariff-${ciKey(cpo_country)}-${ciKey(cpo_party)}-${ciKey(tariff.tariff_id)}`,
      version: String(tariff.version),
    });
  }
  if (typeof context.agreement_id === 'string' && context.agreement_version !== null) {
    used.push({
      stream: `agreement-${context.agreement_id}`,
      version: String(context.agreement_version),
    });
  }
  return used;
}

/** The version an event publishes on its stream, for the events a CDR's context refers to. */
export function versionPublished(event: {
  readonly type: string;
  readonly data: unknown;
}): string | null {
  if (
    event.type !== 'TariffVersionPublished' &&
    event.type !== 'AgreementRegistered' &&
    event.type !== 'AgreementAmended'
  ) {
    return null;
  }
  // An agreement's registration is its version 1; amendments and tariff versions say theirs.
  if (event.type === 'AgreementRegistered') return '1';
  const version = (event.data as Json).version;
  return typeof version === 'number' || typeof version === 'string' ? String(version) : null;
}
