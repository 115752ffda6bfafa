import {
  LEAKAGE_EXCEPTIONS_LISTED_MAX,
  leakageOf,
  type LeakageException,
} from './statement-leakage.js';

const cdr = (id: string) => ({ cdr: { country_code: 'DE', party_id: 'ABC', id } });
const exception = (overrides: Partial<LeakageException>): LeakageException => ({
  id: 'x',
  type: 'CDR_HELD',
  subject: cdr('CDR1'),
  detected_at: '2026-03-02T11:05:00Z',
  amount_at_risk: { currency: 'EUR', amount: '2.75' },
  unsettled: true,
  ...overrides,
});

describe('statement leakage', () => {
  it('sums each unsettled subject once, in the statement currency, and counts per type', () => {
    const leakage = leakageOf(
      [
        exception({ id: 'a' }),
        exception({ id: 'b', type: 'DUPLICATE_SESSION' }),
        exception({
          id: 'c',
          subject: cdr('CDR2'),
          amount_at_risk: { currency: 'EUR', amount: '10.5' },
        }),
        exception({ id: 'd', type: 'TARIFF_PERIOD_SPLIT', subject: cdr('CDR3'), unsettled: false }),
        exception({
          id: 'e',
          type: 'STUCK_SESSION',
          subject: { session: { id: 'S' } },
          amount_at_risk: null,
        }),
        exception({
          id: 'f',
          subject: cdr('CDR4'),
          amount_at_risk: { currency: 'CHF', amount: '1' },
        }),
      ],
      'EUR',
    );
    expect(leakage.amount_at_risk).toBe('13.25');
    expect(leakage.subjects_without_amount).toBe(2);
    expect(leakage.by_type).toEqual([
      { type: 'CDR_HELD', count: 3 },
      { type: 'DUPLICATE_SESSION', count: 1 },
      { type: 'STUCK_SESSION', count: 1 },
      { type: 'TARIFF_PERIOD_SPLIT', count: 1 },
    ]);
    expect(leakage.open_exceptions).toHaveLength(6);
    expect(leakage.open_exceptions_total).toBe(6);
  });

  it('lists at most LEAKAGE_EXCEPTIONS_LISTED_MAX exceptions; counts and amounts cover all', () => {
    const open = Array.from({ length: LEAKAGE_EXCEPTIONS_LISTED_MAX + 5 }, (_, index) =>
      exception({ id: `x${index}`, subject: cdr(`CDR${index}`) }),
    );
    const leakage = leakageOf(open, 'EUR');
    expect(leakage.open_exceptions.map((listed) => listed.id)).toEqual(
      open.slice(0, LEAKAGE_EXCEPTIONS_LISTED_MAX).map((listed) => listed.id),
    );
    expect(leakage.open_exceptions_total).toBe(LEAKAGE_EXCEPTIONS_LISTED_MAX + 5);
    expect(leakage.by_type).toEqual([
      { type: 'CDR_HELD', count: LEAKAGE_EXCEPTIONS_LISTED_MAX + 5 },
    ]);
    expect(leakage.amount_at_risk).toBe('288.75');
  });

  it('is empty without open exceptions', () => {
    expect(leakageOf([], 'EUR')).toEqual({
      open_exceptions: [],
      open_exceptions_total: 0,
      by_type: [],
      amount_at_risk: '0',
      subjects_without_amount: 0,
    });
  });
});
