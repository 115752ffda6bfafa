import fc from 'fast-check';
import type { RecordedEvent } from '#event-store';
import { InvariantViolation } from '#ledger';
import { ALL_PROJECTIONS } from './index.js';
import { BalanceQueries } from './balances/balances.queries.js';
import { balancesProjection } from './balances/balances.projection.js';
import { LedgerTraffic, seeded } from '../../bench/ledger-traffic.js';
import type { Projection } from './projection.js';
import { ProjectionRunner, ProjectionWaitersExhausted } from './projection-runner.js';
import { dumpReadModels, ProjectionFixture } from './test-support/projection-fixtures.js';

const START_MS = Date.parse('2026-01-30T00:00:00Z');

function traffic(seed: number, step_ms_max = 3_600_000): LedgerTraffic {
  return new LedgerTraffic(seeded(seed), {
    cpo_count: 2,
    emsp_count: 2,
    start_ms: START_MS,
    step_ms_max,
  });
}

/** Sum of every party's balance per currency: zero when double entry holds. */
function totalsPerCurrency(
  queries: BalanceQueries,
  parties: readonly string[],
  as_of: number | null,
) {
  const totals = new Map<string, bigint>();
  for (const party of parties) {
    for (const balance of queries.balancesOf(party, as_of)) {
      totals.set(balance.currency, (totals.get(balance.currency) ?? 0n) + balance.amount_minor);
    }
  }
  return totals;
}

function partiesOf(workload: LedgerTraffic): string[] {
  const keys = new Set<string>();
  for (const a of workload.agreements) {
    for (const p of [a.cpo, a.emsp, a.hub]) keys.add(`${p.country_code}/${p.party_id}`);
  }
  return [...keys];
}

