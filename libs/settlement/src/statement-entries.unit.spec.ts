import { decideCdr, initialCdrState } from '#cdrs';
import { acceptCdr, cdr } from '#cdrs/test-support/cdr-fixtures.js';
import { buildStatement } from './statement-building.js';
import { cdrStatementEntryOf, countryOfSupply, statedVatRate } from './statement-entries.js';
import {
  DEFAULT_SETTLEMENT_PERIOD,
  dueDateOf,
  lastDayOf,
  latestPeriodEnd,
  nextPeriodEnd,
} from './settlement-period.js';
import { close } from './test-support/statement-fixtures.js';

function postedEvents(overrides: Parameters<typeof cdr>[0] = {}) {
  const events = decideCdr(acceptCdr({ cdr: cdr(overrides) }), initialCdrState());
  const received = events.find((e) => e.type === 'CdrReceived');
  const posted = events.find((e) => e.type === 'CdrPosted');
  if (received?.type !== 'CdrReceived' || posted?.type !== 'CdrPosted')
    throw new Error('not posted');
  return { received: received.data, posted: posted.data };
}

describe('statement entries from the CDR streams', () => {
  it('a CdrReceived + CdrPosted pair becomes a statement line with fees and session facts', () => {
    const { received, posted } = postedEvents({
      cdr_location: { country: 'NLD', evse_uid: 'EVSE-1' },
      cdr_token: { contract_id: 'NL-XYZ-C1' },
      total_energy: 20.5,
    });
    const entry = cdrStatementEntryOf(received, posted);
    expect(entry.session).toEqual({
      start_date_time: '2026-01-09T10:00:00Z',
      end_date_time: '2026-01-09T11:00:00Z',
      energy_kwh: '20.5',
      contract_id: 'NL-XYZ-C1',
      country_of_supply: 'NL',
      stated_vat_rate_percent: '20',
      supply_date: '2026-01-09',
    });
    const statement = buildStatement(close({ entries: [entry] }), null);
    expect(statement.cdr_lines[0]).toMatchObject({
      cdr_id: 'CDR-1',
      amount_minor: '1200',
      amount_excl_vat_minor: '1000',
      vat_minor: '200',
      fees: [{ beneficiary: { country_code: 'NL', party_id: 'HUB' }, amount_minor: '20' }],
    });
  });

  it('the country of supply: alpha-2 or alpha-3 Location country, else the CPO country', () => {
    const { received } = postedEvents();
    expect(countryOfSupply(received)).toBe('DE');
    const with_country = (country: string) => ({
      ...received,
      cdr: { ...received.cdr, cdr_location: { country } },
    });
    expect(countryOfSupply(with_country('FRA'))).toBe('FR');
    expect(countryOfSupply(with_country('be'))).toBe('BE');
    // Territories with their own code are their own place of supply (their own VAT rate).
    expect(countryOfSupply(with_country('REU'))).toBe('RE');
    expect(countryOfSupply(with_country('GLP'))).toBe('GP');
    // An unknown code is kept (the VAT table refuses it) rather than guessed as the CPO's.
    expect(countryOfSupply(with_country('XXX'))).toBe('XXX');
    expect(countryOfSupply(with_country(''))).toBe('DE');
  });

  it('the VAT rate a CDR states: the same rate on every price component, else null', () => {
    const { received } = postedEvents();
    const with_vats = (...vats: unknown[]) => ({
      ...received,
      cdr: {
        ...received.cdr,
        tariffs: [
          { elements: [{ price_components: vats.map((vat) => ({ type: 'ENERGY', vat })) }] },
        ],
      },
    });
    expect(statedVatRate(with_vats(8.5, 8.5))).toBe('8.5');
    expect(statedVatRate(with_vats(19, 7))).toBeNull();
    expect(statedVatRate(with_vats(19, undefined))).toBeNull();
    expect(statedVatRate({ ...received, cdr: { ...received.cdr, tariffs: undefined } })).toBeNull();
  });
});

describe('settlement periods', () => {
  it('monthly by default: the latest boundary is midnight UTC of the 1st', () => {
    expect(DEFAULT_SETTLEMENT_PERIOD.unit).toBe('month');
    expect(latestPeriodEnd('2026-02-17T13:00:00Z')).toBe('2026-02-01T00:00:00Z');
    expect(latestPeriodEnd('2026-02-01T00:00:00Z')).toBe('2026-02-01T00:00:00Z');
    expect(nextPeriodEnd('2026-01-01T00:00:00Z')).toBe('2026-02-01T00:00:00Z');
  });

  it('configurable: weekly in a local zone (Monday midnight, DST included)', () => {
    const rule = { unit: 'week' as const, time_zone: 'Europe/Berlin' };
    expect(latestPeriodEnd('2026-03-31T12:00:00Z', rule)).toBe('2026-03-29T22:00:00Z');
    expect(nextPeriodEnd('2026-03-22T23:00:00Z', rule)).toBe('2026-03-29T22:00:00Z');
    expect(latestPeriodEnd('2026-01-15T12:00:00Z', { unit: 'day', time_zone: 'UTC' })).toBe(
      '2026-01-15T00:00:00Z',
    );
  });

  it('due dates count calendar days from the issue date; periods end the day before', () => {
    expect(dueDateOf('2026-01-31T23:00:00Z', 30)).toBe('2026-03-02');
    expect(lastDayOf('2026-02-01T00:00:00Z')).toBe('2026-01-31');
  });
});
