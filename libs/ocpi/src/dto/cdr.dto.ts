// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import { IsBoolean, IsOptional } from 'class-validator';
import {
  AUTH_METHODS,
  CDR_DIMENSION_TYPES,
  CONNECTOR_FORMATS,
  CONNECTOR_TYPES,
  POWER_TYPES,
  TOKEN_TYPES,
} from './ocpi-enums.js';
import { ocpiRule } from './ocpi-rules.js';
import {
  GeoLocationDto,
  OcpiCiString,
  OcpiCurrency,
  OcpiDateTime,
  OcpiEnum,
  OcpiInt,
  OcpiNumber,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
  PriceDto,
  TaxedPriceDto,
  type DtoClass,
} from './ocpi-types.js';
import { Tariff230Dto, TariffDto } from './tariff.dto.js';

/** OCPI 2.2.1 CDR module objects (mod_cdrs.asciidoc). */
export class CdrTokenDto {
  @OcpiCiString(2) country_code!: string;
  @OcpiCiString(3) party_id!: string;
  @OcpiCiString(36) uid!: string;
  @OcpiEnum(TOKEN_TYPES) type!: string;
  @OcpiCiString(36) contract_id!: string;
}

/**
 * Dimensions OCPI lets go negative (mod_cdrs CdrDimensionType: "when negative, the current /
 * power is flowing from the EV to the grid"); these are measurements the ledger never bills.
 * Every other volume, ENERGY included (the ledger settles charging, not feed-in), is at least 0.
 */
const SIGNED_DIMENSIONS: ReadonlySet<unknown> = new Set([
  'CURRENT',
  'MIN_CURRENT',
  'MIN_POWER',
  'POWER',
]);

function isDimensionVolume(volume: unknown, dimension: Readonly<Record<string, unknown>>): boolean {
  if (typeof volume !== 'number' || !Number.isFinite(volume)) return false;
  if (dimension.type === 'STATE_OF_CHARGE') return volume >= 0 && volume <= 100;
  return volume >= 0 || SIGNED_DIMENSIONS.has(dimension.type);
}

export class CdrDimensionDto {
  @OcpiEnum(CDR_DIMENSION_TYPES) type!: string;
  @OcpiNumber()
  @ocpiRule(
    'ocpiDimensionVolume',
    'must not be negative (STATE_OF_CHARGE: 0 to 100; only CURRENT, MIN_CURRENT, POWER and ' +
      'MIN_POWER may be negative)',
    isDimensionVolume,
  )
  volume!: number;
}

export class ChargingPeriodDto {
  @OcpiDateTime() start_date_time!: string;
  @OcpiObjectList(() => CdrDimensionDto, true) dimensions!: CdrDimensionDto[];
  @OcpiCiString(36, true) tariff_id?: string;
}

/**
 * The CDR's copy of its Location. `address` and `state` take the Location module's limits
 * (255, 45) rather than the CDR table's (45, 20): a CPO copies them from a Location the ledger
 * accepted, and one field has one limit in every module, so such a CDR is not lost. `evse_uid`
 * is required by OCPI but optional here: real CPO back-ends omit it, and the ledger receives
 * (and holds) such a CDR rather than refuse it.
 */
export class CdrLocationDto {
  @OcpiCiString(36) id!: string;
  @OcpiString(255, true) name?: string;
  @OcpiString(255) address!: string;
  @OcpiString(45) city!: string;
  @OcpiString(10, true) postal_code?: string;
  @OcpiString(45, true) state?: string;
  @OcpiString(3) country!: string;
  @OcpiObject(() => GeoLocationDto) coordinates!: GeoLocationDto;
  // Required by OCPI, but some CPO back-ends omit it: received, then held MISSING_EVSE_UID.
  @OcpiCiString(36, true) evse_uid?: string;
  @OcpiCiString(48) evse_id!: string;
  @OcpiCiString(36) connector_id!: string;
  @OcpiEnum(CONNECTOR_TYPES) connector_standard!: string;
  @OcpiEnum(CONNECTOR_FORMATS) connector_format!: string;
  @OcpiEnum(POWER_TYPES) connector_power_type!: string;
}

export class SignedValueDto {
  @OcpiCiString(32) nature!: string;
  @OcpiString(5000) plain_data!: string;
  @OcpiString(5000) signed_data!: string;
}

/** Signed meter data (Eichrecht, OCMF ...): kept as sent, checked like every other field. */
export class SignedDataDto {
  @OcpiCiString(36) encoding_method!: string;
  @OcpiInt(true) encoding_method_version?: number;
  @OcpiString(512, true) public_key?: string;
  @OcpiObjectList(() => SignedValueDto, true) signed_values!: SignedValueDto[];
  @OcpiString(512, true) url?: string;
}

/** The CDR object of one OCPI version: 2.2.1 and 2.3.0 differ in their Price and Tariff. */
function cdrDtoOf(price: () => DtoClass, tariff: () => DtoClass) {
  class Cdr {
    @OcpiCiString(2) country_code!: string;
    @OcpiCiString(3) party_id!: string;
    @OcpiCiString(39) id!: string;
    @OcpiDateTime() start_date_time!: string;
    @OcpiDateTime() end_date_time!: string;
    @OcpiCiString(36, true) session_id?: string;
    @OcpiObject(() => CdrTokenDto) cdr_token!: CdrTokenDto;
    @OcpiEnum(AUTH_METHODS) auth_method!: string;
    @OcpiCiString(36, true) authorization_reference?: string;
    @OcpiObject(() => CdrLocationDto) cdr_location!: CdrLocationDto;
    @OcpiString(255, true) meter_id?: string;
    @OcpiCurrency() currency!: string;
    @OcpiObjectList(tariff) tariffs?: object[];
    @OcpiObjectList(() => ChargingPeriodDto, true) charging_periods!: ChargingPeriodDto[];
    @OcpiObject(() => SignedDataDto, true) signed_data?: SignedDataDto;
    @OcpiObject(price) total_cost!: object;
    @OcpiObject(price, true) total_fixed_cost?: object;
    @OcpiNumber(false, true) total_energy!: number;
    @OcpiObject(price, true) total_energy_cost?: object;
    @OcpiNumber(false, true) total_time!: number;
    @OcpiObject(price, true) total_time_cost?: object;
    @OcpiNumber(true, true) total_parking_time?: number;
    @OcpiObject(price, true) total_parking_cost?: object;
    @OcpiObject(price, true) total_reservation_cost?: object;
    @OcpiString(255, true) remark?: string;
    @OcpiCiString(39, true) invoice_reference_id?: string;
    @IsOptional() @IsBoolean() credit?: boolean;
    @OcpiCiString(39, true) credit_reference_id?: string;
    @IsOptional() @IsBoolean() home_charging_compensation?: boolean;
    @OcpiDateTime() last_updated!: string;
  }
  return Cdr;
}

export const CdrDto = cdrDtoOf(
  () => PriceDto,
  () => TariffDto,
);

/** OCPI 2.3.0 CDR (../ocpi-2.3.0/mod_cdrs.asciidoc): 2.3.0 Prices (taxes) and Tariffs. */
export const Cdr230Dto = cdrDtoOf(
  () => TaxedPriceDto,
  () => Tariff230Dto,
);
