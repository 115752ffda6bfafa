// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import {
  ENERGY_SOURCE_CATEGORIES,
  ENVIRONMENTAL_IMPACT_CATEGORIES,
  EVSE_STATUSES,
  TOKEN_TYPES,
} from './ocpi-enums.js';
import { endsAfter, isOcpiTimeOfDay, ocpiRule } from './ocpi-rules.js';
import {
  DisplayTextDto,
  GeoLocationDto,
  OcpiBoolean,
  OcpiCiString,
  OcpiDateTime,
  OcpiEnum,
  OcpiInt,
  OcpiNumber,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
} from './ocpi-types.js';

/**
 * The nested classes of mod_locations.asciidoc that the ledger does not use but keeps as sent:
 * checked all the same (their DateTimes, coordinates, numbers and texts), so that nothing
 * stored is malformed. EnergyMix is also a Tariff's.
 */

const endsAfterPeriodBegin = endsAfter('period_begin');
const PERIOD_END = 'must be after period_begin';
const TIME_OF_DAY = 'must be a time of day HH:MM from 00:00 to 23:59';

export class RegularHoursDto {
  @OcpiInt(false, 1, 7) weekday!: number;
  @OcpiString(5) @ocpiRule('ocpiTimeOfDay', TIME_OF_DAY, isOcpiTimeOfDay) period_begin!: string;
  @OcpiString(5) @ocpiRule('ocpiTimeOfDay', TIME_OF_DAY, isOcpiTimeOfDay) period_end!: string;
}

export class ExceptionalPeriodDto {
  @OcpiDateTime() period_begin!: string;
  @OcpiDateTime()
  @ocpiRule('ocpiEndsAfterPeriodBegin', PERIOD_END, endsAfterPeriodBegin)
  period_end!: string;
}

export class HoursDto {
  @OcpiBoolean() twentyfourseven!: boolean;
  @OcpiObjectList(() => RegularHoursDto) regular_hours?: RegularHoursDto[];
  @OcpiObjectList(() => ExceptionalPeriodDto) exceptional_openings?: ExceptionalPeriodDto[];
  @OcpiObjectList(() => ExceptionalPeriodDto) exceptional_closings?: ExceptionalPeriodDto[];
}

export class StatusScheduleDto {
  @OcpiDateTime() period_begin!: string;
  @OcpiDateTime(true)
  @ocpiRule('ocpiEndsAfterPeriodBegin', PERIOD_END, endsAfterPeriodBegin)
  period_end?: string;
  @OcpiEnum(EVSE_STATUSES) status!: string;
}

export class AdditionalGeoLocationDto extends GeoLocationDto {
  @OcpiObject(() => DisplayTextDto, true) name?: DisplayTextDto;
}

export class PublishTokenTypeDto {
  @OcpiCiString(36, true) uid?: string;
  @OcpiEnum(TOKEN_TYPES, true) type?: string;
  @OcpiString(64, true) visual_number?: string;
  @OcpiString(64, true) issuer?: string;
  @OcpiCiString(36, true) group_id?: string;
}

export class EnergySourceDto {
  @OcpiEnum(ENERGY_SOURCE_CATEGORIES) source!: string;
  @OcpiNumber(false, true, 100) percentage!: number;
}

export class EnvironmentalImpactDto {
  @OcpiEnum(ENVIRONMENTAL_IMPACT_CATEGORIES) category!: string;
  @OcpiNumber(false, true) amount!: number;
}

export class EnergyMixDto {
  @OcpiBoolean() is_green_energy!: boolean;
  @OcpiObjectList(() => EnergySourceDto) energy_sources?: EnergySourceDto[];
  @OcpiObjectList(() => EnvironmentalImpactDto) environ_impact?: EnvironmentalImpactDto[];
  @OcpiString(64, true) supplier_name?: string;
  @OcpiString(64, true) energy_product_name?: string;
}
