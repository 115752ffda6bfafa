import { ciKey } from '#ocpi';
import type { AgreementVersion } from '#agreements';
import type { CdrReference, LedgerTransactionJson } from '#ledger';
import type { CdrDisputeOpened, CdrDisputeResolved, CdrDisputesState } from './cdr-disputes.js';
import type { EmbeddedTariffComparison } from './embedded-tariff.js';
import type { CdrCheckFacts, CdrFinding } from './cdr-checks.js';

/**
 * Types of the CDR context: one stream per CDR, `cdr-{country_code}-{party_id}-{id}` (the
 * CPO's OCPI key). A credit CDR is a CDR of its own, in its own stream; the CDR it credits gets
 * a CdrCredited event in its stream.
 */
export type CdrKey = CdrReference;

export const CDR_STREAM_PREFIX = 'cdr-';

export function cdrStreamName(key: CdrKey): string {
  return `${CDR_STREAM_PREFIX}${ciKey(key.country_code)}-${ciKey(key.party_id)}-${ciKey(key.cdr_id)}`;
}

/** The raw OCPI CDR as received (validated at the edge); only these fields are read here. */
export interface CdrDocument {
  readonly country_code: string;
  readonly party_id: string;
  readonly id: string;
  readonly currency: string;
  readonly start_date_time: string;
  readonly credit?: boolean | null;
  readonly credit_reference_id?: string | null;
  readonly tariffs?: readonly unknown[] | null;
  readonly [field: string]: unknown;
}

export function cdrKeyOf(cdr: CdrDocument): CdrKey {
  return { country_code: cdr.country_code, party_id: cdr.party_id, cdr_id: cdr.id };
}

/** An OCPI Price as decimal strings (taken from the raw JSON text, never via a float). */
export interface PriceAmounts {
  readonly excl_vat: string;
  /** null when the CPO gave no amount incl. VAT: then it equals excl_vat. */
  readonly incl_vat: string | null;
}

/** The tariff version in force at the session start, as the handler found it. */
export interface TariffInForce {
  readonly tariff_id: string;
  /**
   * Where the tariff id came from: the CDR itself (its embedded `tariffs` or a charging
   * period's `tariff_id`), or, when the CDR names none, the `tariff_ids` of the Location's
   * connector that the CDR names (OCPI Connector object).
   */
  readonly source: TariffSource;
  /** The ledger's version label of the tariff (its stream revision or `last_updated`). */
  readonly version: string;
  /** The tariff object as stored, to compare with the copy embedded in the CDR. */
  readonly tariff: Readonly<Record<string, unknown>>;
}

export type TariffSource = 'CDR' | 'CONNECTOR';

/**
 * Which rule gave a CDR's time zone: its Location's `time_zone`, or the fallback zone of its
 * country (libs/locations country-time-zone.ts); `NOT_RECORDED` in events of schema version 1,
 * written before the source was recorded (the upcaster says so rather than guess).
 */
export type TimeZoneSource = 'LOCATION' | 'COUNTRY' | 'NOT_RECORDED';

/** The ledger's own price (libs/tariffs `toPriceJson`): decimal strings, unrounded. */
export interface LedgerPriceJson {
  readonly currency: string;
  readonly total_cost: { readonly excl_vat: string; readonly incl_vat: string };
  readonly [field: string]: unknown;
}

/** What the handler looked up for a CDR before deciding. */
export interface CdrContext {
  /** agreementInForceAt(agreement stream, cdr.start_date_time), or null. */
  readonly agreement: AgreementVersion | null;
  readonly tariff: TariffInForce | null;
  /** The Location's IANA time zone, or null when the ledger knows no Location for the CDR. */
  readonly time_zone: string | null;
  /** Where `time_zone` came from: the Location, or the fallback of the CDR's country. */
  readonly time_zone_source: TimeZoneSource | null;
  /** The ledger's price of the CDR from `tariff` in `time_zone`; null if it could not price. */
  readonly ledger_price: LedgerPriceJson | null;
  /** The facts of the arrival checks (cdr-checks.ts); absent: only the CDR's own figures. */
  readonly checks?: CdrCheckFacts;
}

