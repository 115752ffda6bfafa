import { planInvoices } from './invoice-drafts.js';
import { placeOfSupplyRate, standardVatRate, STANDARD_VAT_RATE_CHANGES } from './vat-rates.js';
import { CONTEXT, close } from './test-support/invoice-fixtures.js';
import { buildStatement } from '#settlement';
import { multiRateEntry } from './test-support/multi-rate-fixtures.js';

/** Place-of-supply rates keep their history and apply at the supply date (issue 13, item 4). */
describe('VAT rates with effective dates', () => {
  it.each([
    ['FI', '2024-08-31', '24'],
    ['FI', '2024-09-01', '25.5'],
    ['SK', '2024-12-31', '20'],
    ['SK', '2025-01-01', '23'],
    ['EE', '2023-12-31', '20'],
    ['EE', '2024-01-01', '22'],
    ['EE', '2025-06-30', '22'],
    ['EE', '2025-07-01', '24'],
    ['RO', '2025-07-31', '19'],
    ['RO', '2025-08-01', '21'],
    ['CH', '2023-12-31', '7.7'],
    ['CH', '2024-01-01', '8.1'],
    ['LU', '2023-06-01', '16'],
    ['LU', '2024-01-01', '17'],
    ['DE', '2023-01-01', '19'],
  ])('%s on %s: %s %%', (country, date, rate) => {
    expect(standardVatRate(country, date)).toBe(rate);
    expect(placeOfSupplyRate(country, date)).toBe(rate);
  });

  it('without a date applies the current rate; every history ends at the current rate', () => {
    expect(standardVatRate('FI')).toBe('25.5');
    for (const [country, changes] of Object.entries(STANDARD_VAT_RATE_CHANGES)) {
      const dates = changes.map((change) => change.from_date);
      expect([country, [...dates].sort()]).toEqual([country, dates]);
      expect(standardVatRate(country, '2999-01-01')).toBe(standardVatRate(country));
    }
  });

  const finnishEntry = (cdr_id: string, end: string, vat_stated: boolean) =>
    multiRateEntry({
      cdr_id,
      posted_at: '2026-01-10T10:00:00Z',
      parts: [{ type: 'ENERGY', excl_vat: '10.00', vat: '24' }],
      country: 'FIN',
      end_date_time: end,
      time_zone: 'Europe/Helsinki',
      vat_stated,
    });

  it('invoices a session across the change at the rate of its end in the Location zone', () => {
    // No rate stated by the CDR or its tariff: the place of supply (Finland) decides. The
    // session ends at 2024-08-31T21:30Z, already 2024-09-01 00:30 in Helsinki: 25.5 %.
    const entry = (cdr_id: string, end: string) => finnishEntry(cdr_id, end, false);
    const before = entry('CDR-AUG', '2024-08-31T20:30:00Z');
    const after = entry('CDR-SEP', '2024-08-31T21:30:00Z');
    expect([before.session.supply_date, after.session.supply_date]).toEqual([
      '2024-08-31',
      '2024-09-01',
    ]);
    const statement = buildStatement(close({ entries: [before, after] }), null);
    const [charges] = planInvoices(statement, CONTEXT);
    expect(charges!.lines.map((line) => line.vat_rate_percent)).toEqual(['24', '25.5']);
  });

  it('takes the rate the priced tariff states over the place of supply, even a single one', () => {
    const statement = buildStatement(
      close({ entries: [finnishEntry('CDR-SEP', '2024-08-31T21:30:00Z', true)] }),
      null,
    );
    const [charges] = planInvoices(statement, CONTEXT);
    expect(charges!.lines.map((line) => line.vat_rate_percent)).toEqual(['24']);
  });
});
