import fc from 'fast-check';
import { ALL_PROJECTIONS } from '../index.js';
import { BalanceQueries } from '../balances/balances.queries.js';
import { LedgerTraffic, seeded } from '../../../bench/ledger-traffic.js';
import { ProjectionRunner } from '../projection-runner.js';
import { dumpReadModels, ProjectionFixture } from '../test-support/projection-fixtures.js';
import { DisputeQueries } from './disputes.queries.js';

const START_MS = Date.parse('2026-01-30T00:00:00Z');
const DAY_MS = 86_400_000;

/**
 * Seeded property: random sequences of CDRs, credit CDRs, dispute adjustments and voids, and
 * payments keep every currency's balances summing to zero (now and as of any moment), and a
 * rebuild of every read model equals the incrementally built one.
 */
describe('read models under disputes (fast-check, seeded)', () => {
  it('balances sum to zero per currency and a rebuild equals the incremental models', async () => {
    let adjustments = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 1, max: 40 }),
        async (seed, operations, batch_events_max) => {
          const local = ProjectionFixture.open();
          const live = new ProjectionRunner(local.store, local.db, ALL_PROJECTIONS, {
            batch_events_max,
          });
          try {
            live.start();
            const workload = new LedgerTraffic(seeded(seed), {
              cpo_count: 2,
              emsp_count: 2,
              start_ms: START_MS,
              step_ms_max: DAY_MS,
              dispute_share: 0.25,
            });
            let head = await local.append(workload.agreementBatches());
            for (let index = 0; index < operations; index += 1) {
              head = await local.append(workload.next());
            }
            expect(await live.waitForPosition(head, 5000)).toBe(true);
            const incremental = dumpReadModels(local.db);
            const balances = new BalanceQueries(local.db);
            const parties = new Set<string>();
            for (const a of workload.agreements) {
              for (const p of [a.cpo, a.emsp, a.hub])
                parties.add(`${p.country_code}/${p.party_id}`);
            }
            const moments = [null, START_MS + 3 * DAY_MS, START_MS + 30 * DAY_MS];
            for (const as_of of moments) {
              const totals = new Map<string, bigint>();
              for (const party of parties) {
                for (const balance of balances.balancesOf(party, as_of)) {
                  const sum = (totals.get(balance.currency) ?? 0n) + balance.amount_minor;
                  totals.set(balance.currency, sum);
                }
              }
              for (const total of totals.values()) expect(total).toBe(0n);
            }
            const counted = local.db
              .prepare(
                "SELECT count(*) AS n FROM balance_transactions WHERE source_kind = 'cdr_adjustment'",
              )
              .get() as { n: number };
            adjustments += Number(counted.n);
            const disputes = new DisputeQueries(local.db);
            const cpo = workload.agreements[0]!.cpo;
            const listed = disputes.disputesOf(cpo, 'OPEN', 200, null).items;
            expect(listed).toEqual([]);
            const result = await live.rebuild();
            expect(result.checkpoint).toBe(head);
            expect(dumpReadModels(local.db)).toBe(incremental);
          } finally {
            await live.stop();
            await local.close();
          }
        },
      ),
      { seed: 20261203, numRuns: 10 },
    );
    // The workloads did exercise dispute adjustments and voids.
    expect(adjustments).toBeGreaterThan(10);
  });
});
