import fc from 'fast-check';
import { feeMinor, type FeeRule } from '#ledger';
import { Dec, formatMinorUnits, ROUNDING_POLICIES } from '#money';
import type { StatementEntry } from '#settlement';
import { signedPayableMinor } from './document-postings.js';
import { close, creditEntry, HUB, terms } from './test-support/invoice-fixtures.js';
import {
  balancesAfterPayingEveryDocument,
  closePeriods,
  nonZero,
} from './test-support/ledger-and-documents.js';
import {
  adjustmentEntry,
  multiRateEntry,
  type PricedPart,
} from './test-support/multi-rate-fixtures.js';

/**
 * Issue 13, "one truth": after a close, paying every document exactly its payable amount leaves
 * every balance between the CPO, the eMSP and the hub at zero.
 */
describe('invoices equal the ledger', () => {
  // The example: FLAT at 10 %, ENERGY at 12 %, settled at 6.10 incl. VAT; the old
  // invoice fell back to the place of supply (DE, 19 %): 5.50 x 1.19 = 6.55, and the hub fee's
  // VAT was invoiced but never posted (balances CPO -0.41, eMSP +0.45, hub -0.04 after paying).
  const example = () =>
    multiRateEntry({
      cdr_id: 'CDR-1',
      posted_at: '2026-01-10T10:00:00Z',
      parts: [
        { type: 'FLAT', excl_vat: '3.00', vat: '10' },
        { type: 'ENERGY', excl_vat: '2.50', vat: '12' },
      ],
    });

  it('reproduces the example: the invoice is 6.10 at 10 % and 12 %, the balances end at zero', () => {
    const entry = example();
    expect(entry.amount_minor).toBe('610');
    const [{ statement, drafts }] = closePeriods([close({ entries: [entry] })]) as [
      ReturnType<typeof closePeriods>[number],
    ];
    const invoice = drafts.find((d) => d.kind === 'cdr_charges')!;
    expect(invoice.totals.payable_minor).toBe('610');
    expect(
      invoice.vat_breakdown.map((v) => [v.category, v.rate_percent, v.taxable_minor, v.tax_minor]),
    ).toEqual([
      ['S', '10', '300', '30'],
      ['S', '12', '250', '30'],
    ]);
    expect(statement.cdr_lines[0]!.vat_split).toEqual([
      { tax: 'VAT', rate_percent: '10', name: null, amount_minor: '330', excl_vat_minor: '300' },
      { tax: 'VAT', rate_percent: '12', name: null, amount_minor: '280', excl_vat_minor: '250' },
    ]);
    const fees = drafts.find((d) => d.kind === 'fees')!;
    expect(fees.totals.payable_minor).toBe('24');
    // The close posts the fee invoice's VAT (0.04): CPO fee_vat_payable, hub fee_vat_receivable.
    expect(statement.document_postings!.transaction.postings).toEqual([
      {
        account: { party: terms().cpo, kind: 'fee_vat_payable', counterparty: HUB },
        direction: 'debit',
        amount_minor: '4',
      },
      {
        account: { party: HUB, kind: 'fee_vat_receivable', counterparty: terms().cpo },
        direction: 'credit',
        amount_minor: '4',
      },
    ]);
    expect(statement.fee_balances[0]).toMatchObject({
      vat_on_fees: 'posted_at_close',
      fees_minor: '20',
      vat_minor: '4',
      closing_balance_minor: '24',
    });
    const balances = balancesAfterPayingEveryDocument([entry], [{ statement, drafts }]);
    expect(nonZero(balances)).toEqual({});
  });

  it('splits a settled amount that differs from the ledger price by largest remainder', () => {
    // The CPO claims 6.11 (within tolerance): 611 over weights 3.30 : 2.80 -> 330.54 / 280.46
    // floor 330 / 280, the unit left goes to the larger remainder (10 %): 331 / 280.
    const entry = multiRateEntry({
      cdr_id: 'CDR-2',
      posted_at: '2026-01-10T10:00:00Z',
      parts: [
        { type: 'FLAT', excl_vat: '3.00', vat: '10' },
        { type: 'ENERGY', excl_vat: '2.50', vat: '12' },
      ],
      claimed_incl_vat: '6.11',
    });
    const [{ statement, drafts }] = closePeriods([close({ entries: [entry] })]) as [
      ReturnType<typeof closePeriods>[number],
    ];
    expect(statement.cdr_lines[0]!.vat_split!.map((p) => p.amount_minor)).toEqual(['331', '280']);
    const charges = drafts.filter((d) => d.kind === 'cdr_charges');
    // 331 / 1.10 = 300.9 -> 301 (VAT 30.1 -> 30); 250 (VAT 30): 6.11, no rounding left.
    expect(signedPayableMinor(charges)).toBe(611n);
    expect(statement.documents_rounding_minor).toBe('0');
    expect(nonZero(balancesAfterPayingEveryDocument([entry], [{ statement, drafts }]))).toEqual({});
  });
});

