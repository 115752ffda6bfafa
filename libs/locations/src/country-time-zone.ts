/**
 * Fallback time zone of a CDR whose location the ledger never received: only for countries
 * that span exactly one IANA zone in practice (mainland and all inhabited territories the CDR
 * could come from share one rule set). Countries with several zones (ES: Canary Islands,
 * PT: Azores, FR overseas are separate ISO countries and so excluded by code, US, CA, AU, RU, MX,
 * BR ...) are deliberately absent: guessing there would misprice time-of-day restrictions.
 * Keys are ISO 3166-1 alpha-2 (CDR `country_code`) and alpha-3 (`cdr_location.country`).
 */
const SINGLE_ZONE_COUNTRIES: Readonly<Record<string, string>> = {
  AT: 'Europe/Vienna',
  BE: 'Europe/Brussels',
  CH: 'Europe/Zurich',
  CZ: 'Europe/Prague',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  HU: 'Europe/Budapest',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  LU: 'Europe/Luxembourg',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  PL: 'Europe/Warsaw',
  SE: 'Europe/Stockholm',
  SI: 'Europe/Ljubljana',
  SK: 'Europe/Bratislava',
};

const ALPHA3_TO_ALPHA2: Readonly<Record<string, string>> = {
  AUT: 'AT',
  BEL: 'BE',
  CHE: 'CH',
  CZE: 'CZ',
  DEU: 'DE',
  DNK: 'DK',
  FIN: 'FI',
  FRA: 'FR',
  GBR: 'GB',
  HUN: 'HU',
  IRL: 'IE',
  ITA: 'IT',
  LUX: 'LU',
  NLD: 'NL',
  NOR: 'NO',
  POL: 'PL',
  SWE: 'SE',
  SVN: 'SI',
  SVK: 'SK',
};

/** The single IANA zone of a country (alpha-2 or alpha-3), or null when it has several. */
export function countryTimeZone(country: string): string | null {
  const upper = country.toUpperCase();
  const alpha2 = upper.length === 3 ? ALPHA3_TO_ALPHA2[upper] : upper;
  return (alpha2 && SINGLE_ZONE_COUNTRIES[alpha2]) ?? null;
}
