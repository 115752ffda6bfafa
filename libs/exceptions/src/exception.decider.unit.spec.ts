import { RECONCILIATION_DEFAULTS } from '#agreements';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { ExceptionDetectedData, ExceptionEvent } from './exception.js';
import { decide, evolve, initialState, type ResolveException } from './exception.decider.js';
import { exceptionIdOf } from './exception-id.js';
import { missingCdrDue, stuckSessionDue } from './time-checks.js';

const spec = deciderSpec({ decide, evolve, initialState });
const SESSION = { country_code: 'DE', party_id: 'ABC', id: 'SES1' };
const ID = exceptionIdOf('MISSING_CDR', 'session', SESSION);
const AT = '2026-03-05T12:00:00Z';

const detection: ExceptionDetectedData = {
  exception_id: ID,
  type: 'MISSING_CDR',
  subject: { session: SESSION },
  party: { country_code: 'DE', party_id: 'ABC' },
  emsp: { country_code: 'NL', party_id: 'XYZ' },
  agreement_id: 'DEABC-NLXYZ',
  amount_at_risk: null,
  details: { end_date_time: '2026-03-02T11:00:00Z', cdr_deadline_hours: 48 },
  detected_by: 'admin',
  detected_at: AT,
};
const detected: ExceptionEvent = { type: 'ExceptionDetected', data: detection };

function resolve(overrides: Partial<ResolveException> = {}): ResolveException {
  return {
    type: 'ResolveException',
    exception_id: ID,
    queued: { type: 'MISSING_CDR', status: 'OPEN', holds_cdr: false },
    note: 'the CPO confirmed the session was a test',
    resolved_by: 'principal:handler-1',
    resolved_at: AT,
    ...overrides,
  };
}

describe('exception decider (given / when / then)', () => {
  it('detects once: detecting the same exception twice raises nothing new', () => {
    spec.given([]).when({ type: 'DetectException', detection }).then([detected]);
    spec.given([detected]).when({ type: 'DetectException', detection }).thenNothing();
  });

  it('ids derive from type and folded subject key', () => {
    expect(exceptionIdOf('MISSING_CDR', 'session', { ...SESSION, id: 'ses1' })).toBe(ID);
    expect(exceptionIdOf('STUCK_SESSION', 'session', SESSION)).not.toBe(ID);
  });

  it('resolves with the note and who; the same note again is a retry', () => {
    const events = spec.given([detected]).when(resolve()).events();
    expect(events).toEqual([
      {
        type: 'ExceptionResolved',
        data: {
          exception_id: ID,
          note: 'the CPO confirmed the session was a test',
          resolved_by: 'principal:handler-1',
          resolved_at: AT,
        },
      },
    ]);
    spec
      .given([detected, ...events])
      .when(resolve())
      .thenNothing();
    spec
      .given([detected, ...events])
      .when(resolve({ note: 'other' }))
      .thenRejects('exception_already_resolved');
  });

  it('resolves a finding detected on a CDR stream (only queued) that does not hold the CDR', () => {
    const queued = {
      type: 'DUPLICATE_SESSION' as const,
      status: 'OPEN' as const,
      holds_cdr: false,
    };
    expect(spec.given([]).when(resolve({ queued })).events()).toHaveLength(1);
  });

  it('rejects an unknown exception, one that holds a CDR, and one resolved by its facts', () => {
    spec
      .given([])
      .when(resolve({ queued: null }))
      .thenRejects('exception_unknown');
    const held = { type: 'CDR_HELD' as const, status: 'OPEN' as const, holds_cdr: true };
    spec
      .given([])
      .when(resolve({ queued: held }))
      .thenRejects('exception_resolved_with_cdr');
    const gone = { type: 'MISSING_CDR' as const, status: 'RESOLVED' as const, holds_cdr: false };
    spec
      .given([detected])
      .when(resolve({ queued: gone }))
      .thenRejects('exception_already_resolved');
  });
});

describe('time-based checks', () => {
  const terms = RECONCILIATION_DEFAULTS;
  const end_ms = Date.parse('2026-03-02T11:00:00Z');
  const hours = (n: number) => end_ms + n * 3_600_000;
  const ended = { ended: true, has_cdr: false, end_ms, last_updated_ms: end_ms };

  it('MISSING_CDR: an ended session without CDR more than cdr_deadline_hours after its end', () => {
    expect(missingCdrDue(ended, terms, hours(48))).toBe(false);
    expect(missingCdrDue(ended, terms, hours(48) + 1)).toBe(true);
    expect(missingCdrDue({ ...ended, has_cdr: true }, terms, hours(100))).toBe(false);
    expect(missingCdrDue(ended, { ...terms, cdr_deadline_hours: 200 }, hours(100))).toBe(false);
  });

  it('STUCK_SESSION: not ended and not updated for more than stuck_session_hours', () => {
    const active = { ...ended, ended: false, end_ms: null };
    expect(stuckSessionDue(active, terms, hours(24))).toBe(false);
    expect(stuckSessionDue(active, terms, hours(24) + 1)).toBe(true);
    expect(stuckSessionDue(ended, terms, hours(100))).toBe(false);
  });
});
