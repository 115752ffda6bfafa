import { assertBalanced, balanceEffects, fromTransactionJson, LedgerDecimal } from '#ledger';
import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import { cdrStreamName, type CdrEvent, type CdrPosted, type StatedTax } from './cdr.js';
import { decide, evolve, initialState, type ReassessCdr } from './cdr.decider.js';
import { cdrAssessedContext, cdrStatus, cdrTransaction } from './cdr-queries.js';
import {
  acceptCdr,
  agreementVersion,
  cdr,
  CPO,
  context,
  EMSP,
  HUB,
  RECEIVED_AT,
} from './test-support/cdr-fixtures.js';

const spec = deciderSpec({ decide, evolve, initialState });
const KEY = { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-1' };

function outcomeOf(events: CdrEvent[]): CdrEvent {
  expect(events.map((e) => e.type)[0]).toBe('CdrReceived');
  expect(events).toHaveLength(2);
  return events[1]!;
}

describe('CDR decider: AcceptCdr for a new CDR', () => {
  it('posts at the CPO total_cost incl. VAT when the ledger price agrees within tolerance', () => {
    const events = spec.given([]).when(acceptCdr()).events();
    const received = events[0]!;
    expect(received).toMatchObject({
      type: 'CdrReceived',
      data: {
        ...KEY,
        content_hash: 'hash-1',
        credit: false,
        context: {
          agreement_id: 'DEABC-NLXYZ',
          agreement_version: 1,
          tariff: { tariff_id: 'T-1', version: '3' },
          embedded_tariff: { status: 'SAME', differing_fields: [] },
          time_zone: 'Europe/Berlin',
        },
      },
    });
    const posted = outcomeOf(events) as CdrPosted;
    expect(posted.type).toBe('CdrPosted');
    expect(posted.data).toMatchObject({
      ...KEY,
      amount_minor: '1200',
      settled_on: 'incl_vat',
      price_difference: '0.0049',
      credit_of: null,
      posted_at: RECEIVED_AT,
    });
    const tx = fromTransactionJson(posted.data.transaction);
    assertBalanced(tx);
    expect(tx).toMatchObject({ transaction_id: 'tx-CDR-1', currency: 'EUR', cdr: KEY });
    expect(balanceEffects(tx)).toEqual([
      { party: EMSP, counterparty: CPO, currency: 'EUR', amount_minor: -1200n },
      { party: CPO, counterparty: EMSP, currency: 'EUR', amount_minor: 1200n },
      { party: CPO, counterparty: HUB, currency: 'EUR', amount_minor: -20n },
      { party: HUB, counterparty: CPO, currency: 'EUR', amount_minor: 20n },
    ]);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('settles excl. VAT under reverse charge, rounded by the agreement policy', () => {
    const agreement = agreementVersion({ vat_treatment: 'reverse_charge', rounding: 'HALF_EVEN' });
    const command = acceptCdr({
      claimed_total_cost: { excl_vat: '10.125', incl_vat: '12' },
      context: context({ agreement }),
    });
    const posted = outcomeOf(spec.given([]).when(command).events()) as CdrPosted;
    expect(posted.data.settled_on).toBe('excl_vat');
    expect(posted.data.amount_minor).toBe('1012');
  });

  it('compares against excl. VAT when the CPO gave no amount incl. VAT', () => {
    const command = acceptCdr({ claimed_total_cost: { excl_vat: '12', incl_vat: null } });
    expect(outcomeOf(spec.given([]).when(command).events()).type).toBe('CdrPosted');
  });

  it.each([
    ['NO_AGREEMENT', context({ agreement: null })],
    ['CURRENCY_MISMATCH', context({ agreement: agreementVersion({ currency: 'CHF' }) })],
    ['NO_TARIFF', context({ tariff: null })],
    ['NO_TIME_ZONE', context({ time_zone: null })],
    ['PRICING_FAILED', context({ ledger_price: null })],
    [
      'CURRENCY_MISMATCH',
      context({
        ledger_price: { currency: 'CHF', total_cost: { excl_vat: '10', incl_vat: '12' } },
      }),
    ],
    [
      'PRICE_MISMATCH',
      context({
        ledger_price: { currency: 'EUR', total_cost: { excl_vat: '10', incl_vat: '12.011' } },
      }),
    ],
  ] as const)('holds the CDR as %s', (reason, ctx) => {
    const events = spec
      .given([])
      .when(acceptCdr({ context: ctx }))
      .events();
    const held = outcomeOf(events);
    expect(held).toMatchObject({ type: 'CdrHeld', data: { ...KEY, reason, held_at: RECEIVED_AT } });
    const state = events.reduce(evolve, initialState());
    expect(cdrStatus(state)).toBe(reason);
    expect(cdrTransaction(state)).toBeNull();
  });

  it.each([
    ['absent', { id: 'LOC-1', connector_id: '1' }],
    ['null', { id: 'LOC-1', evse_uid: null, connector_id: '1' }],
    ['blank', { id: 'LOC-1', evse_uid: ' ', connector_id: '1' }],
  ])('holds a CDR whose cdr_location.evse_uid is %s as MISSING_EVSE_UID', (_, location) => {
    const events = spec
      .given([])
      .when(acceptCdr({ cdr: { ...acceptCdr().cdr, cdr_location: location } }))
      .events();
    expect(events.map((event) => event.type)).toEqual(['CdrReceived', 'CdrHeld']);
    expect(outcomeOf(events)).toMatchObject({ data: { reason: 'MISSING_EVSE_UID' } });
  });

  it('records the price difference of a mismatch', () => {
    const ctx = context({
      ledger_price: { currency: 'EUR', total_cost: { excl_vat: '9', incl_vat: '10.8' } },
    });
    const held = outcomeOf(
      spec
        .given([])
        .when(acceptCdr({ context: ctx }))
        .events(),
    );
    expect(held).toMatchObject({ data: { reason: 'PRICE_MISMATCH', price_difference: '-1.2' } });
  });

  it('records an embedded tariff that differs from the version in force, and still posts', () => {
    const embedded = [{ id: 'T-1', currency: 'EUR', elements: [] }];
    const events = spec
      .given([])
      .when(acceptCdr({ cdr: { ...acceptCdr().cdr, tariffs: embedded } }))
      .events();
    expect(events[0]).toMatchObject({
      data: {
        context: { embedded_tariff: { status: 'DIFFERENT', differing_fields: ['elements'] } },
      },
    });
    expect(outcomeOf(events).type).toBe('CdrPosted');
  });
});

describe('CDR decider: the same CDR again', () => {
  const first = spec.given([]).when(acceptCdr()).events();

  it('given the CDR, when delivered again with the same content hash, then nothing', () => {
    spec.given(first).when(acceptCdr()).thenNothing();
  });

  it('given the CDR, when delivered with other content, then cdr_conflict', () => {
    spec
      .given(first)
      .when(acceptCdr({ content_hash: 'hash-2' }))
      .thenRejects('cdr_conflict');
  });

  it('given a held CDR, the same delivery is acknowledged too', () => {
    const held = spec
      .given([])
      .when(acceptCdr({ context: context({ tariff: null }) }))
      .events();
    spec.given(held).when(acceptCdr()).thenNothing();
  });
});

describe('CDR decider: input the edge should have refused', () => {
  it.each([
    ['total_cost.excl_vat', { excl_vat: '-1', incl_vat: '12' }],
    ['total_cost.incl_vat', { excl_vat: '10', incl_vat: '12,00' }],
  ] as const)('rejects validation_failed naming %s', (field, claimed_total_cost) => {
    spec.given([]).when(acceptCdr({ claimed_total_cost })).thenRejects('validation_failed', field);
  });
});

describe('cdrStatus and stream names', () => {
  it('is null for a CDR never received, POSTED once posted', () => {
    expect(cdrStatus(initialState())).toBeNull();
    const state = spec.given([]).when(acceptCdr()).events().reduce(evolve, initialState());
    expect(cdrStatus(state)).toBe('POSTED');
    expect(cdrTransaction(state)?.postings).toHaveLength(4);
    expect(cdrStreamName(KEY)).toBe('cdr-DE-ABC-CDR-1');
    // CiString identity: one stream whatever the case of the key.
    expect(cdrStreamName({ country_code: 'de', party_id: 'aBc', cdr_id: 'cdr-1' })).toBe(
      'cdr-DE-ABC-CDR-1',
    );
  });
});

describe('CDR decider: ReassessCdr for a held CDR', () => {
  const held = spec
    .given([])
    .when(acceptCdr({ context: context({ tariff: null }) }))
    .events();
  const reassess = (ctx = context()): ReassessCdr => ({
    type: 'ReassessCdr',
    context: ctx,
    transaction_id: 'tx-CDR-1',
    reassessed_at: '2026-01-12T09:00:00Z',
  });

  it('given a CDR held for NO_TARIFF, when the tariff is known, then reassessed and posted', () => {
    const events = spec.given(held).when(reassess()).events();
    expect(events.map((e) => e.type)).toEqual(['CdrReassessed', 'CdrPosted']);
    expect(events[0]).toMatchObject({
      data: { ...KEY, context: { tariff: { tariff_id: 'T-1' } } },
    });
    expect(events[1]).toMatchObject({
      data: { amount_minor: '1200', posted_at: '2026-01-12T09:00:00Z' },
    });
    const state = [...held, ...events].reduce(evolve, initialState());
    expect(cdrStatus(state)).toBe('POSTED');
    expect(cdrAssessedContext(state)?.tariff).toEqual({
      tariff_id: 'T-1',
      version: '3',
      source: 'CDR',
    });
  });

  it('given a held CDR, when it would be held for another reason, then held anew', () => {
    const events = spec
      .given(held)
      .when(reassess(context({ time_zone: null })))
      .events();
    expect(events[1]).toMatchObject({ type: 'CdrHeld', data: { reason: 'NO_TIME_ZONE' } });
  });

  it('given a held CDR, when nothing changed, then nothing', () => {
    spec
      .given(held)
      .when(reassess(context({ tariff: null })))
      .thenNothing();
  });

  it('given no CDR, then cdr_unknown', () => {
    spec.given([]).when(reassess()).thenRejects('cdr_unknown');
  });

  it('given a posted CDR, then cdr_not_held', () => {
    const posted = spec.given([]).when(acceptCdr()).events();
    spec.given(posted).when(reassess()).thenRejects('cdr_not_held');
  });
});

describe('CDR decider: AcceptCdr for an OCPI 2.3.0 CDR (before_taxes + taxes)', () => {
  const VAT_20: StatedTax = {
    name: 'VAT',
    account_number: null,
    percentage: '20',
    amount: '2',
    is_vat: true,
  };
  const accept230 = (tax: StatedTax) =>
    acceptCdr({
      cdr: cdr({
        total_cost: { before_taxes: 10, taxes: [{ ...tax, amount: Number(tax.amount) }] },
      }),
      claimed_total_cost: {
        excl_vat: '10',
        incl_vat: new LedgerDecimal(10).plus(tax.amount).toFixed(),
      },
      ocpi_version: '2.3.0',
      stated_taxes: [tax],
    });

  it('records the version and the taxes as stated, and posts after taxes', () => {
    const events = spec.given([]).when(accept230(VAT_20)).events();
    expect(events[0]).toMatchObject({
      type: 'CdrReceived',
      data: { ocpi_version: '2.3.0', stated_taxes: [VAT_20] },
    });
    expect(outcomeOf(events)).toMatchObject({ type: 'CdrPosted', data: { amount_minor: '1200' } });
  });

  it('holds TAXES_INCONSISTENT a tax above its percentage of before_taxes', () => {
    const events = spec
      .given([])
      .when(accept230({ ...VAT_20, amount: '3' }))
      .events();
    expect(outcomeOf(events)).toMatchObject({
      type: 'CdrHeld',
      data: { reason: 'TAXES_INCONSISTENT', price_difference: null },
    });
  });

  it('holds PRICE_MISMATCH a VAT the ledger price does not state (after taxes)', () => {
    const events = spec
      .given([])
      .when(accept230({ ...VAT_20, percentage: null, amount: '0.5' }))
      .events();
    expect(outcomeOf(events)).toMatchObject({
      type: 'CdrHeld',
      data: { reason: 'PRICE_MISMATCH' },
    });
  });
});
