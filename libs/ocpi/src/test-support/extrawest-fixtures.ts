/**
 * OCPI 2.2.1 objects shaped the way a real open-source CPO back-end (extrawest_ocpi, pydantic
 * models serialised as they are) pushes them: every optional field present as an explicit
 * `null`, numbers written as floats (`230.0`, `10.0`), `tariffs: []` in a CDR, and no
 * `X-Request-ID` / `X-Correlation-ID` headers (the tests send none). The ids keep the URL's case.
 *
 * Kept as JSON text, because `10.0` does not survive a JavaScript object (it prints as `10`):
 * send the text as it is, with `Content-Type: application/json`. They describe the same charge
 * as ocpi-fixtures.ts (DE/ABC, LOC1 / EVSE1 / connector 1, tariff T1 of 0.25 EUR/kWh excl. 10 %
 * VAT, a one-hour 10 kWh CDR of 2.50 excl. / 2.75 incl. VAT), so the same agreement prices it.
 */

const LAST_UPDATED = '"2026-01-01T00:00:00Z"';

export const EXTRAWEST_CONNECTOR = `{
  "id": "1", "standard": "IEC_62196_T2", "format": "CABLE", "power_type": "AC_3_PHASE",
  "max_voltage": 230.0, "max_amperage": 16.0, "max_electric_power": null, "tariff_ids": ["T1"],
  "terms_and_conditions": null, "last_updated": ${LAST_UPDATED}
}`;

export const EXTRAWEST_EVSE = `{
  "uid": "EVSE1", "evse_id": "DE*ABC*E1", "status": "AVAILABLE", "status_schedule": null,
  "capabilities": null, "connectors": [${EXTRAWEST_CONNECTOR}], "floor_level": null,
  "coordinates": null, "physical_reference": null, "directions": null,
  "parking_restrictions": null, "images": null, "last_updated": ${LAST_UPDATED}
}`;

export const EXTRAWEST_LOCATION = `{
  "country_code": "DE", "party_id": "ABC", "id": "LOC1", "publish": true,
  "publish_allowed_to": null, "name": null, "address": "F.Rooseveltlaan 3A", "city": "Berlin",
  "postal_code": null, "state": null, "country": "DEU",
  "coordinates": { "latitude": "52.520008", "longitude": "13.404954" },
  "related_locations": null, "parking_type": null, "evses": [${EXTRAWEST_EVSE}],
  "directions": null, "operator": null, "suboperator": null, "owner": null, "facilities": null,
  "time_zone": "Europe/Berlin", "opening_times": null, "charging_when_closed": null,
  "images": null, "energy_mix": null, "last_updated": ${LAST_UPDATED}
}`;

export const EXTRAWEST_TARIFF = `{
  "country_code": "DE", "party_id": "ABC", "id": "T1", "currency": "EUR", "type": null,
  "tariff_alt_text": null, "tariff_alt_url": null, "min_price": null, "max_price": null,
  "elements": [{
    "price_components": [{ "type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1 }],
    "restrictions": null
  }],
  "start_date_time": null, "end_date_time": null, "energy_mix": null,
  "last_updated": ${LAST_UPDATED}
}`;

const CDR_TOKEN = `{
  "country_code": "NL", "party_id": "XYZ", "uid": "012345678", "type": "RFID",
  "contract_id": "NL-XYZ-C12345678-X"
}`;

export const EXTRAWEST_SESSION = `{
  "country_code": "DE", "party_id": "ABC", "id": "SES1",
  "start_date_time": "2026-03-02T10:00:00Z", "end_date_time": null, "kwh": 0.0,
  "cdr_token": ${CDR_TOKEN}, "auth_method": "WHITELIST", "authorization_reference": null,
  "location_id": "LOC1", "evse_uid": "EVSE1", "connector_id": "1", "meter_id": null,
  "currency": "EUR", "charging_periods": null, "total_cost": null, "status": "ACTIVE",
  "last_updated": "2026-03-02T10:00:00Z"
}`;

/** The CDR's location; `evse_uid` as given (`null`: the field is left out, as they do). */
function cdrLocation(evse_uid: string | null): string {
  const evse = evse_uid === null ? '' : `"evse_uid": "${evse_uid}", `;
  return `{
    "id": "LOC1", "name": null, "address": "F.Rooseveltlaan 3A", "city": "Berlin",
    "postal_code": null, "state": null, "country": "DEU",
    "coordinates": { "latitude": "52.520008", "longitude": "13.404954" },
    ${evse}"evse_id": "DE*ABC*E1", "connector_id": "1",
    "connector_standard": "IEC_62196_T2", "connector_format": "CABLE",
    "connector_power_type": "AC_3_PHASE"
  }`;
}

/**
 * A one-hour 10 kWh CDR, every optional field null, floats, `tariffs: []` (the tariff is named
 * by the charging period). `evse_uid: null` leaves `cdr_location.evse_uid` out, as
 * extrawest_ocpi's schema does.
 */
export function extrawestCdr(id = 'CDR1', evse_uid: string | null = 'EVSE1'): string {
  return `{
  "country_code": "DE", "party_id": "ABC", "id": "${id}",
  "start_date_time": "2026-03-02T10:00:00Z", "end_date_time": "2026-03-02T11:00:00Z",
  "session_id": "SES1", "cdr_token": ${CDR_TOKEN}, "auth_method": "WHITELIST",
  "authorization_reference": null, "cdr_location": ${cdrLocation(evse_uid)},
  "meter_id": null, "currency": "EUR", "tariffs": [],
  "charging_periods": [{
    "start_date_time": "2026-03-02T10:00:00Z",
    "dimensions": [{ "type": "ENERGY", "volume": 10.0 }, { "type": "TIME", "volume": 1.0 }],
    "tariff_id": "T1"
  }],
  "signed_data": null,
  "total_cost": { "excl_vat": 2.5, "incl_vat": 2.75 }, "total_fixed_cost": null,
  "total_energy": 10.0, "total_energy_cost": null, "total_time": 1.0, "total_time_cost": null,
  "total_parking_time": null, "total_parking_cost": null, "total_reservation_cost": null,
  "remark": null, "invoice_reference_id": null, "credit": null, "credit_reference_id": null,
  "home_charging_compensation": null, "last_updated": "2026-03-02T11:05:00Z"
}`;
}