describe('projection runner', () => {
  let fixture: ProjectionFixture;
  let runner: ProjectionRunner | undefined;

  beforeEach(() => {
    fixture = ProjectionFixture.open();
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await fixture.close();
  });

  it('follows the log and answers balances now and as of any moment', async () => {
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS);
    runner.start();
    const workload = traffic(7);
    await fixture.append(workload.agreementBatches());
    const first = workload.cdr();
    await fixture.append([first]);
    const posted = first.events[1]!.data as { posted_at: string };
    const second = workload.cdr();
    const head = await fixture.append([second]);
    expect(await runner.waitForPosition(head, 2000)).toBe(true);

    const queries = new BalanceQueries(fixture.db);
    const effects = (batch: typeof first) =>
      (
        batch.events[1]!.data as {
          transaction: {
            postings: {
              account: { party: { party_id: string } };
              direction: string;
              amount_minor: string;
            }[];
          };
        }
      ).transaction.postings;
    const [emsp_debit, cpo_credit, cpo_fee, hub_fee] = effects(first);
    const emsp = `FR/${emsp_debit!.account.party.party_id}`;
    const as_of_first = Date.parse(posted.posted_at);
    const [emsp_then] = queries.balancesOf(emsp, as_of_first);
    expect(emsp_then!.amount_minor).toBe(-BigInt(emsp_debit!.amount_minor));
    const cpo = `DE/${cpo_credit!.account.party.party_id}`;
    const [cpo_then] = queries.balancesOf(cpo, as_of_first);
    expect(cpo_then!.amount_minor).toBe(
      BigInt(cpo_credit!.amount_minor) - BigInt(cpo_fee!.amount_minor),
    );
    expect(cpo_then!.counterparties.map((c) => c.amount_minor).sort()).toEqual(
      [BigInt(cpo_credit!.amount_minor), -BigInt(hub_fee!.amount_minor)].sort(),
    );
    expect(queries.balancesOf(emsp, as_of_first - 1)).toEqual([]);
    const totals = totalsPerCurrency(queries, partiesOf(workload), null);
    for (const total of totals.values()) expect(total).toBe(0n);
  });

  it('waitForPosition answers false after its timeout when the log is ahead', async () => {
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS);
    const head = await fixture.append(traffic(3).agreementBatches());
    const started = performance.now();
    expect(await runner.waitForPosition(head, 50)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    runner.start();
    expect(await runner.waitForPosition(head, 2000)).toBe(true);
  });

  it('a failing batch leaves neither rows nor checkpoint behind, and the projection fails', async () => {
    let failures_left = 1;
    const failing: Projection = {
      ...balancesProjection,
      writer(db) {
        const writer = balancesProjection.writer(db);
        return {
          apply(events: readonly RecordedEvent[]) {
            writer.apply(events);
            if (failures_left > 0 && events.some((event) => event.type === 'PaymentRecorded')) {
              failures_left -= 1;
              throw new InvariantViolation('injected failure after the rows were written');
            }
          },
          assertInvariants: () => writer.assertInvariants(),
        };
      },
    };
    const workload = traffic(11);
    await fixture.append(workload.agreementBatches());
    const before_payment = await fixture.append([workload.cdr()]);
    runner = new ProjectionRunner(fixture.store, fixture.db, [failing], { batch_events_max: 1 });
    runner.start();
    expect(await runner.waitForPosition(before_payment, 2000)).toBe(true);
    const rows_before = dumpReadModels(fixture.db);
    const head = await fixture.append([workload.payment()]);
    expect(await runner.waitForPosition(head, 2000)).toBe(false);
    expect(runner.status()[0]).toMatchObject({ state: 'failed', checkpoint: before_payment });
    expect(dumpReadModels(fixture.db)).toBe(rows_before);
    // A rebuild (once the bug is fixed) brings the projection back to following the log.
    await runner.rebuild();
    expect(runner.status()[0]).toMatchObject({ state: 'running', checkpoint: head, error: null });
    expect(await runner.waitForPosition(head, 2000)).toBe(true);
  });

  it('refuses a waiter beyond waiters_max at once, and settles the ones it accepted', async () => {
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS, { waiters_max: 2 });
    const head = await fixture.append(traffic(5).agreementBatches());
    const accepted = [runner.waitForPosition(head, 5000), runner.waitForPosition(head, 5000)];
    await expect(runner.waitForPosition(head, 5000)).rejects.toBeInstanceOf(
      ProjectionWaitersExhausted,
    );
    runner.start();
    expect(await Promise.all(accepted)).toEqual([true, true]);
    // Once the waiters are settled, there is room again.
    expect(await runner.waitForPosition(head, 2000)).toBe(true);
  });

  /** Balances, whose writer throws on the calls `fails(call)` picks (1-based). */
  function flaky(fails: (call: number) => boolean): Projection {
    let calls = 0;
    return {
      ...balancesProjection,
      writer(db) {
        const writer = balancesProjection.writer(db);
        return {
          apply(events: readonly RecordedEvent[]) {
            calls += 1;
            if (fails(calls)) throw new Error(`injected failure of call ${calls}`);
            writer.apply(events);
          },
          assertInvariants: () => writer.assertInvariants(),
        };
      },
    };
  }

  it('a projection failing every other batch stops: a good batch does not reset the count', async () => {
    const workload = traffic(13);
    let head = await fixture.append(workload.agreementBatches());
    for (let index = 0; index < 10; index += 1) head = await fixture.append(workload.next());
    runner = new ProjectionRunner(fixture.store, fixture.db, [flaky((call) => call % 2 === 0)], {
      batch_events_max: 1,
      retry_delay_ms: 1,
      failures_max: 3,
    });
    runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(false);
    expect(runner.status()[0]).toMatchObject({ state: 'failed' });
    expect(runner.status()[0]!.checkpoint).toBeLessThan(head);
  });

  it('a projection that failed once and then applied enough batches in a row is healthy again', async () => {
    const workload = traffic(19);
    let head = await fixture.append(workload.agreementBatches());
    for (let index = 0; index < 10; index += 1) head = await fixture.append(workload.next());
    // Two isolated failures, far enough apart: each is followed by a recovery.
    runner = new ProjectionRunner(
      fixture.store,
      fixture.db,
      [flaky((call) => [2, 14].includes(call))],
      {
        batch_events_max: 1,
        retry_delay_ms: 1,
        failures_max: 2,
        recovery_batches_min: 4,
      },
    );
    runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(runner.status()[0]).toMatchObject({ state: 'running', checkpoint: head });
  });

  it('a rebuild cut short (a crash mid-way) is done again from scratch at the next start', async () => {
    const workload = traffic(17);
    let head = await fixture.append(workload.agreementBatches());
    for (let index = 0; index < 40; index += 1) head = await fixture.append(workload.next());
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS);
    runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    const complete = dumpReadModels(fixture.db);
    await runner.stop();
    // The rebuild dies after two committed batches, as a process killed mid-way would.
    let batches_left = 2;
    const dying = ALL_PROJECTIONS.map((projection, index): Projection => ({
      ...projection,
      writer(db) {
        const writer = projection.writer(db);
        return {
          apply(events: readonly RecordedEvent[]) {
            if (index === 0 && batches_left-- <= 0) throw new Error('killed mid-rebuild');
            writer.apply(events);
          },
          assertInvariants: () => writer.assertInvariants(),
        };
      },
    }));
    const cut = new ProjectionRunner(fixture.store, fixture.db, dying, {
      rebuild_batch_events_max: 8,
    });
    await expect(cut.rebuild()).rejects.toThrow('killed mid-rebuild');
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS);
    expect(runner.status().map((status) => status.checkpoint)).toEqual(
      ALL_PROJECTIONS.map(() => 0n),
    );
    runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(dumpReadModels(fixture.db)).toBe(complete);
  });

  it('two runners sharing the read models apply every event exactly once', async () => {
    const workload = traffic(5);
    await fixture.append(workload.agreementBatches());
    const second_db = fixture.openReadModels();
    const other = new ProjectionRunner(fixture.store, second_db, ALL_PROJECTIONS, {
      batch_events_max: 3,
    });
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS, {
      batch_events_max: 2,
    });
    runner.start();
    other.start();
    let head = 0n;
    for (let index = 0; index < 60; index += 1) head = await fixture.append(workload.next());
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(await other.waitForPosition(head, 5000)).toBe(true);
    await other.stop();
    second_db.close();
    const shared = dumpReadModels(fixture.db);
    // Two rebuild requests at once run one after the other.
    await Promise.all([runner.rebuild(), runner.rebuild()]);
    expect(dumpReadModels(fixture.db)).toBe(shared);
  });

  it('a rebuild by another process (the CLI) while the server follows the log and writes go on', async () => {
    const workload = traffic(13);
    let head = await fixture.append(workload.agreementBatches());
    for (let index = 0; index < 150; index += 1) head = await fixture.append(workload.next());
    runner = new ProjectionRunner(fixture.store, fixture.db, ALL_PROJECTIONS, {
      batch_events_max: 7,
    });
    runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    const cli_db = fixture.openReadModels();
    const cli = new ProjectionRunner(fixture.store, cli_db, ALL_PROJECTIONS, {
      rebuild_batch_events_max: 16,
    });
    const writes = (async () => {
      for (let index = 0; index < 40; index += 1) {
        head = await fixture.append(workload.next());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await cli.rebuild();
    await writes;
    cli_db.close();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    const followed = dumpReadModels(fixture.db);
    await runner.rebuild();
    expect(dumpReadModels(fixture.db)).toBe(followed);
  });

  it('a rebuilt read model equals the incrementally built one after random workloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20, max: 250 }),
        fc.integer({ min: 1, max: 40 }),
        async (seed, operations, batch_events_max) => {
          const local = ProjectionFixture.open();
          const live = new ProjectionRunner(local.store, local.db, ALL_PROJECTIONS, {
            batch_events_max,
          });
          try {
            live.start();
            const workload = traffic(seed, 20 * 86_400_000);
            let head = await local.append(workload.agreementBatches());
            for (let index = 0; index < operations; index += 1) {
              head = await local.append(workload.next());
            }
            expect(await live.waitForPosition(head, 5000)).toBe(true);
            const incremental = dumpReadModels(local.db);
            const queries = new BalanceQueries(local.db);
            const parties = partiesOf(workload);
            for (const as_of of [null, START_MS + 40 * 86_400_000, Date.now() + 1e12]) {
              for (const total of totalsPerCurrency(queries, parties, as_of).values()) {
                expect(total).toBe(0n);
              }
            }
            for (const party of parties) {
              expect(queries.balancesOf(party, Date.now() + 1e12)).toEqual(
                queries.balancesOf(party, null),
              );
            }
            const result = await live.rebuild();
            expect(result.checkpoint).toBe(head);
            expect(dumpReadModels(local.db)).toBe(incremental);
          } finally {
            await live.stop();
            await local.close();
          }
        },
      ),
      { seed: 20261125, numRuns: 12 },
    );
  });
});
