import type { AgreementVersion } from '#agreements';
import {
  buildCdrTransaction,
  invalidField,
  isDecimalString,
  LedgerDecimal,
  type LedgerTransaction,
  toMinorUnits,
  toTransactionJson,
} from '#ledger';
import type {
  CdrAssessedContext,
  CdrContext,
  CdrDocument,
  CdrHeld,
  CdrKey,
  CdrPosted,
  HoldReason,
  PriceAmounts,
  SignedDataVerdict,
  StatedTax,
} from './cdr.js';
import { compareEmbeddedTariff } from './embedded-tariff.js';
import { comparePrices, taxesInconsistency } from './price-comparison.js';
import { statedPriceOf, type StatedPrice } from './stated-price.js';
import type { CdrFinding } from './cdr-checks.js';
import type { SignedMeterData } from './signed-readings.js';

/**
 * Settling one (non-credit) CDR: post it, or hold it with a reason. Pure; used by the decider.
 * The checks run in this order, the first failing one holding the CDR:
 * MISSING_EVSE_UID, NO_AGREEMENT, CURRENCY_MISMATCH (CDR vs agreement), TAXES_INCONSISTENT (a 2.3.0
 * total whose taxes do not add up, price-comparison.ts), NO_TARIFF, NO_TIME_ZONE,
 * PRICING_FAILED (no ledger price), CURRENCY_MISMATCH (ledger price vs CDR), then the first
 * holding finding of the arrival checks (SIGNATURE_INVALID, DUPLICATE_SESSION,
 * METERING_MISMATCH, IMPLAUSIBLE_CDR; cdr-checks.ts), PRICE_MISMATCH (incl. VAT difference,
 * 2.3.0: before-tax or after-tax difference, above the agreement's price_tolerance).
 */
export type Settlement =
  | {
      readonly outcome: 'post';
      readonly transaction: LedgerTransaction;
      readonly amount_minor: bigint;
      readonly settled_on: 'incl_vat' | 'excl_vat';
      readonly price_difference: string;
    }
  | {
      readonly outcome: 'hold';
      readonly reason: HoldReason;
      readonly detail: string;
      readonly price_difference: string | null;
    };

/** Checks the claimed amounts are decimal strings; a non-credit CDR's must not be negative. */
export function checkClaimedTotalCost(claimed: PriceAmounts, credit: boolean): void {
  for (const side of ['excl_vat', 'incl_vat'] as const) {
    const amount = claimed[side];
    if (amount === null && side === 'incl_vat') continue;
    if (!isDecimalString(amount)) throw invalidField(`total_cost.${side}`, 'must be a decimal');
    if (!credit && amount.startsWith('-')) {
      throw invalidField(`total_cost.${side}`, 'must not be negative for a CDR that is no credit');
    }
  }
}

function hold(
  reason: HoldReason,
  detail: string,
  price_difference: string | null = null,
): Settlement {
  return { outcome: 'hold', reason, detail, price_difference };
}

/** OCPI requires `cdr_location.evse_uid`; some CPO back-ends leave it out. */
function lacksEvseUid(cdr: CdrDocument): boolean {
  const location = cdr.cdr_location as { evse_uid?: unknown } | null | undefined;
  const uid = location?.evse_uid;
  return typeof uid !== 'string' || uid.trim() === '';
}

function firstHold(cdr: CdrDocument, context: CdrContext, claim: StatedPrice): Settlement | null {
  const { agreement, ledger_price } = context;
  if (lacksEvseUid(cdr)) {
    // Received, never lost, but not settled on a CDR the spec calls incomplete: the charge
    // cannot be tied to an EVSE (and its meter) until the CPO corrects it or a handler decides.
    return hold('MISSING_EVSE_UID', 'cdr_location.evse_uid is missing (required by OCPI 2.2.1)');
  }
  if (agreement === null) return hold('NO_AGREEMENT', 'no agreement in force at the session start');
  if (cdr.currency !== agreement.currency) {
    return hold(
      'CURRENCY_MISMATCH',
      `CDR currency ${cdr.currency} differs from agreement currency ${agreement.currency}`,
    );
  }
  const inconsistency = taxesInconsistency(claim, agreement.price_tolerance);
  if (inconsistency !== null) return hold('TAXES_INCONSISTENT', inconsistency);
  if (context.tariff === null) return hold('NO_TARIFF', 'no tariff in force at the session start');
  if (context.time_zone === null) return hold('NO_TIME_ZONE', 'no Location time zone known');
  if (ledger_price === null) return hold('PRICING_FAILED', 'the ledger could not price the CDR');
  if (ledger_price.currency !== cdr.currency) {
    return hold(
      'CURRENCY_MISMATCH',
      `tariff currency ${ledger_price.currency} differs from CDR currency ${cdr.currency}`,
    );
  }
  return null;
}

