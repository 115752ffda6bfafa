/**
 * The OCPI credentials module's objects (credentials.asciidoc, version_information_endpoint
 * .asciidoc): reading a partner's Credentials object, its versions list and version details.
 * Pure: the HTTP calls are the API's; these only say what an answer means, or what is wrong.
 */

export const CREDENTIALS_ROLES = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'] as const;
/** The roles a partner of the ledger can hold (libs/partners PARTNER_ROLES). */
export const SETTLED_ROLES = ['CPO', 'EMSP', 'HUB'] as const;
export type SettledRole = (typeof SETTLED_ROLES)[number];

export interface BusinessDetails {
  readonly name: string;
  readonly website?: string;
}

export interface CredentialsRole {
  readonly role: SettledRole;
  readonly country_code: string;
  readonly party_id: string;
  readonly business_details: BusinessDetails;
}

export interface Credentials {
  /** CREDENTIALS_TOKEN_B: what the ledger would use to call the partner. */
  readonly token: string;
  /** The partner's versions endpoint. */
  readonly url: string;
  readonly roles: readonly CredentialsRole[];
}

export interface VersionRef {
  readonly version: string;
  readonly url: string;
}

export interface Endpoint {
  readonly identifier: string;
  readonly role: string;
  readonly url: string;
}

/** What is wrong with an input, and where (a JSON path). */
export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

const TOKEN = /^[\x21-\x7E]{1,64}$/;
const COUNTRY_CODE = /^[A-Za-z]{2}$/;
const PARTY_ID = /^[A-Za-z0-9]{3}$/;
/** Text without control characters (C0 and DEL), as the receiver requires of text fields. */
// eslint-disable-next-line no-control-regex
const TEXT = /^[^\x00-\x1F\x7F]*$/;

/** An absolute http(s) URL of at most 255 characters (OCPI URL type), else null. */
export function httpUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 255 || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** The Credentials object a partner POSTs or PUTs; one role per connection (README). */
export function parseCredentials(body: unknown): Credentials | InputIssue {
  if (!isObject(body)) return { field: '$', message: 'the body must be a Credentials object' };
  if (typeof body.token !== 'string' || !TOKEN.test(body.token)) {
    return {
      field: 'token',
      message: 'token must be 1 to 64 printable ASCII characters without spaces',
    };
  }
  if (httpUrl(body.url) === null) {
    return { field: 'url', message: 'url must be an absolute http or https URL (versions)' };
  }
  if (!Array.isArray(body.roles) || body.roles.length === 0) {
    return { field: 'roles', message: 'roles must be a non-empty array of CredentialsRole' };
  }
  if (body.roles.length > 1) {
    return {
      field: 'roles',
      message: 'the ledger connects one party per credentials exchange: give exactly one role',
    };
  }
  const role = parseRole(body.roles[0], 'roles[0]');
  if ('field' in role) return role;
  return { token: body.token, url: body.url as string, roles: [role] };
}

function parseRole(value: unknown, path: string): CredentialsRole | InputIssue {
  if (!isObject(value)) return { field: path, message: `${path} must be a CredentialsRole` };
  if (!CREDENTIALS_ROLES.includes(value.role as (typeof CREDENTIALS_ROLES)[number])) {
    return { field: `${path}.role`, message: `${path}.role must be an OCPI role` };
  }
  if (!SETTLED_ROLES.includes(value.role as SettledRole)) {
    return {
      field: `${path}.role`,
      message: `${path}.role ${String(value.role)}: the ledger settles CPO, EMSP and HUB parties`,
    };
  }
  if (typeof value.country_code !== 'string' || !COUNTRY_CODE.test(value.country_code)) {
    return { field: `${path}.country_code`, message: `${path}.country_code must be 2 letters` };
  }
  if (typeof value.party_id !== 'string' || !PARTY_ID.test(value.party_id)) {
    return { field: `${path}.party_id`, message: `${path}.party_id must be 3 letters or digits` };
  }
  const details = value.business_details;
  const name = isObject(details) ? details.name : undefined;
  if (typeof name !== 'string' || name.length === 0 || name.length > 100 || !TEXT.test(name)) {
    return {
      field: `${path}.business_details.name`,
      message: `${path}.business_details.name must be a name of 1 to 100 characters`,
    };
  }
  const website = isObject(details) ? details.website : undefined;
  if (website !== undefined && website !== null && httpUrl(website) === null) {
    return {
      field: `${path}.business_details.website`,
      message: `${path}.business_details.website must be an http or https URL`,
    };
  }
  return {
    role: value.role as SettledRole,
    country_code: value.country_code.toUpperCase(),
    party_id: value.party_id.toUpperCase(),
    business_details: typeof website === 'string' ? { name, website } : { name },
  };
}

/** The `data` of an OCPI response envelope with status_code 1000, else why it is not one. */
export function envelopeData(body: unknown): { data: unknown } | string {
  if (!isObject(body) || typeof body.status_code !== 'number' || !('timestamp' in body)) {
    return 'the answer is not an OCPI response (no status_code and timestamp)';
  }
  if (body.status_code < 1000 || body.status_code > 1999) {
    return `the answer has OCPI status_code ${body.status_code}`;
  }
  return { data: body.data };
}

/** A versions list (`GET` of the versions URL): each version with its details URL. */
export function parseVersionList(data: unknown): readonly VersionRef[] | string {
  if (!Array.isArray(data) || data.length === 0) return 'data is not a non-empty list of versions';
  const versions: VersionRef[] = [];
  for (const entry of data.slice(0, 32)) {
    if (!isObject(entry) || typeof entry.version !== 'string' || httpUrl(entry.url) === null) {
      return 'a version entry is not { version, url } with an http(s) url';
    }
    versions.push({ version: entry.version, url: entry.url as string });
  }
  return versions;
}

/** Version details: its endpoints; the credentials module must be among them (3003 if not). */
export function parseVersionDetails(data: unknown, version: string): readonly Endpoint[] | string {
  if (!isObject(data) || data.version !== version || !Array.isArray(data.endpoints)) {
    return `data is not the details of version ${version} ({ version, endpoints })`;
  }
  const endpoints: Endpoint[] = [];
  for (const entry of data.endpoints.slice(0, 128)) {
    if (
      !isObject(entry) ||
      typeof entry.identifier !== 'string' ||
      typeof entry.role !== 'string' ||
      httpUrl(entry.url) === null
    ) {
      return 'an endpoint is not { identifier, role, url } with an http(s) url';
    }
    endpoints.push({ identifier: entry.identifier, role: entry.role, url: entry.url as string });
  }
  return endpoints;
}

/** The version both sides speak: the one the credentials call came in on, if they offer it. */
export function mutualVersion(theirs: readonly VersionRef[], wanted: string): VersionRef | null {
  return theirs.find((candidate) => candidate.version === wanted) ?? null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
