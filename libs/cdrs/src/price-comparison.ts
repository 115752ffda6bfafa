import type { Decimal } from '#money';
import { decimalString, LedgerDecimal } from '#ledger';
import type { LedgerPriceJson } from './cdr.js';
import type { StatedPrice } from './stated-price.js';

/**
 * The CPO's stated total against itself (TAXES_INCONSISTENT) and against the ledger's price
 * (PRICE_MISMATCH), for both OCPI versions. Pure; used by cdr-settlement.ts.
 */

/**
 * Why a 2.3.0 total's taxes do not add up, or null. OCPI 2.3.0's Price has no amount after
 * taxes (it is before_taxes plus the taxes), so what can disagree is:
 * - an `after_taxes` a sender wrote into the Price anyway (copied from the Tariff's PriceLimit)
 *   that is not before_taxes + the taxes, beyond `tolerance`;
 * - a tax stating a percentage whose amount is more than that percentage of the whole
 *   before_taxes (beyond `tolerance`): a tax on a part of the price (one VAT rate of several)
 *   is less, never more;
 * - a tax whose sign is the opposite of before_taxes' (a credit CDR states both negative).
 */
export function taxesInconsistency(stated: StatedPrice, tolerance: string): string | null {
  if (stated.taxes === null) return null;
  const before = new LedgerDecimal(stated.amounts.excl_vat);
  const after = new LedgerDecimal(stated.amounts.incl_vat ?? stated.amounts.excl_vat);
  if (stated.after_taxes_stated !== null) {
    const off = new LedgerDecimal(stated.after_taxes_stated).minus(after).abs();
    if (off.greaterThan(tolerance)) {
      return (
        `total_cost.after_taxes ${stated.after_taxes_stated} is not before_taxes ` +
        `${decimalString(before)} plus the taxes (${decimalString(after)})`
      );
    }
  }
  for (const [index, tax] of stated.taxes.entries()) {
    const amount = new LedgerDecimal(tax.amount);
    const field = `total_cost.taxes[${index}] '${tax.name}'`;
    if (!amount.isZero() && amount.isNegative() !== before.isNegative()) {
      return `${field} amount ${tax.amount} has the opposite sign of before_taxes ${decimalString(before)}`;
    }
    if (tax.percentage === null) continue;
    const most = before.abs().times(tax.percentage).dividedBy(100);
    if (amount.abs().minus(most).greaterThan(tolerance)) {
      return (
        `${field} amount ${tax.amount} is more than ${tax.percentage} % of before_taxes ` +
        `${decimalString(before)} (${decimalString(most)})`
      );
    }
  }
  return null;
}

/** The claimed and the ledger's totals, compared. */
export interface PriceComparison {
  /** Ledger after taxes minus claimed after taxes (2.2.1: incl. VAT), exact decimal. */
  readonly price_difference: string;
  /** The sentence of a PRICE_MISMATCH when a compared total is off by more than the tolerance. */
  readonly mismatch: string | null;
}

/**
 * 2.2.1: the totals incl. VAT (a missing claimed incl_vat equals its excl_vat). 2.3.0: the totals
 * before taxes and after taxes, each within the tolerance. The ledger's tariff prices VAT only
 * (a PriceComponent's `vat`); a tax that is not VAT (OCPI 2.3.0: North American taxes, "added on
 * top afterward") is not in any tariff, so the ledger's total after taxes is its price incl. VAT
 * plus the CPO's non-VAT taxes as stated: what the after-tax check tests is the VAT.
 */
export function comparePrices(
  stated: StatedPrice,
  ledger_price: LedgerPriceJson,
  tolerance: string,
  currency: string,
): PriceComparison {
  const claimed_after = new LedgerDecimal(stated.amounts.incl_vat ?? stated.amounts.excl_vat);
  const other_taxes = (stated.taxes ?? [])
    .filter((tax) => !tax.is_vat)
    .reduce((sum, tax) => sum.plus(tax.amount), new LedgerDecimal(0));
  const ledger_after = new LedgerDecimal(ledger_price.total_cost.incl_vat).plus(other_taxes);
  const difference = ledger_after.minus(claimed_after);
  const price_difference = decimalString(difference);
  const which = stated.ocpi_version === '2.3.0' ? 'after taxes' : 'incl. VAT';
  const apart = (ledger: Decimal, claimed: Decimal, label: string) =>
    `ledger price ${decimalString(ledger)} and CPO price ${decimalString(claimed)} ` +
    `(${label}) differ by more than ${tolerance} ${currency}`;
  if (difference.abs().greaterThan(tolerance)) {
    return { price_difference, mismatch: apart(ledger_after, claimed_after, which) };
  }
  if (stated.ocpi_version === '2.3.0') {
    const ledger_before = new LedgerDecimal(ledger_price.total_cost.excl_vat);
    const claimed_before = new LedgerDecimal(stated.amounts.excl_vat);
    if (ledger_before.minus(claimed_before).abs().greaterThan(tolerance)) {
      return { price_difference, mismatch: apart(ledger_before, claimed_before, 'before taxes') };
    }
  }
  return { price_difference, mismatch: null };
}
