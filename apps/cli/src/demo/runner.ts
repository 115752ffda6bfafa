/**
 * `ledger demo`: generate a month of roaming from a seed, send it over HTTP to the ledger (served
 * in this process on the embedded store, or a running server), check every CDR's outcome, close
 * the period and collect balances and invoices. Returns a report; printing is the caller's.
 */
import { closePeriod, CLOSE_REQUESTS, type PeriodClose } from './close-period.js';
import { startEmbeddedServer } from './embedded-server.js';
import { DemoHttp, forEachBounded, type HttpFailure } from './http-client.js';
import { buildPlan, type DemoPlan, type ExpectedCounts } from './plan.js';
import { progressBar, SILENT_PROGRESS, type Progress } from './progress.js';
import type { PlannedCdr } from './session-life.js';

export interface DemoOptions {
  readonly seed: number;
  readonly sessions: number;
  /** `YYYY-MM`. */
  readonly month: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly quiet: boolean;
  /** Embedded store directory (ignored with `url`). */
  readonly data_dir: string;
  /** A running server instead of the embedded one; needs `admin_token`. */
  readonly url?: string;
  readonly admin_token?: string;
}

interface ObservedCounts {
  /** First deliveries answered 201 (new), and 200 (the ledger had it: a failure too). */
  readonly cdrs_created: number;
  readonly cdrs_already_known: number;
  /** By `GET /v1/cdrs` status: posted (incl. credited later), held by reason, credits posted. */
  readonly posted: number;
  readonly held: Readonly<Record<string, number>>;
  readonly credited: number;
  readonly duplicates_acknowledged: number;
  readonly credits_posted: number;
}

interface DemoTiming {
  readonly generate_ms: number;
  readonly setup_ms: number;
  readonly sessions_ms: number;
  readonly verify_ms: number;
  readonly close_ms: number;
  readonly total_ms: number;
}

export interface DemoReport {
  readonly base_url: string;
  readonly data_dir: string | null;
  readonly seed: number;
  readonly month: string;
  readonly expected: ExpectedCounts;
  readonly observed: ObservedCounts;
  readonly close: PeriodClose;
  readonly requests: number;
  readonly failures: readonly HttpFailure[];
  readonly timing: DemoTiming;
  /** A few CDRs worth looking at afterwards: `GET /v1/cdrs/...` paths. */
  readonly examples: readonly { readonly what: string; readonly path: string }[];
}

interface Tally {
  created: number;
  already: number;
  duplicates: number;
  statuses: Map<string, number>;
  credit_statuses: Map<string, number>;
}

function totalRequests(plan: DemoPlan): number {
  const lifecycle = plan.sessions.reduce((sum, s) => sum + s.requests.length, 0);
  const verify = plan.sessions.length + plan.credits.length;
  const not_sent_before = 1;
  return (
    not_sent_before +
    plan.setup.length +
    lifecycle +
    plan.duplicates.length +
    plan.credits.length +
    verify +
    CLOSE_REQUESTS
  );
}

async function sendSessions(http: DemoHttp, plan: DemoPlan, concurrency: number, tally: Tally) {
  await forEachBounded(plan.sessions, concurrency, async (session) => {
    for (const request of session.requests) {
      const answer = await http.send(request);
      if (request === session.cdr.request) {
        if (answer.status === 201) tally.created += 1;
        if (answer.status === 200) tally.already += 1;
      }
      // The rest of this session's life would only fail in turn: its failure is reported.
      if (!request.expect.includes(answer.status)) return;
    }
  });
}

async function sendDuplicatesAndCredits(
  http: DemoHttp,
  plan: DemoPlan,
  concurrency: number,
  tally: Tally,
) {
  const requests = [...plan.duplicates, ...plan.credits.map((credit) => credit.request)];
  await forEachBounded(requests, concurrency, async (request) => {
    const answer = await http.send(request);
    if (request.label === 'duplicate CDR POST' && answer.status === 200) tally.duplicates += 1;
  });
}

/** Reads back every CDR's status; one that differs from the plan is a failure too. */
async function verifyCdrs(http: DemoHttp, plan: DemoPlan, concurrency: number, tally: Tally) {
  const cdrs: [PlannedCdr, boolean][] = [
    ...plan.sessions.map((s) => [s.cdr, false] as [PlannedCdr, boolean]),
    ...plan.credits.map((c) => [c, true] as [PlannedCdr, boolean]),
  ];
  await forEachBounded(cdrs, concurrency, async ([cdr, credit]) => {
    const path = `/v1/cdrs/${cdr.country_code}/${cdr.party_id}/${encodeURIComponent(cdr.id)}`;
    const answer = await http.send({
      method: 'GET',
      path,
      auth: 'admin',
      expect: [200],
      label: 'CDR GET',
    });
    if (answer.status !== 200) return;
    const status = String((answer.body as { status?: unknown }).status);
    const counts = credit ? tally.credit_statuses : tally.statuses;
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (status !== cdr.expected_status) {
      http.failures.push({
        label: 'CDR status',
        method: 'GET',
        path,
        status: answer.status,
        message: `status ${status}, expected ${cdr.expected_status}`,
      });
    }
  });
}

