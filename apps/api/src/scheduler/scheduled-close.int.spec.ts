import { latestPeriodEnd, nextPeriodEnd } from '#settlement';
import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';
import {
  REVERSE_CHARGE_AGREEMENT,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';
import { scheduledCloseConfigFromEnv } from './scheduled-close.config.js';
import { ScheduledClose } from './scheduled-close.service.js';
import { CATCH_UP_PERIODS_MAX, periodEndsToClose } from './scheduled-periods.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('scheduled monthly close (LEDGER_SCHEDULED_CLOSE=monthly)', () => {
  let api: ApiHarness;
  let scheduler: ScheduledClose;
  /** A clock one day past the next month end: the CDRs posted now are in that month. */
  const dayAfter = (end: string) => new Date(Date.parse(end) + DAY_MS).toISOString();
  const later = dayAfter(nextPeriodEnd(latestPeriodEnd(new Date().toISOString())));

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'CDR1');
    scheduler = api.app.get(ScheduledClose);
  });
  afterAll(async () => {
    await api.stop();
  });

  const statements = async (agreement_id: string) => {
    const response = await api
      .http()
      .get(`/v1/agreements/${agreement_id}/statements`)
      .set('Authorization', api.admin());
    expect(response.status).toBe(200);
    return response.body.statements as { period_end: string; cdr_lines: unknown[] }[];
  };

  it('is off by default, reads "monthly", and refuses anything else', () => {
    expect(scheduledCloseConfigFromEnv({})).toMatchObject({ mode: 'off' });
    expect(scheduledCloseConfigFromEnv({ LEDGER_SCHEDULED_CLOSE: 'monthly' })).toEqual({
      mode: 'monthly',
      interval_ms: 15 * 60 * 1000,
    });
    expect(() => scheduledCloseConfigFromEnv({ LEDGER_SCHEDULED_CLOSE: 'hourly' })).toThrow(
      /LEDGER_SCHEDULED_CLOSE/,
    );
    expect(() =>
      scheduledCloseConfigFromEnv({
        LEDGER_SCHEDULED_CLOSE: 'monthly',
        LEDGER_SCHEDULED_CLOSE_INTERVAL_MS: '5',
      }),
    ).toThrow(/INTERVAL_MS/);
  });

  it('with the clock past a month end, closes every agreement once at that month end', async () => {
    const period_end = latestPeriodEnd(later);
    const outcomes = await scheduler.tick(later);
    // Agreements are closed in id order.
    expect(outcomes).toEqual([
      expect.objectContaining({
        agreement_id: REVERSE_CHARGE_AGREEMENT.id,
        period_end,
        outcome: 'closed',
        invoices: 0,
      }),
      expect.objectContaining({
        agreement_id: AGREEMENT.id,
        period_end,
        outcome: 'closed',
        invoices: 2,
      }),
    ]);
    const [statement] = await statements(AGREEMENT.id);
    expect(statement).toMatchObject({ period_end });
    expect(statement!.cdr_lines).toHaveLength(1);
  });

  it('a second tick (or another instance) changes nothing', async () => {
    expect(await scheduler.tick(later)).toEqual([]);
    const concurrent = await Promise.all([scheduler.tick(later), scheduler.tick(later)]);
    expect(concurrent.flat()).toEqual([]);
    expect(await statements(AGREEMENT.id)).toHaveLength(1);
    const invoices = await api
      .http()
      .get('/v1/partners/DE/ABC/invoices')
      .set('Authorization', api.admin());
    // The CPO's charges invoice and the hub's fees invoice to the CPO, each issued once.
    expect(invoices.body.invoices).toHaveLength(2);
  });

  it('two instances ticking at the next month end close each period exactly once', async () => {
    const next = dayAfter(nextPeriodEnd(latestPeriodEnd(later)));
    const [a, b] = await Promise.all([scheduler.tick(next), scheduler.tick(next)]);
    for (const agreement_id of [AGREEMENT.id, REVERSE_CHARGE_AGREEMENT.id]) {
      const both = [...a!, ...b!].filter((o) => o.agreement_id === agreement_id);
      // Both may report 'closed': the same decision at the same revision is the same event id,
      // which the store appends once. What counts is one statement and one number per document.
      // An instance that reads the statement after the other appended it has nothing to close.
      expect(both.length).toBeGreaterThanOrEqual(1);
      expect(both.every((o) => o.outcome === 'closed' || o.outcome === 'unchanged')).toBe(true);
      expect(new Set(both.map((o) => o.statement_id)).size).toBe(1);
    }
    expect(await statements(AGREEMENT.id)).toHaveLength(2);
    const invoices = await api
      .http()
      .get('/v1/partners/DE/ABC/invoices')
      .set('Authorization', api.admin());
    const numbers = (invoices.body.invoices as { number: string }[]).map((i) => i.number).sort();
    // Nothing was posted in that month: an empty statement, no new documents, no numbers used.
    expect(numbers).toEqual(['DEABC-000001', 'NLHUB-000001']);
  });

  it('an HTTP close of the same period_end answers 200 with the scheduled statement', async () => {
    const [, scheduled] = await statements(AGREEMENT.id);
    const response = await api
      .http()
      .post(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', api.admin())
      .send({ period_end: scheduled!.period_end });
    expect(response.status).toBe(200);
    expect(response.body.statement).toEqual(scheduled);
    expect(await statements(AGREEMENT.id)).toHaveLength(2);
  });
});

describe('the scheduler switched on', () => {
  it('ticks at start and on its timer, and stops with the application', async () => {
    process.env.LEDGER_SCHEDULED_CLOSE = 'monthly';
    process.env.LEDGER_SCHEDULED_CLOSE_INTERVAL_MS = '1000';
    try {
      const api = await ApiHarness.start();
      const scheduler = api.app.get(ScheduledClose);
      const ticks: string[] = [];
      const tick = scheduler.tick.bind(scheduler);
      scheduler.tick = async (now?: string) => {
        ticks.push(now ?? 'clock');
        return tick(now);
      };
      await new Promise((resolve) => setTimeout(resolve, 1300));
      await api.stop();
      expect(ticks.length).toBeGreaterThanOrEqual(1);
    } finally {
      delete process.env.LEDGER_SCHEDULED_CLOSE;
      delete process.env.LEDGER_SCHEDULED_CLOSE_INTERVAL_MS;
    }
  });
});

describe('periodEndsToClose', () => {
  it('lists every missed month end after the last close, none when up to date', () => {
    expect(periodEndsToClose(null, '2026-01-15T08:00:00Z', '2026-04-03T00:00:00Z')).toEqual([
      '2026-02-01T00:00:00Z',
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    ]);
    expect(
      periodEndsToClose('2026-04-01T00:00:00Z', '2026-01-15T08:00:00Z', '2026-04-30T23:59:59Z'),
    ).toEqual([]);
    // Closed by hand mid-month: the next month end is still due.
    expect(
      periodEndsToClose('2026-04-10T12:00:00Z', '2026-01-15T08:00:00Z', '2026-05-01T00:00:00Z'),
    ).toEqual(['2026-05-01T00:00:00Z']);
    expect(periodEndsToClose(null, '2020-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toHaveLength(
      CATCH_UP_PERIODS_MAX,
    );
  });
});
