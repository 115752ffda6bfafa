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
  return localDateOf(DateTime.fromISO(at, { zone: 'utc' }), zone);
}

const HOUR_MS = 3_600_000;
/** 10000-01-01T00:00:00Z: below it (and from 1970 on) an instant's ISO date is `YYYY-MM-DD`. */
const YEAR_10000_MS = 253_402_300_800_000;
/** Cached (zone, UTC hour) offsets at most: about a year of hours in a dozen zones. */
const HOUR_OFFSETS_MAX = 100_000;
const hour_offsets = new Map<string, number | null>();

/**
 * A zone's UTC offset (minutes) throughout the UTC hour starting at `hour_ms`, or null when it
 * is not the same at both ends of the hour (a change of offset inside it) or the zone is
 * unknown. Computing an IANA zone's offset is the costly part of a local date (Intl), and the
 * CDRs of a log fall into comparatively few hours: each is computed once.
 */
function hourOffset(zone: string, hour_ms: number): number | null {
  const key = `${zone} ${hour_ms}`;
  const known = hour_offsets.get(key);
  if (known !== undefined) return known;
  const first = DateTime.fromMillis(hour_ms, { zone });
  const last = DateTime.fromMillis(hour_ms + HOUR_MS - 1, { zone });
  const offset =
    first.isValid && last.isValid && first.offset === last.offset ? first.offset : null;
  if (hour_offsets.size >= HOUR_OFFSETS_MAX) hour_offsets.clear();
  hour_offsets.set(key, offset);
  return offset;
}

/** The instant's date in `zone` (luxon's `setZone(zone).toISODate()`, from cached offsets). */
function localDateOf(instant: DateTime, zone: string): string | null {
  if (!instant.isValid) return null;
  const ms = instant.toMillis();
  const offset = hourOffset(zone, Math.floor(ms / HOUR_MS) * HOUR_MS);
  const local_ms = offset === null ? -1 : ms + offset * 60_000;
  if (local_ms >= 0 && local_ms < YEAR_10000_MS) {
    return new Date(local_ms).toISOString().slice(0, 10);
  }
  const local = instant.setZone(zone);
  return local.isValid ? local.toISODate() : null;
}
