import type { ApiConfig } from '../infrastructure/api-config.js';

/** The OCPI versions the ledger serves, oldest first (INTERFACES.md "OCPI connection"). */
const OCPI_VERSIONS = ['2.2.1', '2.3.0'] as const;
export type OcpiVersion = (typeof OCPI_VERSIONS)[number];

/** The modules the ledger receives in every version it serves (role RECEIVER). */
const RECEIVED_MODULES = ['credentials', 'locations', 'tariffs', 'sessions', 'cdrs'] as const;

export function isOcpiVersion(value: string): value is OcpiVersion {
  return (OCPI_VERSIONS as readonly string[]).includes(value);
}

/** `LEDGER_PUBLIC_URL`, else `http://localhost:<PORT>`; no trailing slash. */
export function publicBaseUrl(config: ApiConfig): string {
  return config.public_url ?? `http://localhost:${config.port}`;
}

export function versionList(config: ApiConfig): { version: string; url: string }[] {
  const base = publicBaseUrl(config);
  return OCPI_VERSIONS.map((version) => ({ version, url: `${base}/ocpi/${version}` }));
}

/**
 * A version's endpoints. Module URLs end in `/`: some senders append
 * `{country_code}/{party_id}/{id}` to the URL without a separator of their own.
 */
export function versionDetails(config: ApiConfig, version: OcpiVersion) {
  const base = publicBaseUrl(config);
  return {
    version,
    endpoints: RECEIVED_MODULES.map((identifier) => ({
      identifier,
      role: 'RECEIVER',
      url: `${base}/ocpi/${version}/${identifier}/`,
    })),
  };
}

/** The ledger's own credentials role: a settlement platform, OCPI role OTHER. */
export function ledgerRole(config: ApiConfig) {
  return {
    role: 'OTHER',
    country_code: config.ocpi_party?.country_code ?? 'ZZ',
    party_id: config.ocpi_party?.party_id ?? 'LDG',
    business_details: { name: 'EV roaming settlement ledger' },
  };
}
