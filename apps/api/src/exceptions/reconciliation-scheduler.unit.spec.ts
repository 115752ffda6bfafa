import { reconciliationIntervalFromEnv } from './reconciliation-scheduler.js';

describe('LEDGER_RECONCILIATION_INTERVAL_MS', () => {
  it('is off unless set (0 or empty: off too)', () => {
    expect(reconciliationIntervalFromEnv({})).toBe(0);
    expect(reconciliationIntervalFromEnv({ LEDGER_RECONCILIATION_INTERVAL_MS: '0' })).toBe(0);
    expect(reconciliationIntervalFromEnv({ LEDGER_RECONCILIATION_INTERVAL_MS: ' ' })).toBe(0);
  });

  it('takes a whole number of ms from 1 s to 1 day, and refuses anything else', () => {
    expect(reconciliationIntervalFromEnv({ LEDGER_RECONCILIATION_INTERVAL_MS: '900000' })).toBe(
      900_000,
    );
    for (const bad of ['999', '86400001', '1.5', 'hourly']) {
      expect(() =>
        reconciliationIntervalFromEnv({ LEDGER_RECONCILIATION_INTERVAL_MS: bad }),
      ).toThrow('LEDGER_RECONCILIATION_INTERVAL_MS must be 0 (off) or an integer');
    }
  });
});
