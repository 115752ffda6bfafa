// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import { EnergyMixDto } from './location-details.dto.js';
import {
  DAYS_OF_WEEK,
  RESERVATION_RESTRICTION_TYPES,
  TARIFF_DIMENSION_TYPES,
  TARIFF_TYPES,
} from './ocpi-enums.js';
import { endsAfter, isOcpiDate, isOcpiTimeOfDay, ocpiRule } from './ocpi-rules.js';
import {
  DisplayTextDto,
  OcpiCiString,
  OcpiCurrency,
  OcpiDateTime,
  OcpiEnum,
  OcpiEnumList,
  OcpiInt,
  OcpiNumber,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
  PriceDto,
  PriceLimitDto,
} from './ocpi-types.js';
import { TAX_INCLUDED } from '#tariffs';

/** The one "ends after it starts" rule of a Tariff (registered once by its name). */
const endsAfterStartDateTime = endsAfter('start_date_time');

export class PriceComponentDto {
  @OcpiEnum(TARIFF_DIMENSION_TYPES) type!: string;
  @OcpiNumber(false, true) price!: number;
  @OcpiNumber(true, true) vat?: number;
  @OcpiInt(false, 0) step_size!: number;
}

const TIME_OF_DAY = 'must be a time of day HH:MM from 00:00 to 23:59';
const DATE = 'must be a date YYYY-MM-DD that exists in the calendar';

export class TariffRestrictionsDto {
  @OcpiString(5, true) @ocpiRule('ocpiTimeOfDay', TIME_OF_DAY, isOcpiTimeOfDay) start_time?: string;
  @OcpiString(5, true) @ocpiRule('ocpiTimeOfDay', TIME_OF_DAY, isOcpiTimeOfDay) end_time?: string;
  @OcpiString(10, true) @ocpiRule('ocpiDate', DATE, isOcpiDate) start_date?: string;
  @OcpiString(10, true) @ocpiRule('ocpiDate', DATE, isOcpiDate) end_date?: string;
  @OcpiNumber(true, true) min_kwh?: number;
  @OcpiNumber(true, true) max_kwh?: number;
  @OcpiNumber(true, true) min_current?: number;
  @OcpiNumber(true, true) max_current?: number;
  @OcpiNumber(true, true) min_power?: number;
  @OcpiNumber(true, true) max_power?: number;
  @OcpiInt(true, 0) min_duration?: number;
  @OcpiInt(true, 0) max_duration?: number;
  @OcpiEnumList(DAYS_OF_WEEK) day_of_week?: string[];
  @OcpiEnum(RESERVATION_RESTRICTION_TYPES, true) reservation?: string;
}

export class TariffElementDto {
  @OcpiObjectList(() => PriceComponentDto, true) price_components!: PriceComponentDto[];
  @OcpiObject(() => TariffRestrictionsDto, true) restrictions?: TariffRestrictionsDto;
}

/** Leaves a field undeclared: a version without it checks nothing there. */
const NOT_IN_VERSION: PropertyDecorator = () => undefined;

/**
 * The Tariff object of one OCPI version: 2.3.0 adds `tax_included` (required) and
 * `preauthorize_amount`, and its min_price / max_price are PriceLimits.
 */
function tariffDtoOf(version: '2.2.1' | '2.3.0') {
  const limit = version === '2.3.0' ? () => PriceLimitDto : () => PriceDto;
  const only230 = (decorator: PropertyDecorator) =>
    version === '2.3.0' ? decorator : NOT_IN_VERSION;
  const tax_included = only230(OcpiEnum(TAX_INCLUDED));
  const preauthorize_amount = only230(OcpiNumber(true, true));
  class Tariff {
    @OcpiCiString(2) country_code!: string;
    @OcpiCiString(3) party_id!: string;
    @OcpiCiString(36) id!: string;
    @OcpiCurrency() currency!: string;
    @OcpiEnum(TARIFF_TYPES, true) type?: string;
    @OcpiObjectList(() => DisplayTextDto) tariff_alt_text?: DisplayTextDto[];
    @OcpiString(255, true) tariff_alt_url?: string;
    @OcpiObject(limit, true) min_price?: object;
    @OcpiObject(limit, true) max_price?: object;
    @preauthorize_amount preauthorize_amount?: number;
    @OcpiObjectList(() => TariffElementDto, true) elements!: TariffElementDto[];
    @tax_included tax_included?: string;
    @OcpiDateTime(true) start_date_time?: string;
    @OcpiDateTime(true)
    @ocpiRule('ocpiTariffEndsAfterStart', 'must be after start_date_time', endsAfterStartDateTime)
    end_date_time?: string;
    @OcpiObject(() => EnergyMixDto, true) energy_mix?: EnergyMixDto;
    @OcpiDateTime() last_updated!: string;
  }
  return Tariff;
}

/** OCPI 2.2.1 Tariff (mod_tariffs.asciidoc); the pricing engine's parser reads it after this. */
export const TariffDto = tariffDtoOf('2.2.1');

/** OCPI 2.3.0 Tariff (../ocpi-2.3.0/mod_tariffs.asciidoc): `tax_included` is required. */
export const Tariff230Dto = tariffDtoOf('2.3.0');
