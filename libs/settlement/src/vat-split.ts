import { invariant, LedgerDecimal, toMinorUnits, type RoundingPolicy } from '#ledger';
import { Dec, type Decimal, fromMinorUnits } from '#money';

/**
 * A CDR priced at several VAT rates (a FLAT fee at one rate, ENERGY at another), or one whose
 * OCPI 2.3.0 `total_cost` states taxes other than VAT: the parts of its price, each with the
 * weight (exact amount incl. tax) it has in the ledger's breakdown (or in the stated taxes).
 * A statement line splits the amount it settled over these parts (`splitSettledAmount`), so the
 * invoice carries one VAT rate per part and its payable amount equals what was settled, up to
 * the VAT rounding the statement reconciles.
 */
export interface VatShare {
  /** `VAT`: a VAT rate; `NOT_VAT`: a tax that is not VAT (e.g. a sales tax), passed through. */
  readonly tax: 'VAT' | 'NOT_VAT';
  /** Percent, decimal string; "0" for a NOT_VAT part (no VAT is charged on it). */
  readonly rate_percent: string;
  /** The stated tax's name for a NOT_VAT part, else null. */
  readonly name: string | null;
  /** The part's exact amount incl. tax (decimal string, > 0): its weight in the split. */
  readonly weight: string;
}

/** One part of a settled amount: signed minor units like the line. */
export interface VatSplitPart {
  readonly tax: 'VAT' | 'NOT_VAT';
  readonly rate_percent: string;
  readonly name: string | null;
  /** The part of the settled amount (incl. tax). */
  readonly amount_minor: string;
  /** Its net: amount / (1 + rate / 100), rounded once by the agreement's policy (NOT_VAT: all). */
  readonly excl_vat_minor: string;
}

/**
 * The named rule of the split: each part's exact share |amount| x weight / total weight is
 * floored to minor units, and the units left over go one each to the parts with the largest
 * remainders (ties: the earlier part), so the parts sum exactly to the settled amount. The sign
 * is applied last, so a credit splits as the exact negation of its CDR.
 */
export const VAT_SPLIT_ROUNDING_RULE = 'LARGEST_REMAINDER_MINOR_UNITS_TIES_IN_PART_ORDER';

/** Most parts one CDR is split into (a CDR states a handful of rates and taxes). */
export const VAT_SHARES_MAX = 16;

function largestRemainder(total: bigint, weights: readonly Decimal[]): bigint[] {
  const weight_sum = weights.reduce((a, b) => a.plus(b), new Dec(0));
  invariant(weight_sum.greaterThan(0), 'VAT shares must have a positive total weight');
  const exact = weights.map((w) => new Dec(total.toString()).times(w).dividedBy(weight_sum));
  const floors = exact.map((e) => BigInt(e.floor().toFixed(0)));
  let left = total - floors.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((e, index) => ({ index, remainder: e.minus(e.floor()) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  invariant(left >= 0n && left <= BigInt(weights.length), 'largest remainder out of bounds');
  for (const { index } of order) {
    if (left === 0n) break;
    floors[index] = floors[index]! + 1n;
    left -= 1n;
  }
  return floors;
}

/** The settled amount (signed minor units) split over the shares; see the rule above. */
export function splitSettledAmount(
  amount_minor: bigint,
  shares: readonly VatShare[],
  currency: string,
  rounding: RoundingPolicy,
): VatSplitPart[] {
  invariant(shares.length > 0 && shares.length <= VAT_SHARES_MAX, 'VAT shares out of bounds');
  const sign = amount_minor < 0n ? -1n : 1n;
  const parts = largestRemainder(
    amount_minor * sign,
    shares.map((share) => new LedgerDecimal(share.weight)),
  );
  return shares.map((share, index) => {
    const part = parts[index]!;
    const net =
      share.tax === 'NOT_VAT'
        ? part
        : toMinorUnits(
            fromMinorUnits(part, currency).dividedBy(
              new Dec(share.rate_percent).dividedBy(100).plus(1),
            ),
            currency,
            rounding,
          );
    return {
      tax: share.tax,
      rate_percent: share.rate_percent,
      name: share.name,
      amount_minor: (part * sign).toString(),
      excl_vat_minor: (net * sign).toString(),
    };
  });
}
