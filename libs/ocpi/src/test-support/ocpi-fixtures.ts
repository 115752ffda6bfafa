/**
 * Valid OCPI 2.2.1 objects for tests, one per module, as plain JSON (what a partner sends).
 * Each call returns a fresh copy that a test may mutate.
 */
export type Json = Record<string, unknown>;

export function validLocation(overrides: Json = {}): Json {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'LOC1',
    publish: true,
    name: 'Gent Zuid',
    address: 'F.Rooseveltlaan 3A',
    city: 'Berlin',
    postal_code: '10115',
    country: 'DEU',
    coordinates: { latitude: '52.520008', longitude: '13.404954' },
    parking_type: 'ON_STREET',
    evses: [
      {
        uid: 'EVSE1',
        evse_id: 'DE*ABC*E1',
        status: 'AVAILABLE',
        capabilities: ['RFID_READER'],
        connectors: [
          {
            id: '1',
            standard: 'IEC_62196_T2',
            format: 'CABLE',
            power_type: 'AC_3_PHASE',
            max_voltage: 220,
            max_amperage: 16,
            tariff_ids: ['T1'],
            last_updated: '2026-01-01T00:00:00Z',
          },
        ],
        last_updated: '2026-01-01T00:00:00Z',
      },
    ],
    time_zone: 'Europe/Berlin',
    last_updated: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function validCdrToken(overrides: Json = {}): Json {
  return {
    country_code: 'NL',
    party_id: 'XYZ',
    uid: '012345678',
    type: 'RFID',
    contract_id: 'NL-XYZ-C12345678-X',
    ...overrides,
  };
}

export function validSession(overrides: Json = {}): Json {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'SES1',
    start_date_time: '2026-03-02T10:00:00Z',
    kwh: 0,
    cdr_token: validCdrToken(),
    auth_method: 'WHITELIST',
    location_id: 'LOC1',
    evse_uid: 'EVSE1',
    connector_id: '1',
    currency: 'EUR',
    status: 'ACTIVE',
    last_updated: '2026-03-02T10:00:00Z',
    ...overrides,
  };
}

/** A tariff of 0.25 EUR/kWh excl. 10 % VAT, valid from 2026-01-01. */
export function validTariff(overrides: Json = {}): Json {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'T1',
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10, step_size: 1 }] }],
    last_updated: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/**
 * A one-hour, 10 kWh CDR at LOC1 priced at 2.50 excl. / 2.75 incl. VAT by validTariff. Each CDR
 * id names its own session (CDR1: SES1, another id: SES-<id>) unless `session_id` is given, so
 * that CDRs of different ids are no DUPLICATE_SESSION of each other.
 */
export function validCdr(overrides: Json = {}): Json {
  const id = typeof overrides.id === 'string' ? overrides.id : 'CDR1';
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'CDR1',
    start_date_time: '2026-03-02T10:00:00Z',
    end_date_time: '2026-03-02T11:00:00Z',
    session_id: id.toUpperCase() === 'CDR1' ? 'SES1' : `SES-${id.toUpperCase()}`,
    cdr_token: validCdrToken(),
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC1',
      address: 'F.Rooseveltlaan 3A',
      city: 'Berlin',
      country: 'DEU',
      coordinates: { latitude: '52.520008', longitude: '13.404954' },
      evse_uid: 'EVSE1',
      evse_id: 'DE*ABC*E1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'CABLE',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    tariffs: [validTariff()],
    charging_periods: [
      {
        start_date_time: '2026-03-02T10:00:00Z',
        dimensions: [{ type: 'ENERGY', volume: 10 }],
        tariff_id: 'T1',
      },
    ],
    total_cost: { excl_vat: 2.5, incl_vat: 2.75 },
    total_energy: 10,
    total_time: 1,
    last_updated: '2026-03-02T11:05:00Z',
    ...overrides,
  };
}
