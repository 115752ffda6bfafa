import { DateTime } from 'luxon';
import type { CdrReceivedData } from '#cdrs';
import { LedgerDecimal } from '#ledger';
import { Dec, type Decimal } from '#money';
import { VAT_SHARES_MAX, type VatShare } from './vat-split.js';

/**
 * Where a CDR's VAT rates come from, in this order: the OCPI 2.3.0 taxes it states
 * (`stated_taxes`), then the ledger's price breakdown (each priced component's `vat`). The
 * place-of-supply table (libs/invoicing vat-rates.ts) is the fallback only where neither states
 * a rate.
 */

/** Breakdown entries read per CDR (bounded like the pricer's own output). */
const BREAKDOWN_ENTRIES_MAX = 10_000;

const abs = (value: string): Decimal => new LedgerDecimal(value).abs();

function addWeight(groups: Map<string, VatShare>, share: VatShare): void {
  const key = `${share.tax}:${share.tax === 'VAT' ? share.rate_percent : share.name}`;
  const found = groups.get(key);
  const weight = new Dec(share.weight).plus(found?.weight ?? '0');
  groups.set(key, { ...(found ?? share), weight: weight.toFixed() });
}

function positive(groups: Map<string, VatShare>): VatShare[] {
  return [...groups.values()].filter((share) => new Dec(share.weight).greaterThan(0));
}

/**
 * The parts of a 2.3.0 CDR's price per VAT rate and per tax that is not VAT, or null when its
 * taxes cannot say (none, a VAT tax without a positive percentage, or no VAT tax at all). A VAT
 * tax's base is its amount / percentage; the bases are scaled to sum to `before_taxes` (the
 * claimed excl. VAT), each weighing base x (1 + rate); a tax that is not VAT weighs its amount.
 */
function statedTaxShares(received: CdrReceivedData): VatShare[] | null {
  const taxes = received.stated_taxes ?? [];
  if (taxes.length === 0 || taxes.length > VAT_SHARES_MAX) return null;
  const vat = taxes.filter((tax) => tax.is_vat);
  if (vat.length === 0) return null;
  if (vat.some((tax) => tax.percentage === null || !new Dec(tax.percentage).greaterThan(0))) {
    return null;
  }
  const bases = vat.map((tax) => abs(tax.amount).times(100).dividedBy(tax.percentage!));
  const base_sum = bases.reduce((a, b) => a.plus(b), new Dec(0));
  const before_taxes = abs(received.claimed_total_cost.excl_vat);
  const groups = new Map<string, VatShare>();
  vat.forEach((tax, index) => {
    const base = base_sum.isZero()
      ? before_taxes.dividedBy(vat.length)
      : bases[index]!.times(before_taxes).dividedBy(base_sum);
    const rate_percent = new Dec(tax.percentage!).toFixed();
    const weight = base.times(new Dec(rate_percent).dividedBy(100).plus(1)).toFixed();
    addWeight(groups, { tax: 'VAT', rate_percent, name: null, weight });
  });
  for (const tax of taxes.filter((t) => !t.is_vat)) {
    const weight = abs(tax.amount).toFixed();
    addWeight(groups, { tax: 'NOT_VAT', rate_percent: '0', name: tax.name, weight });
  }
  const shares = positive(groups);
  return shares.length === 0 ? null : shares;
}

interface BreakdownEntryShape {
  readonly vat?: unknown;
  readonly amount?: { readonly incl_vat?: unknown };
}

/**
 * The parts of the ledger's price per VAT rate, from its breakdown; null when a priced
 * component states no VAT ("no VAT given" is not 0 %) or the breakdown cannot be read.
 */
function ledgerPriceShares(received: CdrReceivedData): VatShare[] | null {
  const breakdown = received.context?.ledger_price?.['breakdown'];
  if (!Array.isArray(breakdown) || breakdown.length > BREAKDOWN_ENTRIES_MAX) return null;
  const groups = new Map<string, VatShare>();
  for (const entry of breakdown as BreakdownEntryShape[]) {
    const incl = entry?.amount?.incl_vat;
    if (typeof incl !== 'string' || !/^-?\d+(\.\d+)?$/.test(incl)) return null;
    if (new Dec(incl).isZero()) continue;
    if (typeof entry.vat !== 'string' || !/^\d+(\.\d+)?$/.test(entry.vat)) return null;
    const rate_percent = new Dec(entry.vat).toFixed();
    addWeight(groups, { tax: 'VAT', rate_percent, name: null, weight: abs(incl).toFixed() });
  }
  const shares = positive(groups);
  return shares.length === 0 || shares.length > VAT_SHARES_MAX ? null : shares;
}

/**
 * What a CDR states about its VAT for the statement: several parts (`vat_shares`), or the one
 * rate its stated taxes give, or nothing (the caller then reads the embedded tariffs' rate).
 */
export function statedVatFacts(received: CdrReceivedData): {
  vat_shares: VatShare[] | null;
  single_rate_percent: string | null;
} {
  const from_taxes = statedTaxShares(received);
  const shares = from_taxes ?? ledgerPriceShares(received);
  if (shares === null) return { vat_shares: null, single_rate_percent: null };
  if (shares.length >= 2) return { vat_shares: shares, single_rate_percent: null };
  // One rate, from the stated taxes or from the ledger's breakdown (the tariff the CDR was
  // priced with states it), is the CDR's rate: the place of supply is only the fallback.
  const [only] = shares;
  return { vat_shares: null, single_rate_percent: only!.tax === 'VAT' ? only!.rate_percent : null };
}

/**
 * The local date of the supply: the session's end (else its start) in the Location's time
 * zone, UTC when the ledger knows no zone. It picks the place-of-supply rate in force.
 */
export function supplyDateOf(received: CdrReceivedData): string | null {
  const end = received.cdr['end_date_time'];
  const at = typeof end === 'string' && end.length > 0 ? end : received.cdr.start_date_time;
  const zone = received.context?.time_zone ?? 'UTC';
  const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone);
  return local.isValid ? local.toISODate() : null;
}
