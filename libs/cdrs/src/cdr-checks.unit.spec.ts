import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { CdrEvent, CdrFlagged, CdrHeld } from './cdr.js';
import { decide, evolve, initialState } from './cdr.decider.js';
import { type CdrCheckFacts, checkCdr, NO_CHECK_FACTS } from './cdr-checks.js';
import { cdrStatus } from './cdr-queries.js';
import type { ResolveHeldCdr } from './cdr-resolution.js';
import { acceptCdr, agreementVersion, cdr, context } from './test-support/cdr-fixtures.js';

const spec = deciderSpec({ decide, evolve, initialState });
const AT = '2026-01-11T09:00:00Z';

/** A 10 kWh, one-hour CDR whose figures all agree. */
const plausible = cdr({
  total_energy: 10,
  total_time: 1,
  session_id: 'SES-1',
  charging_periods: [
    { start_date_time: '2026-01-09T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
  ],
});

function facts(overrides: Partial<CdrCheckFacts> = {}): CdrCheckFacts {
  return {
    ...NO_CHECK_FACTS,
    session: { kwh: 10, ended: true },
    connector_max_power_kw: '11',
    ...overrides,
  };
}

function accept(overrides: Partial<CdrCheckFacts> = {}, document = plausible, flag_only = []) {
  const agreement = agreementVersion({ flag_only });
  return acceptCdr({ cdr: document, context: context({ agreement, checks: facts(overrides) }) });
}

function held(events: CdrEvent[]): CdrHeld['data'] {
  const last = events.at(-1)!;
  expect(last.type).toBe('CdrHeld');
  return (last as CdrHeld).data;
}

function findingTypes(events: CdrEvent[]): string[] {
  const flagged = events.find((event) => event.type === 'CdrFlagged') as CdrFlagged | undefined;
  return flagged?.data.findings.map((finding) => finding.type) ?? [];
}

describe('CDR arrival checks (given / when / then)', () => {
  it('posts a CDR whose figures all agree, with no CdrFlagged', () => {
    const events = spec.given([]).when(accept()).events();
    expect(events.map((event) => event.type)).toEqual(['CdrReceived', 'CdrPosted']);
  });

  it('holds DUPLICATE_SESSION when the session id already has a non-credit CDR', () => {
    const events = spec
      .given([])
      .when(accept({ other_session_cdr_ids: ['CDR-0'] }))
      .events();
    expect(held(events)).toMatchObject({ reason: 'DUPLICATE_SESSION' });
    expect(held(events).detail).toContain('SES-1 already has CDR CDR-0');
  });

  it('only flags DUPLICATE_SESSION when the agreement says flag_only', () => {
    const command = accept({ other_session_cdr_ids: ['CDR-0'] }, plausible, [
      'DUPLICATE_SESSION',
    ] as never);
    const events = spec.given([]).when(command).events();
    expect(events.map((event) => event.type)).toEqual(['CdrReceived', 'CdrFlagged', 'CdrPosted']);
    expect(findingTypes(events)).toEqual(['DUPLICATE_SESSION']);
  });

  it('holds METERING_MISMATCH when the session kWh disagrees beyond the tolerance', () => {
    const events = spec
      .given([])
      .when(accept({ session: { kwh: 10.02, ended: true } }))
      .events();
    const data = held(events);
    expect(data.reason).toBe('METERING_MISMATCH');
    expect(data.detail).toContain('session_kwh 10.02');
  });

  it('ignores the kWh of a session that has not ended, and a spread within the tolerance', () => {
    const command = accept({ session: { kwh: 3, ended: false } });
    expect(spec.given([]).when(command).events().at(-1)!.type).toBe('CdrPosted');
    const close = accept({ session: { kwh: 10.01, ended: true } });
    expect(spec.given([]).when(close).events().at(-1)!.type).toBe('CdrPosted');
  });

  it('holds METERING_MISMATCH when total_energy and the ENERGY dimensions disagree', () => {
    const document = { ...plausible, total_energy: 12 };
    expect(
      held(
        spec
          .given([])
          .when(accept({ session: null }, document))
          .events(),
      ).reason,
    ).toBe('METERING_MISMATCH');
  });

  it('holds IMPLAUSIBLE_CDR for energy above the connector power, naming the figures', () => {
    const events = spec
      .given([])
      .when(accept({ connector_max_power_kw: '3.7' }))
      .events();
    expect(held(events).reason).toBe('IMPLAUSIBLE_CDR');
    expect(held(events).detail).toContain("connector's 3.7 kW");
  });

  it.each([
    ['total_time', { total_time: 2 }, 'total_time 2 h differs'],
    ['zero time', { total_time: 0 }, 'in zero time'],
    [
      'period outside',
      {
        charging_periods: [
          { start_date_time: '2026-01-09T09:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
        ],
      },
      'charging_periods[0] starts outside',
    ],
  ])('holds IMPLAUSIBLE_CDR for %s', (_name, override, text) => {
    const events = spec
      .given([])
      .when(accept({}, { ...plausible, ...override }))
      .events();
    expect(held(events).reason).toBe('IMPLAUSIBLE_CDR');
    expect(held(events).detail).toContain(text);
  });

  it('counts total_time from the first charging period, after a reservation', () => {
    const reserved = {
      ...plausible,
      start_date_time: '2026-01-09T09:30:00Z',
      charging_periods: [
        {
          start_date_time: '2026-01-09T09:30:00Z',
          dimensions: [{ type: 'RESERVATION_TIME', volume: 0.5 }],
        },
        ...(plausible.charging_periods as object[]),
      ],
    };
    expect(spec.given([]).when(accept({}, reserved)).events().at(-1)!.type).toBe('CdrPosted');
  });

  it('holds SIGNATURE_INVALID, which flag_only cannot turn into a flag', () => {
    const flag_all = ['DUPLICATE_SESSION', 'METERING_MISMATCH', 'IMPLAUSIBLE_CDR'] as never;
    const command = accept(
      { signed_data: { status: 'INVALID', problem: 'the signature does not verify' } },
      plausible,
      flag_all,
    );
    const data = held(spec.given([]).when(command).events());
    expect(data).toMatchObject({
      reason: 'SIGNATURE_INVALID',
      detail: 'signed_data: the signature does not verify',
    });
  });

  it('flags a period across a tariff boundary (TARIFF_PERIOD_SPLIT) without holding', () => {
    const events = spec
      .given([])
      .when(accept({ split_periods: [0] }))
      .events();
    expect(findingTypes(events)).toEqual(['TARIFF_PERIOD_SPLIT']);
    expect(events.at(-1)!.type).toBe('CdrPosted');
  });

  it('checks signed readings: serials, status flags, times and energy', () => {
    const reading = { nature: 'Start', meter_serial: 'M1', status: 'G' };
    const findings = checkCdr(
      plausible,
      facts({
        signed_data: {
          status: 'VERIFIED',
          signature_method: 'ECDSA-secp256r1-SHA256',
          energy_kwh: '11',
          readings: [
            { ...reading, time: '2026-01-09T10:00:00.000Z', kwh: '100' },
            {
              ...reading,
              meter_serial: 'M2',
              status: 'E',
              time: '2026-01-09T12:00:00Z',
              kwh: '111',
            },
          ],
        },
      }),
      agreementVersion(),
    );
    expect(findings.map((finding) => finding.type)).toEqual([
      'METERING_MISMATCH',
      'METERING_MISMATCH',
    ]);
    expect(findings[0]!.detail).toContain('signed_energy 11');
    expect(findings[1]!.detail).toMatch(/several meters.*status E.*outside/);
  });
});

describe('CDR decider: ResolveHeldCdr', () => {
  const heldEvents = spec
    .given([])
    .when(accept({ other_session_cdr_ids: ['CDR-0'] }))
    .events();
  const resolve = (overrides: Partial<ResolveHeldCdr> = {}): ResolveHeldCdr => ({
    type: 'ResolveHeldCdr',
    decision: 'POST_CLAIMED',
    note: 'the first CDR was a test',
    context: context(),
    transaction_id: 'tx-CDR-1',
    resolved_by: 'principal:handler-1',
    resolved_at: AT,
    ...overrides,
  });

  it('POST_CLAIMED records the resolution and posts the claimed amount', () => {
    const events = spec.given(heldEvents).when(resolve()).events();
    expect(events.map((event) => event.type)).toEqual(['CdrResolved', 'CdrPosted']);
    expect(events[0]!.data).toMatchObject({
      decision: 'POST_CLAIMED',
      hold_reason: 'DUPLICATE_SESSION',
      resolved_by: 'principal:handler-1',
    });
    expect(events[1]!.data).toMatchObject({ amount_minor: '1200', posted_at: AT });
  });

  it('POST_LEDGER_PRICE posts the ledger price and records its net for the invoice', () => {
    const events = spec
      .given(heldEvents)
      .when(resolve({ decision: 'POST_LEDGER_PRICE' }))
      .events();
    expect(events[1]!.data).toMatchObject({ amount_minor: '1200', settled_excl_vat: '10.0000' });
  });

  it('REJECT rejects for good: status REJECTED, no posting, no reassessment', () => {
    const events = spec
      .given(heldEvents)
      .when(resolve({ decision: 'REJECT' }))
      .events();
    expect(events.map((event) => event.type)).toEqual(['CdrResolved']);
    const state = [...heldEvents, ...events].reduce(evolve, initialState());
    expect(cdrStatus(state)).toBe('REJECTED');
    spec
      .given([...heldEvents, ...events])
      .when({ type: 'ReassessCdr', context: context(), transaction_id: 'tx', reassessed_at: AT })
      .thenRejects('cdr_not_held');
  });

  it('is idempotent for the same decision and note, and refuses another one', () => {
    const done = [...heldEvents, ...spec.given(heldEvents).when(resolve()).events()];
    spec.given(done).when(resolve()).thenNothing();
    spec
      .given(done)
      .when(resolve({ decision: 'REJECT' }))
      .thenRejects('cdr_already_resolved');
  });

  it('rejects an unknown CDR and one that is not held', () => {
    spec.given([]).when(resolve()).thenRejects('cdr_unknown');
    spec.given(spec.given([]).when(accept()).events()).when(resolve()).thenRejects('cdr_not_held');
  });

  it('rejects posting without an agreement, in another currency, or without a ledger price', () => {
    const no_agreement = resolve({ context: context({ agreement: null }) });
    spec.given(heldEvents).when(no_agreement).thenRejects('resolution_needs_agreement');
    const chf = resolve({ context: context({ agreement: agreementVersion({ currency: 'CHF' }) }) });
    spec.given(heldEvents).when(chf).thenRejects('resolution_currency_mismatch');
    const unpriced = resolve({
      decision: 'POST_LEDGER_PRICE',
      context: context({ ledger_price: null }),
    });
    spec.given(heldEvents).when(unpriced).thenRejects('resolution_needs_ledger_price');
  });

  it('only rejects a CDR whose signature did not verify (resolution_signature_invalid)', () => {
    const tampered = spec
      .given([])
      .when(accept({ signed_data: { status: 'INVALID', problem: 'tampered' } }))
      .events();
    spec.given(tampered).when(resolve()).thenRejects('resolution_signature_invalid');
    expect(
      spec
        .given(tampered)
        .when(resolve({ decision: 'REJECT' }))
        .events(),
    ).toHaveLength(1);
  });

  it('a reassessment keeps holding a CDR whose signature did not verify', () => {
    const tampered = spec
      .given([])
      .when(accept({ signed_data: { status: 'INVALID', problem: 'tampered' } }))
      .events();
    spec
      .given(tampered)
      .when({
        type: 'ReassessCdr',
        context: context({ checks: facts() }),
        transaction_id: 'tx-CDR-1',
        reassessed_at: AT,
      })
      .thenNothing();
  });
});

describe('session CDRs index (given / when / then)', () => {
  it('links a CDR once, in any case, and names the others', async () => {
    const SessionCdrs = await import('./session-cdrs.decider.js');
    const link = (cdr_id: string) => ({
      type: 'LinkSessionCdr' as const,
      session_id: 'SES-1',
      cdr_id,
      linked_at: AT,
    });
    const sessions = deciderSpec(SessionCdrs);
    const first = sessions.given([]).when(link('CDR-1')).events();
    expect(first).toEqual([
      { type: 'SessionCdrLinked', data: { session_id: 'SES-1', cdr_id: 'CDR-1', linked_at: AT } },
    ]);
    sessions.given(first).when(link('cdr-1')).thenNothing();
    const state = first.reduce(SessionCdrs.evolve, SessionCdrs.initialState());
    expect(SessionCdrs.otherSessionCdrs(state, 'CDR-2')).toEqual(['CDR-1']);
    expect(SessionCdrs.otherSessionCdrs(state, 'cdr-1')).toEqual([]);
  });
});
