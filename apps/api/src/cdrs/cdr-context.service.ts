import { Inject, Injectable } from '@nestjs/common';
import * as Agreement from '../../../../libs/agreements/src/agreement.decider.js';
import { agreementStreamName } from '../../../../libs/agreements/src/agreement.js';
import { agreementInForceAt } from '../../../../libs/agreements/src/agreement-queries.js';
import type { CdrContext, TariffInForce } from '../../../../libs/cdrs/src/cdr.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { countryTimeZone } from '../../../../libs/locations/src/country-time-zone.js';
import * as Location from '../../../../libs/locations/src/location.decider.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import * as AgreementPair from '../../../../libs/partners/src/agreement-pair.decider.js';
import * as TariffVersions from '../../../../libs/tariff-versions/src/tariff-versions.decider.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { StreamStateCache } from '../infrastructure/stream-state-cache.js';
import { priceCdrJson } from './cdr-pricing.js';

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

  async contextOf(cdr: JsonObject): Promise<CdrContext> {
    const cpo = partyOf(cdr);
    const token = (cdr.cdr_token ?? {}) as JsonObject;
    const emsp = partyOf(token);
    const start = String(cdr.start_date_time);
    const [agreement, tariff, time_zone] = await Promise.all([
      this.agreementAt(cpo, emsp, start),
      this.tariffAt(cpo, tariffIdOf(cdr), start),
      this.timeZoneOf(cpo, cdr),
    ]);
    const ledger_price =
      tariff !== null && time_zone !== null ? priceCdrJson(tariff.tariff, cdr, time_zone) : null;
    return { agreement, tariff, time_zone, ledger_price };
  }

  private async agreementAt(cpo: Party, emsp: Party, at: string) {
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
    at: string,
  ): Promise<TariffInForce | null> {
    if (tariff_id === null) return null;
    const stream = TariffVersions.tariffStream(cpo.country_code, cpo.party_id, tariff_id);
    const { state } = await this.streams.load(stream, TariffVersions);
    const version = TariffVersions.tariffVersionAt(state, at);
    if (version === null) return null;
    return { tariff_id, version: String(version.version), tariff: version.tariff };
  }

  /** The Location's zone; else the zone of its country when that country has only one. */
  private async timeZoneOf(cpo: Party, cdr: JsonObject): Promise<string | null> {
    const cdr_location = (cdr.cdr_location ?? {}) as JsonObject;
    const location_id = String(cdr_location.id);
    const stream = Location.locationStream(cpo.country_code, cpo.party_id, location_id);
    const { state } = await this.streams.load(stream, Location);
    const zone = Location.locationTimeZone(state);
    if (zone !== null) return zone;
    const country =
      typeof cdr_location.country === 'string' ? cdr_location.country : cpo.country_code;
    return countryTimeZone(country);
  }
}

function partyOf(object: JsonObject): Party {
  return {
    country_code: String(object.country_code).toUpperCase(),
    party_id: String(object.party_id).toUpperCase(),
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
