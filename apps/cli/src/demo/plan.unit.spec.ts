import { buildPlan } from './plan.js';

describe('demo plan', () => {
  const options = { seed: 7, sessions: 300, month: '2026-03' };

  it('is the same for the same seed, and another for another seed', () => {
    expect(JSON.stringify(buildPlan(options))).toBe(JSON.stringify(buildPlan(options)));
    expect(JSON.stringify(buildPlan({ ...options, seed: 8 }))).not.toBe(
      JSON.stringify(buildPlan(options)),
    );
  });

  it('has 3 % wrong prices, 2 % duplicates and 1 % credits, on distinct CDRs', () => {
    const plan = buildPlan(options);
    expect(plan.expected).toEqual({
      sessions: 300,
      cdrs: 300,
      posted: 291,
      price_mismatch: 9,
      duplicates: 6,
      credits: 3,
    });
    const credited = plan.sessions.filter((s) => s.cdr.expected_status === 'CREDITED');
    expect(credited.map((s) => `${s.cdr.id}-CR`)).toEqual(plan.credits.map((c) => c.id));
  });

  it('gives every session its life in order: PUT, PATCH, PUT COMPLETED, POST CDR', () => {
    for (const session of buildPlan(options).sessions) {
      expect(session.requests.map((r) => r.label)).toEqual([
        'session PUT',
        'session PATCH',
        'session PUT COMPLETED',
        'CDR POST',
      ]);
    }
  });

  it('starts every session in the month, in the Location time zone', () => {
    for (const session of buildPlan(options).sessions) {
      const cdr = session.cdr.request.body as { start_date_time: string; end_date_time: string };
      expect(cdr.start_date_time >= '2026-02-28T00:00:00Z').toBe(true);
      expect(cdr.start_date_time < '2026-04-01T00:00:00Z').toBe(true);
      expect(cdr.end_date_time > cdr.start_date_time).toBe(true);
    }
  });
});
