// Decorators read design-time types: the metadata polyfill loads before any DTO class.
import 'reflect-metadata';
import { AUTH_METHODS, SESSION_STATUSES } from './ocpi-enums.js';
import { CdrTokenDto, ChargingPeriodDto } from './cdr.dto.js';
import {
  OcpiCiString,
  OcpiCurrency,
  OcpiDateTime,
  OcpiEnum,
  OcpiNumber,
  OcpiObject,
  OcpiObjectList,
  OcpiString,
  PriceDto,
  TaxedPriceDto,
  type DtoClass,
} from './ocpi-types.js';

/** The Session object of one OCPI version: 2.3.0 differs in its Price (taxes). */
function sessionDtoOf(price: () => DtoClass) {
  class Session {
    @OcpiCiString(2) country_code!: string;
    @OcpiCiString(3) party_id!: string;
    @OcpiCiString(36) id!: string;
    @OcpiDateTime() start_date_time!: string;
    @OcpiDateTime(true) end_date_time?: string;
    @OcpiNumber(false, true) kwh!: number;
    @OcpiObject(() => CdrTokenDto) cdr_token!: CdrTokenDto;
    @OcpiEnum(AUTH_METHODS) auth_method!: string;
    @OcpiCiString(36, true) authorization_reference?: string;
    @OcpiCiString(36) location_id!: string;
    @OcpiCiString(36) evse_uid!: string;
    @OcpiCiString(36) connector_id!: string;
    @OcpiString(255, true) meter_id?: string;
    @OcpiCurrency() currency!: string;
    @OcpiObjectList(() => ChargingPeriodDto) charging_periods?: ChargingPeriodDto[];
    @OcpiObject(price, true) total_cost?: object;
    @OcpiEnum(SESSION_STATUSES) status!: string;
    @OcpiDateTime() last_updated!: string;
  }
  return Session;
}

/** OCPI 2.2.1 Session object (mod_sessions.asciidoc). */
export const SessionDto = sessionDtoOf(() => PriceDto);

/** OCPI 2.3.0 Session object: its `total_cost` is a 2.3.0 Price. */
export const Session230Dto = sessionDtoOf(() => TaxedPriceDto);