const RATES = ['19', '7', '10', '12', '20', '25.5', '8.5'] as const;

const partArbitrary = fc.record({
  type: fc.constantFrom('FLAT' as const, 'ENERGY' as const, 'PARKING_TIME' as const),
  excl_ten_thousandths: fc.integer({ min: 1, max: 400_000 }),
  vat: fc.constantFrom(...RATES),
});

const cdrArbitrary = fc.record({
  parts: fc.array(partArbitrary, { minLength: 1, maxLength: 3 }),
  claimed_deviation_cents: fc.integer({ min: -2, max: 2 }),
  fee_cents: fc.integer({ min: 0, max: 60 }),
  fee_percent: fc.constantFrom('0', '1', '2.5'),
  later: fc.constantFrom('none', 'credit_same', 'credit_next', 'adjust_same', 'adjust_next'),
  adjust_percent: fc.integer({ min: 10, max: 190 }),
});

const decimalOf = (ten_thousandths: number) =>
  `${Math.trunc(ten_thousandths / 10_000)}.${String(ten_thousandths % 10_000).padStart(4, '0')}`;

describe('invoices equal the ledger (property, seeded)', () => {
  it('for any mix of CDRs, credits, adjustments and fees, paying every document leaves zero', () => {
    fc.assert(
      fc.property(
        fc.array(cdrArbitrary, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...ROUNDING_POLICIES),
        (cdrs, rounding) => {
          const jan: StatementEntry[] = [];
          const feb: StatementEntry[] = [];
          cdrs.forEach((generated, index) => {
            const parts: PricedPart[] = generated.parts.map((p) => ({
              type: p.type,
              excl_vat: decimalOf(p.excl_ten_thousandths),
              vat: p.vat,
            }));
            const fee: FeeRule = {
              beneficiary: HUB,
              per_cdr: (generated.fee_cents / 100).toFixed(2),
              percent_of_cost: generated.fee_percent,
            };
            const base = multiRateEntry({ cdr_id: `C${index}`, posted_at: 'x', parts, rounding });
            const deviated = BigInt(base.amount_minor) + BigInt(generated.claimed_deviation_cents);
            const claimed_incl = formatMinorUnits(deviated < 0n ? 0n : deviated, 'EUR');
            const entry = multiRateEntry({
              cdr_id: `C${index}`,
              posted_at: `2026-01-10T${String(index).padStart(2, '0')}:00:00Z`,
              parts,
              rounding,
              fees: [fee],
              claimed_incl_vat: claimed_incl,
            });
            jan.push(entry);
            const at = (month: StatementEntry[]) =>
              month === jan
                ? `2026-01-20T${String(index).padStart(2, '0')}:00:00Z`
                : `2026-02-10T${String(index).padStart(2, '0')}:00:00Z`;
            const later = generated.later;
            if (later === 'credit_same' || later === 'credit_next') {
              const month = later === 'credit_same' ? jan : feb;
              month.push(creditEntry(entry, `C${index}-CR`, at(month)));
            }
            if (later === 'adjust_same' || later === 'adjust_next') {
              const month = later === 'adjust_same' ? jan : feb;
              const factor = new Dec(generated.adjust_percent).dividedBy(100);
              const excl = new Dec(entry.claimed_excl_vat).times(factor).toFixed(4);
              const incl = new Dec(entry.amount_minor).times(factor).dividedBy(100).toFixed(2);
              const fee_delta =
                feeMinor(fee, excl, 'EUR', 'HALF_UP') -
                feeMinor(fee, entry.claimed_excl_vat, 'EUR', 'HALF_UP');
              month.push(
                adjustmentEntry(entry, `D${index}`, at(month), {
                  excl_vat: excl,
                  incl_vat: incl,
                  fee_delta_minor: fee_delta,
                }),
              );
            }
          });
          const closed = closePeriods([
            close({ entries: jan, terms: terms({ rounding }) }),
            close({
              statement_id: 'ST-2026-02',
              period_end: '2026-03-01T00:00:00Z',
              closed_at: '2026-03-01T00:05:00Z',
              entries: feb,
              terms: terms({ rounding }),
            }),
          ]);
          const balances = balancesAfterPayingEveryDocument([...jan, ...feb], closed);
          expect(nonZero(balances)).toEqual({});
        },
      ),
      { seed: 13_2026, numRuns: 150 },
    );
  });
});
