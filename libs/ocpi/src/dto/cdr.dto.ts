import { IsBoolean, IsOptional } from 'class-validator';
import {
  AUTH_METHODS,
  CDR_DIMENSION_TYPES,
  CONNECTOR_FORMATS,
  CONNECTOR_TYPES,
  POWER_TYPES,
  TOKEN_TYPES,
} from './ocpi-enums.js';
import {
  GeoLocationDto,
  OcpiDateTime,
  OcpiEnum,
  OcpiNumber,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
  PriceDto,
} from './ocpi-types.js';
import { TariffDto } from './tariff.dto.js';

/** OCPI 2.2.1 CDR module objects (mod_cdrs.asciidoc). */
export class CdrTokenDto {
  @OcpiString(2) country_code!: string;
  @OcpiString(3) party_id!: string;
  @OcpiString(36) uid!: string;
  @OcpiEnum(TOKEN_TYPES) type!: string;
  @OcpiString(36) contract_id!: string;
}

export class CdrDimensionDto {
  @OcpiEnum(CDR_DIMENSION_TYPES) type!: string;
  @OcpiNumber() volume!: number;
}

export class ChargingPeriodDto {
  @OcpiDateTime() start_date_time!: string;
  @OcpiObjectList(() => CdrDimensionDto, true) dimensions!: CdrDimensionDto[];
  @OcpiString(36, true) tariff_id?: string;
}

export class CdrLocationDto {
  @OcpiString(36) id!: string;
  @OcpiString(255, true) name?: string;
  @OcpiString(45) address!: string;
  @OcpiString(45) city!: string;
  @OcpiString(10, true) postal_code?: string;
  @OcpiString(20, true) state?: string;
  @OcpiString(3) country!: string;
  @OcpiObject(() => GeoLocationDto) coordinates!: GeoLocationDto;
  // Required by OCPI, but some CPO back-ends omit it: received, then held MISSING_EVSE_UID.
  @OcpiString(36, true) evse_uid?: string;
  @OcpiString(48) evse_id!: string;
  @OcpiString(36) connector_id!: string;
  @OcpiEnum(CONNECTOR_TYPES) connector_standard!: string;
  @OcpiEnum(CONNECTOR_FORMATS) connector_format!: string;
  @OcpiEnum(POWER_TYPES) connector_power_type!: string;
}

export class CdrDto {
  @OcpiString(2) country_code!: string;
  @OcpiString(3) party_id!: string;
  @OcpiString(39) id!: string;
  @OcpiDateTime() start_date_time!: string;
  @OcpiDateTime() end_date_time!: string;
  @OcpiString(36, true) session_id?: string;
  @OcpiObject(() => CdrTokenDto) cdr_token!: CdrTokenDto;
  @OcpiEnum(AUTH_METHODS) auth_method!: string;
  @OcpiString(36, true) authorization_reference?: string;
  @OcpiObject(() => CdrLocationDto) cdr_location!: CdrLocationDto;
  @OcpiString(255, true) meter_id?: string;
  @OcpiString(3) currency!: string;
  @OcpiObjectList(() => TariffDto) tariffs?: TariffDto[];
  @OcpiObjectList(() => ChargingPeriodDto, true) charging_periods!: ChargingPeriodDto[];
  @OcpiObject(() => PriceDto) total_cost!: PriceDto;
  @OcpiObject(() => PriceDto, true) total_fixed_cost?: PriceDto;
  @OcpiNumber() total_energy!: number;
  @OcpiObject(() => PriceDto, true) total_energy_cost?: PriceDto;
  @OcpiNumber() total_time!: number;
  @OcpiObject(() => PriceDto, true) total_time_cost?: PriceDto;
  @OcpiNumber(true) total_parking_time?: number;
  @OcpiObject(() => PriceDto, true) total_parking_cost?: PriceDto;
  @OcpiObject(() => PriceDto, true) total_reservation_cost?: PriceDto;
  @OcpiString(255, true) remark?: string;
  @OcpiString(39, true) invoice_reference_id?: string;
  @IsOptional() @IsBoolean() credit?: boolean;
  @OcpiString(39, true) credit_reference_id?: string;
  @IsOptional() @IsBoolean() home_charging_compensation?: boolean;
  @OcpiDateTime() last_updated!: string;
}
