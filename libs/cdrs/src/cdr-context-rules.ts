/**
 * The rules that decide what a CDR is settled in, as pure functions over what the ledger holds
 * (the service in apps/api/src/cdrs loads the streams; these choose). Each choice says which
 * rule fired, and the CDR's `context` records it (CdrReceived / CdrReassessed): the tariff and
 * where its id came from (`source`: CDR or CONNECTOR), the tariff version in force at the session
 * start, the agreement version in force then, the time zone and its rule (`time_zone_source`:
 * LOCATION or COUNTRY). An auditor replays a choice from the recorded inputs.
 */
import { agreementInForceAt, type AgreementState, type AgreementVersion } from '#agreements';
import { LedgerDecimal, decimalString } from '#ledger';
import { countryTimeZone } from '#locations';
import { type JsonObject, ciKey, sameCiValue } from '#ocpi';
import type { TariffSource, TimeZoneSource } from './cdr.js';

export interface CdrParty {
  readonly country_code: string;
  readonly party_id: string;
}

/** The tariff a CDR is priced with, and which rule named it. */
export interface TariffReference {
  readonly tariff_id: string;
  readonly source: TariffSource;
}

/**
 * The CDR's tariff: the one it names itself (`CDR`), else the only tariff of the Location's
 * connector it names (`CONNECTOR`); null when neither names exactly one.
 */
export function tariffReferenceOf(
  cdr: JsonObject,
  location: JsonObject | null,
): TariffReference | null {
  const named = tariffIdOf(cdr);
  if (named !== null) return { tariff_id: named, source: 'CDR' };
  const cdr_location = (cdr.cdr_location ?? {}) as JsonObject;
  const connector = connectorTariffIdOf(location, cdr_location);
  return connector === null ? null : { tariff_id: connector, source: 'CONNECTOR' };
}

/**
 * The agreement version in force at `at` among the pair's agreements, in the order they were
 * registered for the pair: the first that has one. Null when none is in force.
 */
export function agreementVersionAmong(
  agreements: readonly AgreementState[],
  at: string,
): AgreementVersion | null {
  for (const state of agreements) {
    const version = agreementInForceAt(state, at);
    if (version !== null) return version;
  }
  return null;
}

/** The CDR's CPO (its own country code and party id), folded as stream names are. */
export function foldedCpoOf(cdr: JsonObject): CdrParty {
  return partyOf(cdr);
}

/** The CDR's eMSP (its token's country code and party id), folded as stream names are. */
export function foldedEmspOf(cdr: JsonObject): CdrParty {
  return partyOf((cdr.cdr_token ?? {}) as JsonObject);
}

/** The Location's zone; else the zone of its country when that country has only one. The
 * rule that fired is recorded with the CDR (`time_zone_source`), so an auditor sees a fallback. */
export function timeZoneOf(
  location: JsonObject | null,
  cpo: CdrParty,
  cdr_location: JsonObject,
): { time_zone: string | null; time_zone_source: TimeZoneSource | null } {
  const zone = location?.time_zone;
  if (typeof zone === 'string') return { time_zone: zone, time_zone_source: 'LOCATION' };
  const country =
    typeof cdr_location.country === 'string' ? cdr_location.country : cpo.country_code;
  const fallback = countryTimeZone(country);
  return { time_zone: fallback, time_zone_source: fallback === null ? null : 'COUNTRY' };
}

/**
 * The tariff of the connector the CDR names, for a CDR that names none itself (OCPI Connector
 * `tariff_ids`): the EVSE by `evse_uid` (else by `evse_id`), the connector by its id, all
 * CiStrings. Only an unambiguous answer counts: a connector with several tariff ids (one per
 * OCPI tariff type) gives none, and the CDR is held NO_TARIFF rather than priced by a guess.
 */
export function connectorTariffIdOf(
  location: JsonObject | null,
  cdr_location: JsonObject,
): string | null {
  const connector = connectorOf(location, cdr_location);
  const tariff_ids = Array.isArray(connector?.tariff_ids) ? connector.tariff_ids : [];
  return tariff_ids.length === 1 && typeof tariff_ids[0] === 'string' ? tariff_ids[0] : null;
}

/** The Location's connector the CDR names: EVSE by `evse_uid` (else `evse_id`), then its id. */
export function connectorOf(
  location: JsonObject | null,
  cdr_location: JsonObject,
): JsonObject | null {
  const evses = Array.isArray(location?.evses) ? (location.evses as JsonObject[]) : [];
  const evse = evses.find((candidate) =>
    typeof cdr_location.evse_uid === 'string'
      ? sameCiValue(candidate.uid, cdr_location.evse_uid)
      : sameCiValue(candidate.evse_id, cdr_location.evse_id),
  );
  const connectors = Array.isArray(evse?.connectors) ? (evse.connectors as JsonObject[]) : [];
  const connector = connectors.find((candidate) =>
    sameCiValue(candidate.id, cdr_location.connector_id),
  );
  return connector ?? null;
}

/**
 * The connector's maximum power in kW: its `max_electric_power` (W), else voltage x amperage
 * (x 3 for AC_3_PHASE, whose `max_voltage` is line to neutral in OCPI). Null when unknown.
 */
export function connectorMaxPowerKw(connector: JsonObject | null): string | null {
  if (connector === null) return null;
  const positive = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
  const electric = positive(connector.max_electric_power);
  if (electric !== null) return decimalString(new LedgerDecimal(electric).dividedBy(1000));
  const volts = positive(connector.max_voltage);
  const amps = positive(connector.max_amperage);
  if (volts === null || amps === null) return null;
  const phases = connector.power_type === 'AC_3_PHASE' ? 3 : 1;
  return decimalString(new LedgerDecimal(volts).times(amps).times(phases).dividedBy(1000));
}

function partyOf(object: JsonObject): CdrParty {
  return {
    country_code: ciKey(String(object.country_code)),
    party_id: ciKey(String(object.party_id)),
  };
}

/** The CDR's tariff: its first embedded tariff's id, else the first period's `tariff_id`. */
export function tariffIdOf(cdr: JsonObject): string | null {
  const tariffs = Array.isArray(cdr.tariffs) ? (cdr.tariffs as JsonObject[]) : [];
  const embedded = tariffs[0]?.id;
  if (typeof embedded === 'string') return embedded;
  const periods = Array.isArray(cdr.charging_periods) ? (cdr.charging_periods as JsonObject[]) : [];
  const period = periods.find((candidate) => typeof candidate.tariff_id === 'string');
  return period ? String(period.tariff_id) : null;
}
