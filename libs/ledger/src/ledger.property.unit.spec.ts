import fc from 'fast-check';
import { transactionTotals } from './assert-balanced.js';
import { balanceEffects } from './balance-effects.js';
import {
  buildCdrTransaction,
  reverseTransaction,
  type SettlementTerms,
} from './cdr-transaction.js';
import { partyKey } from './ledger-transaction.js';
import { ROUNDING_POLICIES } from './rounding.js';

const SEED = 20_261_125;
const RUNS = 300;

const party = fc.record({
  country_code: fc.constantFrom('DE', 'NL', 'FR', 'BE'),
  party_id: fc.stringMatching(/^[A-Z0-9]{3}$/),
});
const decimal = (max_cents: number) =>
  fc.integer({ min: 0, max: max_cents }).map((cents) => (cents / 100).toFixed(2));

const terms: fc.Arbitrary<SettlementTerms> = fc.record({
  agreement_id: fc.constant('A-1'),
  version: fc.integer({ min: 1, max: 5 }),
  cpo: fc.constant({ country_code: 'DE', party_id: 'CPO' }),
  emsp: fc.constant({ country_code: 'NL', party_id: 'MSP' }),
  currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'CHF'),
  fees: fc.array(
    fc.record({ beneficiary: party, per_cdr: decimal(500), percent_of_cost: decimal(10_000) }),
    { maxLength: 4 },
  ),
  rounding: fc.constantFrom(...ROUNDING_POLICIES),
});

const cdrCase = fc.record({
  terms,
  amount_minor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  fee_base: fc.integer({ min: 0, max: 10_000_000 }).map((milli) => (milli / 1000).toString()),
});

type CdrCase = typeof cdrCase extends fc.Arbitrary<infer T> ? T : never;

const build = ({ terms: t, amount_minor, fee_base }: CdrCase) =>
  buildCdrTransaction({
    transaction_id: 'tx',
    terms: t,
    cdr: { country_code: 'DE', party_id: 'CPO', cdr_id: 'C' },
    amount_minor,
    fee_base,
  });

describe('ledger properties (fast-check, seeded)', () => {
  it('every built CDR transaction balances, with positive postings in one currency', () => {
    fc.assert(
      fc.property(cdrCase, (input) => {
        const tx = build(input);
        const { debits_minor, credits_minor } = transactionTotals(tx);
        expect(debits_minor).toBe(credits_minor);
        expect(tx.currency).toBe(input.terms.currency);
        for (const posting of tx.postings) expect(posting.amount_minor > 0n).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('balance effects sum to zero, and the eMSP owes exactly the CDR amount', () => {
    fc.assert(
      fc.property(cdrCase, (input) => {
        const effects = balanceEffects(build(input));
        expect(effects.reduce((sum, e) => sum + e.amount_minor, 0n)).toBe(0n);
        const emsp = effects.filter(
          (e) => partyKey(e.party) === 'NL/MSP' && partyKey(e.counterparty) === 'DE/CPO',
        );
        const owed = emsp.reduce((sum, e) => sum + e.amount_minor, 0n);
        const fees_to_emsp = input.terms.fees.some((f) => partyKey(f.beneficiary) === 'NL/MSP');
        if (!fees_to_emsp) expect(owed).toBe(-input.amount_minor);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a transaction and its reversal net to zero on every account', () => {
    fc.assert(
      fc.property(cdrCase, (input) => {
        const tx = build(input);
        const reversal = reverseTransaction(tx, { transaction_id: 'rev', cdr: tx.cdr });
        const net = new Map<string, bigint>();
        for (const { account, direction, amount_minor } of [...tx.postings, ...reversal.postings]) {
          const key = `${partyKey(account.party)}|${account.kind}|${partyKey(account.counterparty)}`;
          const signed = direction === 'credit' ? amount_minor : -amount_minor;
          net.set(key, (net.get(key) ?? 0n) + signed);
        }
        for (const amount of net.values()) expect(amount).toBe(0n);
        const { debits_minor, credits_minor } = transactionTotals(reversal);
        expect(debits_minor).toBe(credits_minor);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
