/**
 * One session's life as the CPO reports it over OCPI 2.2.1: PUT the session when the car plugs
 * in, PATCH the meter reading halfway, PUT it COMPLETED, then POST its CDR, priced by the CPO.
 * The CPO's price is the ledger's own (pricing engine, same tariff and time zone) rounded to
 * cents, except for the CDRs generated with a wrong price. A credit CDR (OCPI 2.2.1 mod_cdrs:
 * `credit`, `credit_reference_id`, negative totals) reverses a posted CDR later.
 */
import { Decimal } from 'decimal.js';
import type { DateTime } from 'luxon';
import {
  parsePricingCdr,
  parseTariff,
  priceCdr,
  toPriceJson,
  type AmountJson,
  type Tariff,
} from '#tariffs';
import { chargingProfile, hours, iso, type ChargingProfile } from './charging-session.js';
import type { DemoEvse, DemoLocation } from './locations.js';
import type { DemoParty } from './parties.js';
import type { DemoRequest } from './plan.js';
import type { SeededRandom } from './random.js';
import { tariffOf } from './tariffs.js';

export interface PlannedCdr {
  readonly country_code: string;
  readonly party_id: string;
  readonly id: string;
  readonly request: DemoRequest;
  /** The status `GET /v1/cdrs/...` should answer once the whole plan has been sent. */
  readonly expected_status: 'POSTED' | 'PRICE_MISMATCH' | 'CREDITED';
}

export interface SessionLife {
  readonly requests: readonly DemoRequest[];
  readonly cdr: PlannedCdr;
  readonly credit: PlannedCdr | null;
}

export interface SessionSpec {
  readonly seed: number;
  readonly month: DateTime;
  readonly index: number;
  readonly emsp: DemoParty;
  readonly location: DemoLocation;
  readonly price_mismatch: boolean;
  readonly credited: boolean;
}

/** Drivers per eMSP: their tokens recur over the month. */
const DRIVERS_PER_EMSP = 180;

const parsedTariffs = new Map<string, Tariff>();

function parsedTariff(body: Record<string, unknown>): Tariff {
  const key = `${String(body.country_code)}/${String(body.party_id)}/${String(body.id)}`;
  let tariff = parsedTariffs.get(key);
  if (tariff === undefined) {
    tariff = parseTariff(body);
    parsedTariffs.set(key, tariff);
  }
  return tariff;
}

const ZERO = new Decimal(0);
const CREATED = [201, 200];

const cents = (value: string) => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

function claimed(amount: AmountJson, offset: Decimal) {
  return {
    excl_vat: cents(amount.excl_vat).plus(offset).toNumber(),
    incl_vat: cents(amount.incl_vat).plus(offset).toNumber(),
  };
}

function tokenOf(random: SeededRandom, emsp: DemoParty) {
  const driver = random.int(1, DRIVERS_PER_EMSP);
  const app = driver % 4 === 0;
  const number = String(10_000_000 + driver * 7919).slice(-8);
  return {
    country_code: emsp.country_code,
    party_id: emsp.party_id,
    uid: app ? `APP-${emsp.party_id}-${number}` : `04${number}A1`,
    type: app ? 'APP_USER' : 'RFID',
    contract_id: `${emsp.country_code}-${emsp.party_id}-C${number}`,
  };
}

/** What one session is, once drawn: the parties, the place, the charging and the CPO's price. */
interface SessionFacts {
  readonly cpo: DemoParty;
  readonly location: DemoLocation;
  readonly evse: DemoEvse;
  readonly profile: ChargingProfile;
  readonly token: ReturnType<typeof tokenOf>;
  readonly tariff: Record<string, unknown>;
  readonly session_id: string;
  readonly cdr_id: string;
  readonly total_cost: { readonly excl_vat: number; readonly incl_vat: number };
}

const partyOf = (cpo: DemoParty) => ({ country_code: cpo.country_code, party_id: cpo.party_id });
const authMethodOf = (facts: SessionFacts) =>
  facts.token.type === 'APP_USER' ? 'COMMAND' : 'WHITELIST';

function drawSession(random: SeededRandom, spec: SessionSpec): SessionFacts {
  const { location, emsp } = spec;
  const cpo = location.cpo;
  const evse = random.pick(location.evses);
  const profile = chargingProfile(random, spec.month, location, evse);
  const token = tokenOf(random, emsp);
  const tariff = tariffOf(cpo, evse.tariff_id);
  const serial = `${spec.month.toFormat('yyyyMM')}-${spec.seed}-${String(spec.index + 1).padStart(5, '0')}`;
  const timing = {
    start_date_time: iso(profile.start),
    end_date_time: iso(profile.end),
    charging_periods: profile.periods,
  };
  const price = toPriceJson(
    priceCdr({
      tariff: parsedTariff(tariff),
      cdr: parsePricingCdr(timing),
      time_zone: location.time_zone,
    }),
  );
  // A wrong price: the CPO's claim is 0.50 to 4.00 EUR above the tariff's.
  const offset = spec.price_mismatch ? new Decimal(random.between(0.5, 4).toFixed(2)) : ZERO;
  return {
    cpo,
    location,
    evse,
    profile,
    token,
    tariff,
    session_id: `SES-${serial}`,
    cdr_id: `CDR-${serial}`,
    total_cost: claimed(price.total_cost, offset),
  };
}

