// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import {
  CAPABILITIES,
  CONNECTOR_FORMATS,
  CONNECTOR_TYPES,
  EVSE_STATUSES,
  FACILITIES,
  PARKING_RESTRICTIONS,
  PARKING_TYPES,
  POWER_TYPES,
} from './ocpi-enums.js';
import {
  AdditionalGeoLocationDto,
  EnergyMixDto,
  HoursDto,
  PublishTokenTypeDto,
  StatusScheduleDto,
} from './location-details.dto.js';
import {
  DisplayTextDto,
  GeoLocationDto,
  OcpiBoolean,
  OcpiCiString,
  OcpiCiStringList,
  OcpiDateTime,
  OcpiInt,
  OcpiEnum,
  OcpiEnumList,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
} from './ocpi-types.js';

/** OCPI 2.2.1 Location module objects (mod_locations.asciidoc). */
export class ImageDto {
  @OcpiString(255) url!: string;
  @OcpiString(255, true) thumbnail?: string;
  @OcpiString(32) category!: string;
  @OcpiCiString(4) type!: string;
  @OcpiInt(true, 0) width?: number;
  @OcpiInt(true, 0) height?: number;
}

export class BusinessDetailsDto {
  @OcpiString(100) name!: string;
  @OcpiString(255, true) website?: string;
  @OcpiObject(() => ImageDto, true) logo?: ImageDto;
}

export class ConnectorDto {
  @OcpiCiString(36) id!: string;
  @OcpiEnum(CONNECTOR_TYPES) standard!: string;
  @OcpiEnum(CONNECTOR_FORMATS) format!: string;
  @OcpiEnum(POWER_TYPES) power_type!: string;
  @OcpiInt(false, 0) max_voltage!: number;
  @OcpiInt(false, 0) max_amperage!: number;
  @OcpiInt(true, 0) max_electric_power?: number;
  @OcpiCiStringList(36) tariff_ids?: string[];
  @OcpiString(255, true) terms_and_conditions?: string;
  @OcpiDateTime() last_updated!: string;
}

export class EvseDto {
  @OcpiCiString(36) uid!: string;
  @OcpiCiString(48, true) evse_id?: string;
  @OcpiEnum(EVSE_STATUSES) status!: string;
  @OcpiObjectList(() => StatusScheduleDto) status_schedule?: StatusScheduleDto[];
  @OcpiEnumList(CAPABILITIES) capabilities?: string[];
  @OcpiObjectList(() => ConnectorDto, true) connectors!: ConnectorDto[];
  @OcpiString(4, true) floor_level?: string;
  @OcpiObject(() => GeoLocationDto, true) coordinates?: GeoLocationDto;
  @OcpiString(16, true) physical_reference?: string;
  @OcpiObjectList(() => DisplayTextDto) directions?: DisplayTextDto[];
  @OcpiEnumList(PARKING_RESTRICTIONS) parking_restrictions?: string[];
  @OcpiObjectList(() => ImageDto) images?: ImageDto[];
  @OcpiDateTime() last_updated!: string;
}

export class LocationDto {
  @OcpiCiString(2) country_code!: string;
  @OcpiCiString(3) party_id!: string;
  @OcpiCiString(36) id!: string;
  @OcpiBoolean() publish!: boolean;
  @OcpiObjectList(() => PublishTokenTypeDto) publish_allowed_to?: PublishTokenTypeDto[];
  @OcpiString(255, true) name?: string;
  @OcpiString(255) address!: string;
  @OcpiString(45) city!: string;
  @OcpiString(10, true) postal_code?: string;
  @OcpiString(45, true) state?: string;
  @OcpiString(3) country!: string;
  @OcpiObject(() => GeoLocationDto) coordinates!: GeoLocationDto;
  @OcpiObjectList(() => AdditionalGeoLocationDto) related_locations?: AdditionalGeoLocationDto[];
  @OcpiEnum(PARKING_TYPES, true) parking_type?: string;
  @OcpiObjectList(() => EvseDto) evses?: EvseDto[];
  @OcpiObjectList(() => DisplayTextDto) directions?: DisplayTextDto[];
  @OcpiObject(() => BusinessDetailsDto, true) operator?: BusinessDetailsDto;
  @OcpiObject(() => BusinessDetailsDto, true) suboperator?: BusinessDetailsDto;
  @OcpiObject(() => BusinessDetailsDto, true) owner?: BusinessDetailsDto;
  @OcpiEnumList(FACILITIES) facilities?: string[];
  @OcpiString(255) time_zone!: string;
  @OcpiObject(() => HoursDto, true) opening_times?: HoursDto;
  @OcpiBoolean(true) charging_when_closed?: boolean;
  @OcpiObjectList(() => ImageDto) images?: ImageDto[];
  @OcpiObject(() => EnergyMixDto, true) energy_mix?: EnergyMixDto;
  @OcpiDateTime() last_updated!: string;
}
