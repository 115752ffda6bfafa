import {
  buildCdrTransaction,
  reverseTransaction,
  toMinorUnits,
  toTransactionJson,
  type PartyId,
  type RoundingPolicy,
} from '#ledger';
import type {
  CdrStatementEntry,
  CloseSettlementPeriod,
  PaymentStatementEntry,
  SettlementStatementIssued,
  StatementDecided,
  StatementTerms,
} from '../statement.js';
import { buildStatement } from '../statement-building.js';

/** Fixtures: agreement DEABC-NLXYZ (CPO DE/ABC, eMSP NL/XYZ), a hub fee of 0.20 to NL/HUB. */
export const CPO: PartyId = { country_code: 'DE', party_id: 'ABC' };
export const EMSP: PartyId = { country_code: 'NL', party_id: 'XYZ' };
export const HUB: PartyId = { country_code: 'NL', party_id: 'HUB' };
export const AGREEMENT_SINCE = '2026-01-01T00:00:00Z';

export function terms(overrides: Partial<StatementTerms> = {}): StatementTerms {
  return {
    agreement_id: 'DEABC-NLXYZ',
    version: 1,
    cpo: CPO,
    emsp: EMSP,
    currency: 'EUR',
    rounding: 'HALF_UP',
    vat_treatment: 'standard',
    payment_terms_days: 30,
    ...overrides,
  };
}

export interface CdrEntryInput {
  readonly cdr_id: string;
  readonly posted_at: string;
  /** Decimal strings in EUR. */
  readonly excl_vat: string;
  readonly incl_vat: string;
  readonly fee?: string;
  readonly reverse_charge?: boolean;
  readonly country_of_supply?: string;
  /** The VAT rate the CDR's tariff states (session facts), when it states one. */
  readonly stated_vat_rate_percent?: string;
  readonly contract_id?: string;
  /** How the ledger rounded the settled amount (default HALF_UP). */
  readonly rounding?: RoundingPolicy;
}

export function cdrEntry(input: CdrEntryInput): CdrStatementEntry {
  const settled = input.reverse_charge === true ? input.excl_vat : input.incl_vat;
  const fee = input.fee ?? '0.20';
  const settled_minor = toMinorUnits(settled, 'EUR', input.rounding ?? 'HALF_UP');
  const transaction = buildCdrTransaction({
    transaction_id: `tx-${input.cdr_id}`,
    terms: {
      ...terms(),
      fees: [{ beneficiary: HUB, per_cdr: fee, percent_of_cost: '0' }],
    },
    cdr: { ...CPO, cdr_id: input.cdr_id },
    amount_minor: settled_minor,
    fee_base: input.excl_vat,
  });
  return {
    kind: 'cdr',
    cdr: { ...CPO, cdr_id: input.cdr_id },
    posted_at: input.posted_at,
    credit_of: null,
    amount_minor: settled_minor.toString(),
    settled_on: input.reverse_charge === true ? 'excl_vat' : 'incl_vat',
    claimed_excl_vat: input.excl_vat,
    transaction: toTransactionJson(transaction),
    session: {
      start_date_time: '2026-01-09T10:00:00Z',
      end_date_time: '2026-01-09T11:00:00Z',
      energy_kwh: '20.5',
      contract_id: input.contract_id ?? 'NL-XYZ-C12345678-X',
      country_of_supply: input.country_of_supply ?? 'DE',
      ...(input.stated_vat_rate_percent === undefined
        ? {}
        : { stated_vat_rate_percent: input.stated_vat_rate_percent }),
    },
  };
}

/** The credit CDR of `original`, posted at `posted_at`: the exact reversal. */
export function creditEntry(
  original: CdrStatementEntry,
  credit_cdr_id: string,
  posted_at: string,
): CdrStatementEntry {
  const { postings: _postings, ...rest } = original.transaction;
  const tx = reverseTransaction(
    {
      ...rest,
      postings: original.transaction.postings.map((p) => ({
        ...p,
        amount_minor: BigInt(p.amount_minor),
      })),
    },
    { transaction_id: `tx-${credit_cdr_id}`, cdr: { ...CPO, cdr_id: credit_cdr_id } },
  );
  return {
    ...original,
    cdr: { ...CPO, cdr_id: credit_cdr_id },
    posted_at,
    credit_of: original.cdr.cdr_id,
    amount_minor: (-BigInt(original.amount_minor)).toString(),
    claimed_excl_vat: `-${original.claimed_excl_vat}`,
    transaction: toTransactionJson(tx),
  };
}

export function payment(
  payment_id: string,
  amount_minor: string,
  posted_at: string,
  payer: PartyId = EMSP,
  payee: PartyId = CPO,
): PaymentStatementEntry {
  return { kind: 'payment', payment_id, payer, payee, amount_minor, posted_at };
}

export function close(overrides: Partial<CloseSettlementPeriod> = {}): CloseSettlementPeriod {
  return {
    type: 'CloseSettlementPeriod',
    statement_id: 'ST-2026-01',
    agreement_id: 'DEABC-NLXYZ',
    period_end: '2026-02-01T00:00:00Z',
    closed_at: '2026-02-01T00:05:00Z',
    agreement_since: AGREEMENT_SINCE,
    terms: terms(),
    entries: [],
    ...overrides,
  };
}

/** The event a close would issue on an empty (or given previous) history. */
export function issued(
  command: CloseSettlementPeriod,
  previous: SettlementStatementIssued | null = null,
): StatementDecided {
  return {
    type: 'SettlementStatementIssued',
    data: buildStatement(command, previous?.data ?? null),
  };
}