function sessionRequests(facts: SessionFacts): DemoRequest[] {
  const { cpo, profile } = facts;
  const start_date_time = iso(profile.start);
  const session_start = {
    ...partyOf(cpo),
    id: facts.session_id,
    start_date_time,
    kwh: 0,
    cdr_token: facts.token,
    auth_method: authMethodOf(facts),
    location_id: facts.location.id,
    evse_uid: facts.evse.uid,
    connector_id: '1',
    currency: 'EUR',
    status: 'ACTIVE',
    last_updated: start_date_time,
  };
  const path = `/ocpi/2.2.1/sessions/${cpo.country_code}/${cpo.party_id}/${facts.session_id}`;
  const completed = {
    ...session_start,
    end_date_time: iso(profile.end),
    kwh: profile.energy_wh / 1000,
    charging_periods: profile.periods,
    total_cost: facts.total_cost,
    status: 'COMPLETED',
    last_updated: iso(profile.end),
  };
  const midway = { kwh: profile.midway_energy_wh / 1000, last_updated: iso(profile.midway) };
  return [
    { method: 'PUT', path, auth: cpo, body: session_start, expect: CREATED, label: 'session PUT' },
    { method: 'PATCH', path, auth: cpo, body: midway, expect: [200], label: 'session PATCH' },
    {
      method: 'PUT',
      path,
      auth: cpo,
      body: completed,
      expect: CREATED,
      label: 'session PUT COMPLETED',
    },
  ];
}

function cdrBody(facts: SessionFacts): Record<string, unknown> {
  const { location, evse, profile } = facts;
  return {
    ...partyOf(facts.cpo),
    id: facts.cdr_id,
    start_date_time: iso(profile.start),
    end_date_time: iso(profile.end),
    session_id: facts.session_id,
    cdr_token: facts.token,
    auth_method: authMethodOf(facts),
    cdr_location: {
      id: location.id,
      name: location.name,
      address: location.address,
      city: location.city,
      postal_code: location.postal_code,
      country: location.country,
      coordinates: { latitude: location.latitude, longitude: location.longitude },
      evse_uid: evse.uid,
      evse_id: evse.evse_id,
      connector_id: '1',
      connector_standard: evse.standard,
      connector_format: evse.format,
      connector_power_type: evse.power_type,
    },
    currency: 'EUR',
    tariffs: [facts.tariff],
    charging_periods: profile.periods,
    total_cost: facts.total_cost,
    total_energy: profile.energy_wh / 1000,
    total_time: hours(profile.charging_min + profile.parking_min),
    total_parking_time: hours(profile.parking_min),
    last_updated: iso(profile.end.plus({ minutes: 5 })),
  };
}

const postCdr = (cpo: DemoParty, body: unknown, label: string): DemoRequest => ({
  method: 'POST',
  path: '/ocpi/2.2.1/cdrs',
  auth: cpo,
  body,
  expect: [201],
  label,
});

/** The credit CDR of a posted CDR (OCPI 2.2.1 mod_cdrs): same session, negative totals. */
function creditOf(facts: SessionFacts, cdr: Record<string, unknown>): PlannedCdr {
  const id = `${facts.cdr_id}-CR`;
  const body = {
    ...cdr,
    id,
    credit: true,
    credit_reference_id: facts.cdr_id,
    total_cost: { excl_vat: -facts.total_cost.excl_vat, incl_vat: -facts.total_cost.incl_vat },
    remark: 'Credit: the session was disturbed by a station fault',
    last_updated: iso(facts.profile.end.plus({ days: 3 })),
  };
  return {
    ...partyOf(facts.cpo),
    id,
    request: postCdr(facts.cpo, body, 'credit CDR POST'),
    expected_status: 'POSTED',
  };
}

export function sessionLife(random: SeededRandom, spec: SessionSpec): SessionLife {
  const facts = drawSession(random, spec);
  const body = cdrBody(facts);
  const post = postCdr(facts.cpo, body, 'CDR POST');
  const cdr: PlannedCdr = {
    ...partyOf(facts.cpo),
    id: facts.cdr_id,
    request: post,
    expected_status: spec.price_mismatch ? 'PRICE_MISMATCH' : spec.credited ? 'CREDITED' : 'POSTED',
  };
  return {
    requests: [...sessionRequests(facts), post],
    cdr,
    credit: spec.credited ? creditOf(facts, body) : null,
  };
}
