import fc from 'fast-check';
import {
  balanceEffects,
  fromTransactionJson,
  LedgerDecimal,
  partyKey,
  transactionTotals,
} from '#ledger';
import type { CdrEvent, CdrPosted, CdrState } from './cdr.js';
import { decide, evolve, initialState } from './cdr.decider.js';
import { acceptCdr, agreementVersion, cdr, context } from './test-support/cdr-fixtures.js';

const SEED = 424_242;
const RUNS = 200;
const fold = (events: readonly CdrEvent[]): CdrState => events.reduce(evolve, initialState());
const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => (n / 1000).toFixed(3));

const scenario = fc.record({
  claimed_excl_vat: cents(500_000),
  vat_percent: fc.constantFrom('0', '7', '19', '21'),
  ledger_offset: fc.integer({ min: -50, max: 50 }).map((n) => (n / 1000).toString()),
  tolerance: fc.constantFrom('0', '0.01', '0.02', '0.05'),
  per_cdr: cents(1_000),
  percent_of_cost: fc.integer({ min: 0, max: 2_000 }).map((n) => (n / 100).toString()),
  vat_treatment: fc.constantFrom('standard', 'reverse_charge') as fc.Arbitrary<
    'standard' | 'reverse_charge'
  >,
  rounding: fc.constantFrom('HALF_UP', 'HALF_EVEN', 'HALF_DOWN', 'UP', 'DOWN') as fc.Arbitrary<
    'HALF_UP' | 'HALF_EVEN' | 'HALF_DOWN' | 'UP' | 'DOWN'
  >,
});

describe('CDR decider properties (fast-check, seeded)', () => {
  it('posts balanced within tolerance, holds beyond it, and a credit nets every party to zero', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const incl = new LedgerDecimal(s.claimed_excl_vat).times(
          new LedgerDecimal(s.vat_percent).dividedBy(100).plus(1),
        );
        const ledger_incl = incl.plus(s.ledger_offset);
        const agreement = agreementVersion({
          price_tolerance: s.tolerance,
          vat_treatment: s.vat_treatment,
          rounding: s.rounding,
          fees: [
            {
              beneficiary: { country_code: 'NL', party_id: 'HUB' },
              per_cdr: s.per_cdr,
              percent_of_cost: s.percent_of_cost,
            },
          ],
        });
        const ledger_price = {
          currency: 'EUR',
          total_cost: { excl_vat: s.claimed_excl_vat, incl_vat: ledger_incl.toFixed() },
        };
        const command = acceptCdr({
          claimed_total_cost: { excl_vat: s.claimed_excl_vat, incl_vat: incl.toFixed() },
          context: context({ agreement, ledger_price }),
        });
        const events = decide(command, initialState());
        const within = new LedgerDecimal(s.ledger_offset).abs().lessThanOrEqualTo(s.tolerance);
        expect(events[1]!.type).toBe(within ? 'CdrPosted' : 'CdrHeld');
        if (!within) return;
        const tx = fromTransactionJson((events[1] as CdrPosted).data.transaction);
        const totals = transactionTotals(tx);
        expect(totals.debits_minor).toBe(totals.credits_minor);

        const credit = acceptCdr({
          cdr: cdr({ id: 'CDR-1-C', credit: true, credit_reference_id: 'CDR-1' }),
          content_hash: 'credit',
          original: fold(events),
          transaction_id: 'tx-credit',
        });
        const reversal = fromTransactionJson(
          (decide(credit, initialState())[1] as CdrPosted).data.transaction,
        );
        const net = new Map<string, bigint>();
        for (const effect of [...balanceEffects(tx), ...balanceEffects(reversal)]) {
          const key = `${partyKey(effect.party)}>${partyKey(effect.counterparty)}`;
          net.set(key, (net.get(key) ?? 0n) + effect.amount_minor);
        }
        for (const amount of net.values()) expect(amount).toBe(0n);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