/** Why a CDR is held, unposted (also its query status). */
export const HOLD_REASONS = [
  'MISSING_EVSE_UID',
  'NO_AGREEMENT',
  'CURRENCY_MISMATCH',
  'NO_TARIFF',
  'NO_TIME_ZONE',
  'PRICING_FAILED',
  'PRICE_MISMATCH',
  'SIGNATURE_INVALID',
  'DUPLICATE_SESSION',
  'METERING_MISMATCH',
  'IMPLAUSIBLE_CDR',
  'TAXES_INCONSISTENT',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** REJECTED: a held CDR a dispute handler rejected for good (POST /v1/cdrs/.../resolution). */
export type CdrStatus = 'POSTED' | 'CREDITED' | 'REJECTED' | HoldReason;

/** How a dispute handler or admin resolves a held CDR. */
export const CDR_RESOLUTION_DECISIONS = ['POST_CLAIMED', 'POST_LEDGER_PRICE', 'REJECT'] as const;
export type CdrResolutionDecision = (typeof CDR_RESOLUTION_DECISIONS)[number];

export interface CdrReceivedData extends CdrKey {
  readonly content_hash: string;
  readonly received_at: string;
  readonly cdr: CdrDocument;
  readonly credit: boolean;
  readonly credit_reference_id: string | null;
  readonly claimed_total_cost: PriceAmounts;
  readonly context: CdrAssessedContext;
  /**
   * The OCPI version the CDR arrived in; absent: 2.2.1 (every event written before 2.3.0 paths).
   * A 2.3.0 CDR is stored as sent in `cdr`; `claimed_total_cost` holds its `before_taxes` as
   * `excl_vat` and `before_taxes` + the sum of its taxes as `incl_vat`.
   */
  readonly ocpi_version?: OcpiObjectVersion;
  /** The taxes a 2.3.0 CDR states on its `total_cost` (absent for 2.2.1 CDRs). */
  readonly stated_taxes?: readonly StatedTax[];
}

export type OcpiObjectVersion = '2.2.1' | '2.3.0';

/**
 * One OCPI 2.3.0 `TaxAmount` of a CDR's `total_cost`, amounts as decimal strings. `is_vat`: the
 * ledger reads the tax as VAT (its name says VAT / MwSt / TVA / IVA / BTW / GST-as-VAT...; rule
 * in the 2.3.0 receiver), so the invoice carries it as a VAT category; other taxes (e.g. a North
 * American sales tax) are carried on the document without being VAT.
 */
export interface StatedTax {
  readonly name: string;
  readonly account_number: string | null;
  /** Percent as a decimal string ("19"), null when the CPO states none. */
  readonly percentage: string | null;
  /** The tax amount in the CDR's currency, decimal string. */
  readonly amount: string;
  readonly is_vat: boolean;
}

/** The context a CDR was assessed in, by reference (the agreement and tariff are events too). */
export interface CdrAssessedContext {
  readonly agreement_id: string | null;
  readonly agreement_version: number | null;
  readonly tariff: {
    readonly tariff_id: string;
    readonly version: string;
    /** Absent in events written before the connector fallback existed: then `CDR`. */
    readonly source?: TariffSource;
  } | null;
  readonly embedded_tariff: EmbeddedTariffComparison;
  readonly time_zone: string | null;
  /** Which rule gave `time_zone` (null when there is none); schema version 2 on. */
  readonly time_zone_source: TimeZoneSource | null;
  /** The ledger's own price (the `price` of `GET /v1/cdrs/...`), or null. */
  readonly ledger_price: LedgerPriceJson | null;
  /**
   * The verdict on the CDR's OCMF `signed_data` (status, method, signed energy, or what was
   * wrong): absent in events recorded before signed data was verified, or without checks.
   */
  readonly signed_data?: SignedDataVerdict;
}

export type SignedDataVerdict =
  | { readonly status: 'ABSENT' }
  | { readonly status: 'INVALID'; readonly problem: string }
  | {
      readonly status: 'VERIFIED';
      readonly signature_method: string;
      readonly energy_kwh: string | null;
      readonly meter_serials: readonly string[];
    };

export interface CdrPostedData extends CdrKey {
  readonly transaction: LedgerTransactionJson;
  /** The settled amount in minor units (decimal integer string); negative for a credit CDR. */
  readonly amount_minor: string;
  /** Which claimed amount was settled: incl. VAT (standard) or excl. VAT (reverse charge). */
  readonly settled_on: 'incl_vat' | 'excl_vat';
  /** Ledger price minus claimed price, incl. VAT, exact decimal; null for a credit CDR. */
  readonly price_difference: string | null;
  /** For a credit CDR: the id of the CDR it credits (same party); else null. */
  readonly credit_of: string | null;
  readonly posted_at: string;
  /**
   * The cost excl. VAT the posting settles when it is not the CPO's claim (exact decimal): a
   * held CDR resolved POST_LEDGER_PRICE (the ledger's price), or a credit CDR of a CDR adjusted
   * by a dispute (the net it reverses, negative); absent: the claimed excl. VAT.
   */
  readonly settled_excl_vat?: string;
}

export interface CdrHeldData extends CdrKey {
  readonly reason: HoldReason;
  /** A sentence for people: what was missing or how far the prices were apart. */
  readonly detail: string;
  readonly price_difference: string | null;
  readonly held_at: string;
}

export interface CdrCreditedData extends CdrKey {
  readonly credit_cdr_id: string;
  readonly credit_transaction_id: string;
  readonly credited_at: string;
}

/** A held CDR assessed again in a newer context; a CdrPosted or CdrHeld follows. */
export interface CdrReassessedData extends CdrKey {
  readonly context: CdrAssessedContext;
  readonly reassessed_at: string;
}

/** What the arrival checks found (cdr-checks.ts): holding and flagging findings alike. */
export interface CdrFlaggedData extends CdrKey {
  readonly findings: readonly CdrFinding[];
  readonly flagged_at: string;
}

/** A held CDR resolved by a person, for good; a CdrPosted follows for the POST_ decisions. */
export interface CdrResolvedData extends CdrKey {
  readonly decision: CdrResolutionDecision;
  readonly note: string;
  /** The acting principal (`admin`, `principal:<id>`). */
  readonly resolved_by: string;
  /** The hold it resolved. */
  readonly hold_reason: HoldReason;
  readonly resolved_at: string;
}

export type CdrFlagged = { readonly type: 'CdrFlagged'; readonly data: CdrFlaggedData };
export type CdrResolved = { readonly type: 'CdrResolved'; readonly data: CdrResolvedData };
export type CdrReceived = { readonly type: 'CdrReceived'; readonly data: CdrReceivedData };
export type CdrPosted = { readonly type: 'CdrPosted'; readonly data: CdrPostedData };
export type CdrHeld = { readonly type: 'CdrHeld'; readonly data: CdrHeldData };
export type CdrCredited = { readonly type: 'CdrCredited'; readonly data: CdrCreditedData };
export type CdrReassessed = { readonly type: 'CdrReassessed'; readonly data: CdrReassessedData };
export type CdrEvent =
  | CdrReceived
  | CdrPosted
  | CdrHeld
  | CdrCredited
  | CdrReassessed
  | CdrFlagged
  | CdrResolved
  | CdrDisputeOpened
  | CdrDisputeResolved;

export interface CdrState {
  readonly received: CdrReceivedData | null;
  readonly posted: CdrPostedData | null;
  readonly held: CdrHeldData | null;
  readonly credited: CdrCreditedData | null;
  /** The latest reassessment of a held CDR, or null: its context supersedes the received one. */
  readonly reassessed: CdrReassessedData | null;
  /** Every finding of the arrival checks so far (absent: none). */
  readonly findings?: readonly CdrFinding[];
  /** The resolution of its hold by a person, or absent. */
  readonly resolved?: CdrResolvedData;
  /** Its disputes (cdr-disputes.ts); absent until the first one is opened. */
  readonly disputes?: CdrDisputesState;
}
