import { ciKey, sameCiValue } from '../../../../libs/ocpi/src/ci-string.js';
import { Inject, Injectable } from '@nestjs/common';
import * as Agreement from '../../../../libs/agreements/src/agreement.decider.js';
import { agreementStreamName } from '../../../../libs/agreements/src/agreement.js';
import { agreementInForceAt } from '../../../../libs/agreements/src/agreement-queries.js';
import type {
  CdrContext,
  TariffInForce,
  TariffSource,
  TimeZoneSource,
} from '../../../../libs/cdrs/src/cdr.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { countryTimeZone } from '../../../../libs/locations/src/country-time-zone.js';
import * as Location from '../../../../libs/locations/src/location.decider.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import * as AgreementPair from '../../../../libs/partners/src/agreement-pair.decider.js';
import * as TariffVersions from '../../../../libs/tariff-versions/src/tariff-versions.decider.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { StreamStateCache } from '../infrastructure/stream-state-cache.js';
import { priceCdrWithSplits } from './cdr-pricing.js';
import type { CdrCheckFacts } from '../../../../libs/cdrs/src/cdr-checks.js';
import { verifySignedData } from '../../../../libs/cdrs/src/ocmf-signed-data.js';
import * as Session from '../../../../libs/sessions/src/session.decider.js';
import { LedgerDecimal, decimalString } from '../../../../libs/ledger/src/index.js';

/** Upper bound on agreements examined for one CPO / eMSP pair. */
const PAIR_AGREEMENTS_MAX = 64;
/** Upper bound on context streams (pairs, agreements, tariffs, Locations) kept folded. */
const CONTEXT_STREAMS_MAX = 4096;

type Party = { country_code: string; party_id: string };

/**
 * Looks up what a CDR is settled in: the agreement of its CPO and eMSP in force at the session
 * start, the tariff version in force then, the Location's time zone, and the ledger's price.
 */
@Injectable()
export class CdrContextLookup {
  private readonly streams: StreamStateCache;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.streams = new StreamStateCache(store, CONTEXT_STREAMS_MAX);
  }

  /**
   * `other_session_cdr_ids`: the other live (not rejected) non-credit CDRs of the CDR's session
   * id, for the DUPLICATE_SESSION check (the handler reads them from the session's CDR index).
   */
  async contextOf(
    cdr: JsonObject,
    other_session_cdr_ids: readonly string[] = [],
  ): Promise<CdrContext> {
    const cpo = partyOf(cdr);
    const token = (cdr.cdr_token ?? {}) as JsonObject;
    const emsp = partyOf(token);
    const start = String(cdr.start_date_time);
    const cdr_location = (cdr.cdr_location ?? {}) as JsonObject;
    const [agreement, location] = await Promise.all([
      this.agreementAt(cpo, emsp, start),
      this.locationOf(cpo, cdr_location),
    ]);
    const named = tariffIdOf(cdr);
    const tariff =
      named !== null
        ? await this.tariffAt(cpo, named, 'CDR', start)
        : await this.tariffAt(cpo, connectorTariffIdOf(location, cdr_location), 'CONNECTOR', start);
    const { time_zone, time_zone_source } = timeZoneOf(location, cpo, cdr_location);
    const priced =
      tariff !== null && time_zone !== null
        ? priceCdrWithSplits(tariff.tariff, cdr, time_zone)
        : { price: null, split_periods: [] };
    const ledger_price = priced.price;
    const checks: CdrCheckFacts = {
      session: await this.sessionOf(cpo, cdr.session_id),
      other_session_cdr_ids,
      connector_max_power_kw: connectorMaxPowerKw(connectorOf(location, cdr_location)),
      signed_data: await verifySignedData(cdr.signed_data),
      split_periods: priced.split_periods,
    };
    return { agreement, tariff, time_zone, time_zone_source, ledger_price, checks };
  }

  /** The session the CDR names (its final kWh once ended), or null when the ledger has none. */
  private async sessionOf(cpo: Party, session_id: unknown): Promise<CdrCheckFacts['session']> {
    if (typeof session_id !== 'string' || session_id === '') return null;
    const stream = Session.sessionStream(cpo.country_code, cpo.party_id, session_id);
    const session = (await this.streams.load(stream, Session)).state.session;
    if (session === null) return null;
    const ended = session.status === 'COMPLETED' || typeof session.end_date_time === 'string';
    return { kwh: session.kwh, ended };
  }

  /** The agreement between the CPO and the eMSP in force at `at`, or null. */
  async agreementAt(cpo: Party, emsp: Party, at: string) {
    const pair = await this.streams.load(
      AgreementPair.agreementPairStream(cpo, emsp),
      AgreementPair,
    );
    for (const agreement_id of pair.state.agreement_ids.slice(0, PAIR_AGREEMENTS_MAX)) {
      const { state } = await this.streams.load(agreementStreamName(agreement_id), Agreement);
      const version = agreementInForceAt(state, at);
      if (version !== null) return version;
    }
    return null;
  }

  private async tariffAt(
    cpo: Party,
    tariff_id: string | null,
    source: TariffSource,
    at: string,
  ): Promise<TariffInForce | null> {
    if (tariff_id === null) return null;
    const stream = TariffVersions.tariffStream(cpo.country_code, cpo.party_id, tariff_id);
    const { state } = await this.streams.load(stream, TariffVersions);
    const version = TariffVersions.tariffVersionAt(state, at);
    if (version === null) return null;
    return { tariff_id, source, version: String(version.version), tariff: version.tariff };
  }

  /** The Location the CDR names (`cdr_location.id`, a CiString), as the ledger holds it. */
  private async locationOf(cpo: Party, cdr_location: JsonObject): Promise<JsonObject | null> {
    if (typeof cdr_location.id !== 'string') return null;
    const stream = Location.locationStream(cpo.country_code, cpo.party_id, cdr_location.id);
    return (await this.streams.load(stream, Location)).state.location;
  }
}

/** The Location's zone; else the zone of its country when that country has only one. The
 * rule that fired is recorded with the CDR (`time_zone_source`), so an auditor sees a fallback. */
function timeZoneOf(
  location: JsonObject | null,
  cpo: Party,
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
function connectorOf(location: JsonObject | null, cdr_location: JsonObject): JsonObject | null {
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

function partyOf(object: JsonObject): Party {
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
