import type { CdrReceivedData, StatedTax } from '#cdrs';
import {
  buildCdrTransaction,
  type FeeRule,
  type PartyId,
  type PostingJson,
  type RoundingPolicy,
  toMinorUnits,
  toTransactionJson,
} from '#ledger';
import { Dec } from '#money';
import { type AdjustmentStatementEntry, type CdrStatementEntry, sessionFactsOf } from '#settlement';
import { CPO, EMSP, HUB, terms } from './invoice-fixtures.js';

/**
 * CDR entries as the documents read model makes them from real CdrReceived data: a ledger price
 * whose breakdown prices components at their own VAT rates (libs/tariffs `toPriceJson`), or a
 * 2.3.0 CDR stating its taxes. Used by the multi-rate, invariant and EN 16931 specs.
 */
export interface PricedPart {
  readonly type: 'FLAT' | 'ENERGY' | 'TIME' | 'PARKING_TIME';
  /** Exact amount excl. VAT (decimal string) and the component's VAT rate ("19"). */
  readonly excl_vat: string;
  readonly vat: string;
}

export interface MultiRateInput {
  readonly cdr_id: string;
  readonly posted_at: string;
  readonly parts: readonly PricedPart[];
  /** What the CPO claims incl. VAT (settled, within tolerance); default: the exact sum. */
  readonly claimed_incl_vat?: string;
  readonly claimed_excl_vat?: string;
  readonly fees?: readonly FeeRule[];
  readonly rounding?: RoundingPolicy;
  readonly country?: string;
  readonly end_date_time?: string;
  readonly time_zone?: string;
  readonly stated_taxes?: readonly StatedTax[];
  /** False: the tariff the ledger priced with states no VAT (the place of supply decides). */
  readonly vat_stated?: boolean;
}

const sum = (values: readonly string[]) => values.reduce((a, b) => a.plus(b), new Dec(0));
const inclOf = (part: PricedPart) =>
  new Dec(part.excl_vat).times(new Dec(part.vat).dividedBy(100).plus(1));

export const HUB_FEE: FeeRule = { beneficiary: HUB, per_cdr: '0.20', percent_of_cost: '0' };

/** The CdrReceived data of such a CDR. */
export function receivedOf(input: MultiRateInput): CdrReceivedData {
  const excl = input.claimed_excl_vat ?? sum(input.parts.map((p) => p.excl_vat)).toFixed();
  const incl = input.claimed_incl_vat ?? sum(input.parts.map((p) => inclOf(p).toFixed())).toFixed();
  const end = input.end_date_time ?? '2026-01-09T11:00:00Z';
  const breakdown = input.parts.map((part, index) => ({
    period_index: 0,
    component_type: part.type,
    dimension: part.type,
    element_index: index,
    component_index: 0,
    vat: input.vat_stated === false ? null : part.vat,
    amount: { excl_vat: part.excl_vat, incl_vat: inclOf(part).toFixed() },
  }));
  return {
    ...{ ...CPO, cdr_id: input.cdr_id, content_hash: 'h', received_at: input.posted_at },
    cdr: {
      ...{ country_code: CPO.country_code, party_id: CPO.party_id, id: input.cdr_id },
      currency: 'EUR',
      start_date_time: '2026-01-09T10:00:00Z',
      end_date_time: end,
      cdr_location: { country: input.country ?? 'DEU', evse_uid: 'EVSE-1' },
      cdr_token: { contract_id: 'NL-XYZ-C12345678-X' },
      total_energy: 10,
    },
    credit: false,
    credit_reference_id: null,
    claimed_total_cost: { excl_vat: excl, incl_vat: incl },
    context: {
      agreement_id: 'DEABC-NLXYZ',
      agreement_version: 1,
      tariff: { tariff_id: 'T-1', version: '1' },
      embedded_tariff: { status: 'ABSENT' } as never,
      time_zone: input.time_zone ?? 'Europe/Berlin',
      time_zone_source: 'LOCATION',
      ledger_price: { currency: 'EUR', total_cost: { excl_vat: excl, incl_vat: incl }, breakdown },
    },
    ...(input.stated_taxes === undefined
      ? {}
      : { ocpi_version: '2.3.0' as const, stated_taxes: input.stated_taxes }),
  };
}

/** The statement entry of such a CDR, posted at its claimed amount incl. VAT. */
export function multiRateEntry(input: MultiRateInput): CdrStatementEntry {
  const received = receivedOf(input);
  const rounding = input.rounding ?? 'HALF_UP';
  const amount_minor = toMinorUnits(received.claimed_total_cost.incl_vat!, 'EUR', rounding);
  const transaction = buildCdrTransaction({
    transaction_id: `tx-${input.cdr_id}`,
    terms: { ...terms({ rounding }), fees: input.fees ?? [HUB_FEE] },
    cdr: { ...CPO, cdr_id: input.cdr_id },
    amount_minor,
    fee_base: received.claimed_total_cost.excl_vat,
  });
  return {
    kind: 'cdr',
    cdr: { ...CPO, cdr_id: input.cdr_id },
    posted_at: input.posted_at,
    credit_of: null,
    amount_minor: amount_minor.toString(),
    settled_on: 'incl_vat',
    claimed_excl_vat: received.claimed_total_cost.excl_vat,
    transaction: toTransactionJson(transaction),
    session: sessionFactsOf(received),
  };
}

/** The two postings of `amount` (signed) owed by `debtor` to `creditor`. */
function owed(debtor: PartyId, creditor: PartyId, amount: bigint, fee: boolean): PostingJson[] {
  if (amount === 0n) return [];
  const up = amount > 0n;
  const amount_minor = (up ? amount : -amount).toString();
  return [
    {
      account: {
        party: debtor,
        kind: fee ? 'fee_payable' : 'emsp_payable',
        counterparty: creditor,
      },
      direction: up ? 'debit' : 'credit',
      amount_minor,
    },
    {
      account: {
        party: creditor,
        kind: fee ? 'fee_receivable' : 'cpo_receivable',
        counterparty: debtor,
      },
      direction: up ? 'credit' : 'debit',
      amount_minor,
    },
  ];
}

/**
 * A dispute's adjustment of `original` to a new amount incl. VAT (and excl. VAT, exact), with
 * its percentage fee recomputed like libs/cdrs does: the compensating transaction.
 */
export function adjustmentEntry(
  original: CdrStatementEntry,
  dispute_id: string,
  posted_at: string,
  after: { excl_vat: string; incl_vat: string; fee_delta_minor?: bigint },
): AdjustmentStatementEntry {
  const delta = toMinorUnits(after.incl_vat, 'EUR', 'HALF_UP') - BigInt(original.amount_minor);
  const fee_delta = after.fee_delta_minor ?? 0n;
  return {
    kind: 'adjustment',
    cdr: original.cdr,
    dispute_id,
    outcome: 'ADJUSTED',
    posted_at,
    amount_minor: delta.toString(),
    settled_on: 'incl_vat',
    excl_vat_before: original.claimed_excl_vat,
    excl_vat_after: after.excl_vat,
    transaction: {
      ...original.transaction,
      transaction_id: `tx-${dispute_id}`,
      reverses_transaction_id: null,
      postings: [...owed(EMSP, CPO, delta, false), ...owed(CPO, HUB, fee_delta, true)],
    },
    session: original.session,
  };
}
