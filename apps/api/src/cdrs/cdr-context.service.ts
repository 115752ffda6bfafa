import { Inject, Injectable } from '@nestjs/common';
import { Agreement, agreementStreamName } from '#agreements';
import {
  type CdrContext,
  type TariffInForce,
  agreementVersionAmong,
  connectorMaxPowerKw,
  connectorOf,
  foldedCpoOf,
  foldedEmspOf,
  tariffReferenceOf,
  timeZoneOf,
  type CdrParty,
  type TariffReference,
  type CdrCheckFacts,
  verifySignedData,
} from '#cdrs';
import type { EventStore } from '#event-store';
import { Location } from '#locations';
import type { JsonObject } from '#ocpi';
import { AgreementPair } from '#partners';
import { TariffVersions } from '#tariff-versions';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { StreamStateCache } from '../infrastructure/stream-state-cache.js';
import { priceCdrWithSplits } from './cdr-pricing.js';
import { Session } from '#sessions';

/** Upper bound on agreements examined for one CPO / eMSP pair. */
const PAIR_AGREEMENTS_MAX = 64;
/** Upper bound on context streams (pairs, agreements, tariffs, Locations) kept folded. */
const CONTEXT_STREAMS_MAX = 4096;

/**
 * Loads what a CDR is settled in - the pair's agreements, the Location, the tariff's versions,
 * the session - and lets the pure rules of libs/cdrs/src/cdr-context-rules.ts choose: the
 * agreement version in force at the session start, the tariff (named by the CDR or by its
 * connector) and its version then, the time zone (Location or country), and the ledger's price.
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
    const cpo = foldedCpoOf(cdr);
    const emsp = foldedEmspOf(cdr);
    const start = String(cdr.start_date_time);
    const cdr_location = (cdr.cdr_location ?? {}) as JsonObject;
    const [agreement, location] = await Promise.all([
      this.agreementAt(cpo, emsp, start),
      this.locationOf(cpo, cdr_location),
    ]);
    const tariff = await this.tariffAt(cpo, tariffReferenceOf(cdr, location), start);
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
  private async sessionOf(cpo: CdrParty, session_id: unknown): Promise<CdrCheckFacts['session']> {
    if (typeof session_id !== 'string' || session_id === '') return null;
    const stream = Session.sessionStream(cpo.country_code, cpo.party_id, session_id);
    const session = (await this.streams.load(stream, Session)).state.session;
    if (session === null) return null;
    const ended = session.status === 'COMPLETED' || typeof session.end_date_time === 'string';
    return { kwh: session.kwh, ended };
  }

  /** The agreement between the CPO and the eMSP in force at `at`, or null. */
  async agreementAt(cpo: CdrParty, emsp: CdrParty, at: string) {
    const pair = await this.streams.load(
      AgreementPair.agreementPairStream(cpo, emsp),
      AgreementPair,
    );
    const agreements: Agreement.AgreementState[] = [];
    for (const agreement_id of pair.state.agreement_ids.slice(0, PAIR_AGREEMENTS_MAX)) {
      agreements.push(
        (await this.streams.load(agreementStreamName(agreement_id), Agreement)).state,
      );
    }
    return agreementVersionAmong(agreements, at);
  }

  private async tariffAt(
    cpo: CdrParty,
    reference: TariffReference | null,
    at: string,
  ): Promise<TariffInForce | null> {
    if (reference === null) return null;
    const { tariff_id, source } = reference;
    const stream = TariffVersions.tariffStream(cpo.country_code, cpo.party_id, tariff_id);
    const { state } = await this.streams.load(stream, TariffVersions);
    const version = TariffVersions.tariffVersionAt(state, at);
    if (version === null) return null;
    return { tariff_id, source, version: String(version.version), tariff: version.tariff };
  }

  /** The Location the CDR names (`cdr_location.id`, a CiString), as the ledger holds it. */
  private async locationOf(cpo: CdrParty, cdr_location: JsonObject): Promise<JsonObject | null> {
    if (typeof cdr_location.id !== 'string') return null;
    const stream = Location.locationStream(cpo.country_code, cpo.party_id, cdr_location.id);
    return (await this.streams.load(stream, Location)).state.location;
  }
}