function observed(tally: Tally): ObservedCounts {
  const held: Record<string, number> = {};
  for (const [status, count] of tally.statuses) {
    if (status !== 'POSTED' && status !== 'CREDITED') held[status] = count;
  }
  const credited = tally.statuses.get('CREDITED') ?? 0;
  return {
    cdrs_created: tally.created,
    cdrs_already_known: tally.already,
    posted: (tally.statuses.get('POSTED') ?? 0) + credited,
    held,
    credited,
    duplicates_acknowledged: tally.duplicates,
    credits_posted: tally.credit_statuses.get('POSTED') ?? 0,
  };
}

async function checkHealth(http: DemoHttp): Promise<void> {
  const answer = await fetch(`${http.base_url}/health`).then(
    (response) => response.status,
    (error: unknown) => (error as { cause?: Error }).cause?.message ?? String(error),
  );
  if (answer !== 200)
    throw new DemoRefused(`GET ${http.base_url}/health did not answer 200 (${answer})`);
}

function examplesOf(plan: DemoPlan): DemoReport['examples'] {
  const path = (cdr: PlannedCdr) => `/v1/cdrs/${cdr.country_code}/${cdr.party_id}/${cdr.id}`;
  const first = (status: PlannedCdr['expected_status']) =>
    plan.sessions.find((session) => session.cdr.expected_status === status)?.cdr;
  const examples = [
    ['a CDR posted at the CPO price', first('POSTED')],
    ['a CDR held: PRICE_MISMATCH', first('PRICE_MISMATCH')],
    ['a CDR credited later', first('CREDITED')],
    ['the credit CDR (negative totals)', plan.credits[0]],
  ] as const;
  return examples.flatMap(([what, cdr]) => (cdr === undefined ? [] : [{ what, path: path(cdr) }]));
}

/** A demo month goes to a ledger once: its sessions are COMPLETED there, and stay so. */
async function assertNotSentBefore(http: DemoHttp, plan: DemoPlan): Promise<void> {
  const first = plan.sessions[0]!.cdr;
  const path = `/v1/cdrs/${first.country_code}/${first.party_id}/${encodeURIComponent(first.id)}`;
  const answer = await http.send(
    { method: 'GET', path, auth: 'admin', expect: [404], label: 'CDR GET' },
    [200],
  );
  if (answer.status === 401 || answer.status === 403) {
    throw new DemoRefused(`the ledger refused the admin token (HTTP ${answer.status})`);
  }
  if (answer.status === 200) {
    throw new DemoRefused(
      `the demo month of seed ${plan.seed} in ${plan.month} was sent to this ledger before ` +
        '(its sessions are completed there): choose another --seed or --month',
    );
  }
}

/** The demo cannot run against this ledger; the message says why. */
class DemoRefused extends Error {}

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const mark = () => performance.now();
  const plan = buildPlan(options);
  const generated = mark();
  const server = options.url === undefined ? await startEmbeddedServer(options.data_dir) : null;
  const base_url = server?.base_url ?? options.url!.replace(/\/+$/, '');
  const admin_token = server?.admin_token ?? options.admin_token ?? '';
  const progress: Progress = options.quiet ? SILENT_PROGRESS : progressBar(totalRequests(plan));
  const http = new DemoHttp(base_url, admin_token, () => progress.tick());
  const tally: Tally = {
    created: 0,
    already: 0,
    duplicates: 0,
    statuses: new Map(),
    credit_statuses: new Map(),
  };
  try {
    await checkHealth(http);
    await assertNotSentBefore(http, plan);
    const setup_start = mark();
    for (const request of plan.setup) await http.send(request);
    const sessions_start = mark();
    progress.phase('sessions');
    await sendSessions(http, plan, options.concurrency, tally);
    progress.phase('credits');
    await sendDuplicatesAndCredits(http, plan, options.concurrency, tally);
    const verify_start = mark();
    progress.phase('checks');
    await verifyCdrs(http, plan, options.concurrency, tally);
    const close_start = mark();
    progress.phase('close');
    const close = await closePeriod(http);
    const done = mark();
    progress.stop();
    return {
      base_url,
      data_dir: server === null ? null : options.data_dir,
      seed: options.seed,
      month: options.month,
      expected: plan.expected,
      observed: observed(tally),
      close,
      requests: http.requests_sent,
      failures: http.failures,
      examples: examplesOf(plan),
      timing: {
        generate_ms: generated - started,
        setup_ms: sessions_start - setup_start,
        sessions_ms: verify_start - sessions_start,
        verify_ms: close_start - verify_start,
        close_ms: done - close_start,
        total_ms: done - started,
      },
    };
  } finally {
    progress.stop();
    await server?.close();
  }
}
