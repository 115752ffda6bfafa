/**
 * The OCPI tariff and CDR model as the pricing engine sees it: validated, typed, with exact
 * decimal amounts. Built only by parseTariff / parsePricingCdr.
 */
import type { Decimal } from '#money';

export const TARIFF_DIMENSIONS = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] as const;
export type TariffDimensionType = (typeof TARIFF_DIMENSIONS)[number];

export const CDR_DIMENSIONS = [
  'ENERGY',
  'MAX_CURRENT',
  'MIN_CURRENT',
  'MAX_POWER',
  'MIN_POWER',
  'PARKING_TIME',
  'RESERVATION_TIME',
  'STATE_OF_CHARGE',
  'TIME',
] as const;
export type CdrDimensionType = (typeof CDR_DIMENSIONS)[number];

export const DAYS_OF_WEEK = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const RESERVATION_RESTRICTIONS = ['RESERVATION', 'RESERVATION_EXPIRES'] as const;
export type ReservationRestrictionType = (typeof RESERVATION_RESTRICTIONS)[number];

export const TAX_INCLUDED = ['YES', 'NO', 'N/A'] as const;
export type TaxIncluded = (typeof TAX_INCLUDED)[number];

export interface PriceComponent {
  readonly type: TariffDimensionType;
  /** Per kWh (ENERGY), per hour (TIME, PARKING_TIME) or per session context (FLAT). */
  readonly price: Decimal;
  /** VAT percentage; undefined = no VAT given, which is not 0 %. */
  readonly vat: Decimal | undefined;
  /** Wh for ENERGY, seconds for TIME and PARKING_TIME, ignored for FLAT. */
  readonly step_size: number;
}

export interface TariffRestrictions {
  /** "HH:MM" local wall-clock. */
  readonly start_time?: string;
  readonly end_time?: string;
  /** "YYYY-MM-DD" local date, start inclusive, end exclusive. */
  readonly start_date?: string;
  readonly end_date?: string;
  readonly min_kwh?: Decimal;
  readonly max_kwh?: Decimal;
  readonly min_current?: Decimal;
  readonly max_current?: Decimal;
  readonly min_power?: Decimal;
  readonly max_power?: Decimal;
  /** Seconds since session start: min inclusive, max exclusive. */
  readonly min_duration?: number;
  readonly max_duration?: number;
  readonly day_of_week?: readonly DayOfWeek[];
  readonly reservation?: ReservationRestrictionType;
}

export interface TariffElement {
  readonly price_components: readonly PriceComponent[];
  readonly restrictions: TariffRestrictions | undefined;
}

/** min_price / max_price: 2.2.1 Price {excl_vat, incl_vat?} or 2.3.0 PriceLimit. */
export interface PriceLimit {
  readonly excl_vat: Decimal;
  readonly incl_vat: Decimal | undefined;
}

export interface Tariff {
  /** '2.3.0' when the object uses 2.3.0 fields (tax_included, before_taxes / after_taxes). */
  readonly ocpi_version: '2.2.1' | '2.3.0';
  readonly id: string | undefined;
  readonly currency: string;
  readonly tax_included: TaxIncluded | undefined;
  readonly min_price: PriceLimit | undefined;
  readonly max_price: PriceLimit | undefined;
  readonly elements: readonly TariffElement[];
}

export interface CdrDimension {
  readonly type: CdrDimensionType;
  readonly volume: Decimal;
  /** The volume as a JS number, only for comparisons with current / power restrictions. */
  readonly volume_number: number;
}

export interface ChargingPeriod {
  readonly start_date_time: string;
  /** Epoch milliseconds of start_date_time. */
  readonly start_ms: number;
  readonly dimensions: readonly CdrDimension[];
}

/** The pricing-relevant part of an OCPI CDR. */
export interface PricingCdr {
  readonly start_date_time: string;
  readonly end_date_time: string;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly charging_periods: readonly ChargingPeriod[];
}