export interface SettleCdrInput {
  readonly key: CdrKey;
  /** The arrival checks' findings: the first that holds holds the CDR (after the above). */
  readonly findings?: readonly CdrFinding[];
  readonly cdr: CdrDocument;
  readonly claimed_total_cost: PriceAmounts;
  /** A 2.3.0 CDR's taxes on its total_cost as recorded; absent for a 2.2.1 CDR. */
  readonly stated_taxes?: readonly StatedTax[];
  readonly context: CdrContext;
  readonly transaction_id: string;
}

/** The claim as the price checks read it: the claimed amounts and, for 2.3.0, the taxes. */
function claimOf(input: SettleCdrInput): StatedPrice {
  const taxes = input.stated_taxes ?? null;
  if (taxes === null) {
    return {
      ocpi_version: '2.2.1',
      amounts: input.claimed_total_cost,
      taxes,
      after_taxes_stated: null,
    };
  }
  const { after_taxes_stated } = statedPriceOf(input.cdr.total_cost, 'total_cost');
  return { ocpi_version: '2.3.0', amounts: input.claimed_total_cost, taxes, after_taxes_stated };
}

/**
 * Posts at the CPO's total_cost (incl. VAT for `standard`, excl. VAT for `reverse_charge`;
 * 2.3.0: after taxes = before_taxes + the taxes, or before_taxes), rounded to minor units by the
 * agreement's policy, when the ledger's price is within the agreement's tolerance of the CPO's
 * (price-comparison.ts; a missing claimed incl_vat equals its excl_vat).
 * Percentage fees apply to the claimed cost excl. VAT.
 */
export function settleCdr(input: SettleCdrInput): Settlement {
  const claim = claimOf(input);
  const held = firstHold(input.cdr, input.context, claim);
  if (held !== null) return held;
  const finding = input.findings?.find((candidate) => candidate.holds);
  if (finding !== undefined) return hold(finding.type as HoldReason, finding.detail);
  const agreement = input.context.agreement as AgreementVersion;
  const claimed = input.claimed_total_cost;
  const claimed_incl_vat = new LedgerDecimal(claimed.incl_vat ?? claimed.excl_vat);
  const { price_difference, mismatch } = comparePrices(
    claim,
    input.context.ledger_price!,
    agreement.price_tolerance,
    agreement.currency,
  );
  if (mismatch !== null) return hold('PRICE_MISMATCH', mismatch, price_difference);
  const settled_on = agreement.vat_treatment === 'standard' ? 'incl_vat' : 'excl_vat';
  const settled = settled_on === 'incl_vat' ? claimed_incl_vat : claimed.excl_vat;
  const amount_minor = toMinorUnits(settled, agreement.currency, agreement.rounding);
  const transaction = buildCdrTransaction({
    transaction_id: input.transaction_id,
    terms: agreement,
    cdr: input.key,
    amount_minor,
    fee_base: claimed.excl_vat,
  });
  return { outcome: 'post', transaction, amount_minor, settled_on, price_difference };
}

/** The context of an assessment as recorded in events: references, plus the ledger price. */
export function assessedContext(cdr: CdrDocument, context: CdrContext): CdrAssessedContext {
  return {
    agreement_id: context.agreement?.agreement_id ?? null,
    agreement_version: context.agreement?.version ?? null,
    tariff: context.tariff && {
      tariff_id: context.tariff.tariff_id,
      version: context.tariff.version,
      source: context.tariff.source,
    },
    embedded_tariff: compareEmbeddedTariff(cdr.tariffs, context.tariff),
    time_zone: context.time_zone,
    time_zone_source: context.time_zone === null ? null : context.time_zone_source,
    ledger_price: context.ledger_price,
    ...(context.checks ? { signed_data: signedDataVerdict(context.checks.signed_data) } : {}),
  };
}

/** What the assessment records of the signed meter data (the readings stay in the CDR). */
function signedDataVerdict(signed: SignedMeterData): SignedDataVerdict {
  if (signed.status !== 'VERIFIED') return signed;
  const meter_serials = [...new Set(signed.readings.map((reading) => reading.meter_serial))];
  const { signature_method, energy_kwh } = signed;
  return { status: 'VERIFIED', signature_method, energy_kwh, meter_serials };
}

/** The event recording a settlement outcome at `at`. */
export function settlementEvent(
  key: CdrKey,
  settlement: Settlement,
  at: string,
): CdrPosted | CdrHeld {
  const { price_difference } = settlement;
  if (settlement.outcome === 'hold') {
    const { reason, detail } = settlement;
    return { type: 'CdrHeld', data: { ...key, reason, detail, price_difference, held_at: at } };
  }
  return {
    type: 'CdrPosted',
    data: {
      ...key,
      transaction: toTransactionJson(settlement.transaction),
      amount_minor: settlement.amount_minor.toString(),
      settled_on: settlement.settled_on,
      price_difference,
      credit_of: null,
      posted_at: at,
    },
  };
}
