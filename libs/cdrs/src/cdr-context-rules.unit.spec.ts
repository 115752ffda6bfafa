import type { AgreementState } from '#agreements';
import type { JsonObject } from '#ocpi';
import { agreementVersionAmong, tariffReferenceOf, timeZoneOf } from './cdr-context-rules.js';

const LOCATION: JsonObject = {
  id: 'LOC1',
  time_zone: 'Europe/Berlin',
  evses: [
    {
      uid: 'EVSE-1',
      connectors: [
        { id: '1', tariff_ids: ['AC-1'] },
        { id: '2', tariff_ids: ['AC-REGULAR', 'AC-AD-HOC'] },
      ],
    },
  ],
};

function cdr(overrides: JsonObject = {}): JsonObject {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    cdr_location: { id: 'LOC1', evse_uid: 'evse-1', connector_id: '1', country: 'DEU' },
    tariffs: [],
    charging_periods: [{ dimensions: [] }],
    ...overrides,
  };
}

describe('which tariff prices a CDR', () => {
  it('is the one the CDR names (its embedded tariff, else a period tariff_id): CDR', () => {
    expect(tariffReferenceOf(cdr({ tariffs: [{ id: 'T-EMBEDDED' }] }), LOCATION)).toEqual({
      tariff_id: 'T-EMBEDDED',
      source: 'CDR',
    });
    const periods = [{ dimensions: [] }, { tariff_id: 'T-PERIOD', dimensions: [] }];
    expect(tariffReferenceOf(cdr({ charging_periods: periods }), LOCATION)).toEqual({
      tariff_id: 'T-PERIOD',
      source: 'CDR',
    });
  });

  it("is the connector's only tariff when the CDR names none (ids compared as CiStrings): CONNECTOR", () => {
    expect(tariffReferenceOf(cdr(), LOCATION)).toEqual({ tariff_id: 'AC-1', source: 'CONNECTOR' });
  });

  it('is none when the connector has several tariffs or the Location is unknown', () => {
    const second = cdr({ cdr_location: { id: 'LOC1', evse_uid: 'EVSE-1', connector_id: '2' } });
    expect(tariffReferenceOf(second, LOCATION)).toBeNull();
    expect(tariffReferenceOf(cdr(), null)).toBeNull();
  });
});

describe('which time zone a CDR is priced in', () => {
  const cpo = { country_code: 'DE', party_id: 'ABC' };

  it("is the Location's (LOCATION), else its country's single zone (COUNTRY), else none", () => {
    expect(timeZoneOf(LOCATION, cpo, {})).toEqual({
      time_zone: 'Europe/Berlin',
      time_zone_source: 'LOCATION',
    });
    expect(timeZoneOf(null, cpo, { country: 'DEU' })).toEqual({
      time_zone: 'Europe/Berlin',
      time_zone_source: 'COUNTRY',
    });
    expect(timeZoneOf(null, cpo, { country: 'USA' })).toEqual({
      time_zone: null,
      time_zone_source: null,
    });
  });
});

describe('which agreement version settles a CDR', () => {
  const version = (agreement_id: string, version: number, effective_from: string | null) =>
    ({ agreement_id, version, effective_from }) as never;
  const first = {
    versions: [version('A', 1, '2026-03-01T00:00:00Z')],
  } as unknown as AgreementState;
  const second = {
    versions: [version('B', 1, null), version('B', 2, '2026-06-01T00:00:00Z')],
  } as unknown as AgreementState;

  it("is the first of the pair's agreements with a version in force at the session start", () => {
    expect(agreementVersionAmong([first, second], '2026-04-01T00:00:00Z')).toMatchObject({
      agreement_id: 'A',
    });
    expect(agreementVersionAmong([second, first], '2026-07-01T00:00:00Z')).toMatchObject({
      agreement_id: 'B',
      version: 2,
    });
  });

  it('is none before every agreement takes effect', () => {
    expect(agreementVersionAmong([first], '2026-01-01T00:00:00Z')).toBeNull();
    expect(agreementVersionAmong([], '2026-01-01T00:00:00Z')).toBeNull();
  });
});
