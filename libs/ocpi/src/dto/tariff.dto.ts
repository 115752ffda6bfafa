import { IsOptional } from 'class-validator';
import { TARIFF_TYPES } from './ocpi-enums.js';
import {
  DisplayTextDto,
  OcpiDateTime,
  OcpiEnum,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
  PriceDto,
} from './ocpi-types.js';

/**
 * The envelope of an OCPI 2.2.1 Tariff (mod_tariffs.asciidoc): identity, currency, validity
 * and that elements exist. The elements themselves are checked field by field by the pricing
 * engine's parser (libs/tariffs), which knows every component and restriction.
 */
export class TariffDto {
  @OcpiString(2) country_code!: string;
  @OcpiString(3) party_id!: string;
  @OcpiString(36) id!: string;
  @OcpiString(3) currency!: string;
  @OcpiEnum(TARIFF_TYPES, true) type?: string;
  @OcpiObjectList(() => DisplayTextDto) tariff_alt_text?: DisplayTextDto[];
  @OcpiString(255, true) tariff_alt_url?: string;
  @OcpiObject(() => PriceDto, true) min_price?: PriceDto;
  @OcpiObject(() => PriceDto, true) max_price?: PriceDto;
  @OcpiObjectList(() => TariffElementShapeDto, true) elements!: TariffElementShapeDto[];
  @OcpiDateTime(true) start_date_time?: string;
  @OcpiDateTime(true) end_date_time?: string;
  @IsOptional() energy_mix?: unknown;
  @OcpiDateTime() last_updated!: string;
}

/** Only the shape here; components and restrictions are the pricing parser's job. */
export class TariffElementShapeDto {
  @OcpiObjectList(() => PriceComponentShapeDto, true) price_components!: PriceComponentShapeDto[];
}

export class PriceComponentShapeDto {
  @OcpiEnum(['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME', 'RESERVATION', 'RESERVATION_EXPIRES'])
  type!: string;
}
