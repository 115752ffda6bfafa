/**
 * The demo month as a plan of HTTP requests, generated from a seed before anything is sent:
 * set-up (partners, agreements, Locations, tariffs), each session's life (PUT, PATCH, PUT
 * completed, POST CDR), duplicate deliveries and credit CDRs, with the outcome each should have.
 * Deterministic: the same seed, month and size give the same plan.
 */
import { DateTime } from 'luxon';
import { AGREEMENTS, agreementBody, CPOS, EMSPS, PARTIES, type DemoParty } from './parties.js';
import { LOCATIONS, locationBody } from './locations.js';
import { TARIFFS } from './tariffs.js';
import { SeededRandom } from './random.js';
import { sessionLife, type PlannedCdr } from './session-life.js';

export type Auth = 'admin' | DemoParty;

export interface DemoRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly path: string;
  readonly auth: Auth;
  readonly body?: unknown;
  /** HTTP statuses that are an expected outcome; anything else is a failure. */
  readonly expect: readonly number[];
  /** What the request is, for the failure report (e.g. `session PATCH`). */
  readonly label: string;
}

interface PlannedSession {
  /** PUT session, PATCH session, PUT completed session, POST CDR: in this order. */
  readonly requests: readonly DemoRequest[];
  readonly cdr: PlannedCdr;
}

export interface ExpectedCounts {
  readonly sessions: number;
  readonly cdrs: number;
  /** CDRs posted at the CPO's price (some of them credited later). */
  readonly posted: number;
  readonly price_mismatch: number;
  readonly duplicates: number;
  readonly credits: number;
}

export interface DemoPlan {
  readonly seed: number;
  /** `YYYY-MM`: the month the sessions took place in. */
  readonly month: string;
  readonly setup: readonly DemoRequest[];
  readonly sessions: readonly PlannedSession[];
  /** The same CDR delivered again: acknowledged with 200, nothing changes. */
  readonly duplicates: readonly DemoRequest[];
  /** Credit CDRs for some posted CDRs (their originals end CREDITED). */
  readonly credits: readonly PlannedCdr[];
  readonly expected: ExpectedCounts;
}

export interface PlanOptions {
  readonly seed: number;
  readonly sessions: number;
  readonly month: string;
}

/** Shares of the CDRs that are delivered with a wrong price, twice, or credited later. */
const MISMATCH_SHARE = 0.03;
const DUPLICATE_SHARE = 0.02;
const CREDIT_SHARE = 0.01;

const CREATED = [201, 200];

function setupRequests(): DemoRequest[] {
  const requests: DemoRequest[] = PARTIES.map((party) => ({
    method: 'POST',
    path: '/admin/partners',
    auth: 'admin',
    body: {
      country_code: party.country_code,
      party_id: party.party_id,
      role: party.role,
      name: party.name,
      token: party.token,
      vat_id: party.vat_id,
      ...party.master_data,
    },
    expect: CREATED,
    label: 'partner registration',
  }));
  for (const agreement of AGREEMENTS) {
    const body = agreementBody(agreement);
    requests.push({
      method: 'POST',
      path: '/admin/agreements',
      auth: 'admin',
      body,
      expect: CREATED,
      label: 'agreement registration',
    });
  }
  for (const tariff of TARIFFS.values()) {
    const cpo = CPOS.find(
      (p) => p.country_code === tariff.country_code && p.party_id === tariff.party_id,
    )!;
    const path = `/ocpi/2.2.1/tariffs/${cpo.country_code}/${cpo.party_id}/${String(tariff.id)}`;
    requests.push({
      method: 'PUT',
      path,
      auth: cpo,
      body: tariff,
      expect: CREATED,
      label: 'tariff PUT',
    });
  }
  for (const location of LOCATIONS) {
    const { cpo } = location;
    const path = `/ocpi/2.2.1/locations/${cpo.country_code}/${cpo.party_id}/${location.id}`;
    requests.push({
      method: 'PUT',
      path,
      auth: cpo,
      body: locationBody(location),
      expect: CREATED,
      label: 'location PUT',
    });
  }
  return requests;
}

/** At least one of each kind, so that even a tiny demo shows every outcome. */
const shareOf = (size: number, share: number) => Math.max(1, Math.round(size * share));

type SpecialKind = 'mismatch' | 'duplicate' | 'credit';

/**
 * Which sessions get a wrong price, a duplicate delivery or a credit: distinct sessions drawn
 * over the whole month, the kinds dealt in turn so each is spread over the month too.
 */
function specialSessions(random: SeededRandom, size: number): Map<number, SpecialKind> {
  const wanted: Record<SpecialKind, number> = {
    mismatch: shareOf(size, MISMATCH_SHARE),
    duplicate: shareOf(size, DUPLICATE_SHARE),
    credit: shareOf(size, CREDIT_SHARE),
  };
  const order: readonly SpecialKind[] = ['mismatch', 'duplicate', 'credit'];
  const chosen = random.sample(size, wanted.mismatch + wanted.duplicate + wanted.credit);
  const kinds = new Map<number, SpecialKind>();
  chosen.forEach((index, turn) => {
    const kind = [0, 1, 2]
      .map((shift) => order[(turn + shift) % order.length]!)
      .find((candidate) => wanted[candidate] > 0);
    if (kind === undefined) return;
    wanted[kind] -= 1;
    kinds.set(index, kind);
  });
  return kinds;
}

export function buildPlan(options: PlanOptions): DemoPlan {
  const random = new SeededRandom(options.seed);
  const month = DateTime.fromISO(`${options.month}-01`, { zone: 'utc' });
  if (!month.isValid) throw new Error(`--month must be YYYY-MM, got ${options.month}`);
  const size = options.sessions;
  const kinds = specialSessions(random, size);
  const sessions: PlannedSession[] = [];
  const duplicates: DemoRequest[] = [];
  const credits: PlannedCdr[] = [];
  for (let index = 0; index < size; index += 1) {
    const kind = kinds.get(index);
    const life = sessionLife(random, {
      seed: options.seed,
      month,
      index,
      emsp: random.weighted(EMSPS.map((emsp, i) => [emsp, i === 0 ? 55 : 45] as const)),
      location: random.weighted(LOCATIONS.map((l) => [l, l.weight] as const)),
      price_mismatch: kind === 'mismatch',
      credited: kind === 'credit',
    });
    sessions.push({ requests: life.requests, cdr: life.cdr });
    if (kind === 'duplicate')
      duplicates.push({ ...life.cdr.request, expect: [200], label: 'duplicate CDR POST' });
    if (life.credit !== null) credits.push(life.credit);
  }
  const mismatches = sessions.filter((s) => s.cdr.expected_status === 'PRICE_MISMATCH').length;
  return {
    seed: options.seed,
    month: options.month,
    setup: setupRequests(),
    sessions,
    duplicates,
    credits,
    expected: {
      sessions: size,
      cdrs: size,
      posted: size - mismatches,
      price_mismatch: mismatches,
      duplicates: duplicates.length,
      credits: credits.length,
    },
  };
}
