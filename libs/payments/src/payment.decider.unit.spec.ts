import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import { DomainRejection } from '#ledger';
import * as Payment from './payment.decider.js';
import type { RecordPayment } from './payment.decider.js';
import { PaymentRejection, type PaymentEvent, type PaymentRejectionCode } from './payment.js';
import { parsePaymentInstruction } from './payment-input.js';

const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const CPO = { country_code: 'DE', party_id: 'ABC' };

function record(overrides: Partial<RecordPayment> = {}, body: object = {}): RecordPayment {
  return {
    type: 'RecordPayment',
    payment: parsePaymentInstruction({
      id: 'PAY-1',
      payer: EMSP,
      payee: CPO,
      currency: 'EUR',
      amount: '12.3',
      value_date: '2026-02-01',
      reference: 'January statement',
      ...body,
    }),
    payer_registered: true,
    payee_registered: true,
    payer_account_kinds: ['emsp_payable'],
    transaction_id: 'tx-pay-1',
    recorded_at: '2026-02-01T10:00:00.000Z',
    ...overrides,
  };
}

const spec = deciderSpec(Payment);

/** given / when / then a payment rejection with this code (and field). */
function thenRejectsPayment(
  given: readonly PaymentEvent[],
  command: RecordPayment,
  code: PaymentRejectionCode,
  field: string,
): void {
  let caught: unknown;
  try {
    spec.given(given).when(command).events();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PaymentRejection);
  expect(DomainRejection.is(caught) || caught instanceof DomainRejection).toBe(true);
  expect((caught as PaymentRejection).payment_code).toBe(code);
  expect((caught as PaymentRejection).code).toBe(code);
  expect((caught as PaymentRejection).field).toBe(field);
}

describe('payment decider', () => {
  it('given nothing, when a payment is recorded, then it posts a balanced transaction', () => {
    const events = spec.given([]).when(record()).events();
    expect(events).toHaveLength(1);
    const [recorded] = events;
    expect(recorded!.data).toMatchObject({
      payment_id: 'PAY-1',
      amount: '12.30',
      amount_minor: '1230',
      payer_account_kind: 'emsp_payable',
      payee_account_kind: 'cpo_receivable',
      posted_at: '2026-02-01T10:00:00.000Z',
    });
    expect(recorded!.data.transaction.postings).toEqual([
      {
        account: { party: EMSP, kind: 'emsp_payable', counterparty: CPO },
        direction: 'credit',
        amount_minor: '1230',
      },
      {
        account: { party: CPO, kind: 'cpo_receivable', counterparty: EMSP },
        direction: 'debit',
        amount_minor: '1230',
      },
    ]);
  });

  it('a CPO paying a fee beneficiary moves the fee accounts', () => {
    const hub = { country_code: 'NL', party_id: 'HUB' };
    const [event] = spec
      .given([])
      .when(record({ payer_account_kinds: ['fee_payable'] }, { payer: CPO, payee: hub }))
      .events();
    expect(event!.data.transaction.postings.map((p) => p.account.kind)).toEqual([
      'fee_payable',
      'fee_receivable',
    ]);
  });

  it('given the payment, when the same instruction comes again, then nothing changes', () => {
    const given = spec.given([]).when(record()).events();
    spec
      .given(given)
      .when(record({ recorded_at: '2026-02-02T00:00:00.000Z' }))
      .thenNothing();
  });

  it('given the payment, when another instruction reuses the id, then payment_conflict', () => {
    const given = spec.given([]).when(record()).events();
    thenRejectsPayment(given, record({}, { amount: '12.31' }), 'payment_conflict', 'id');
    thenRejectsPayment(given, record({}, { reference: 'other' }), 'payment_conflict', 'id');
  });

  it('an unregistered payer or payee: party_unknown', () => {
    thenRejectsPayment([], record({ payer_registered: false }), 'party_unknown', 'payer');
    thenRejectsPayment([], record({ payee_registered: false }), 'party_unknown', 'payee');
  });

  it('a currency no agreement between payer and payee uses: currency_not_agreed', () => {
    thenRejectsPayment([], record({ payer_account_kinds: [] }), 'currency_not_agreed', 'currency');
  });
});

describe('payment instruction validation', () => {
  const base = {
    id: 'PAY-1',
    payer: EMSP,
    payee: CPO,
    currency: 'EUR',
    amount: '1.00',
    value_date: '2026-02-01',
  };

  it.each([
    [{ amount: '0' }, 'amount', 'must be positive'],
    [{ amount: '0.00' }, 'amount', 'must be positive'],
    [{ amount: '-5.00' }, 'amount', 'must be positive'],
    [{ amount: '1.234' }, 'amount', 'has 3'],
    [{ amount: 12.34 }, 'amount', 'decimal string'],
    [{ amount: '1e3' }, 'amount', 'not a decimal'],
    [{ currency: 'JPY', amount: '10.5' }, 'amount', 'JPY has 0'],
    [{ currency: 'XXX' }, 'currency', 'ISO 4217'],
    [{ payee: EMSP }, 'payee', 'differ'],
    [{ payer: { country_code: 'NLD', party_id: 'XYZ' } }, 'payer.country_code', '2 letters'],
    [{ payee: { country_code: 'DE' } }, 'payee.party_id', '3 letters'],
    [{ value_date: '2026-02-30' }, 'value_date', 'calendar date'],
    [{ value_date: '01.02.2026' }, 'value_date', 'YYYY-MM-DD'],
    [{ id: '' }, 'id', '1 to 64'],
    [{ reference: 'x'.repeat(141) }, 'reference', 'at most 140'],
  ])('%j is refused on %s', (override, field, message) => {
    let caught: unknown;
    try {
      parsePaymentInstruction({ ...base, ...override });
    } catch (error) {
      caught = error;
    }
    expect(DomainRejection.is(caught)).toBe(true);
    expect((caught as DomainRejection).code).toBe('validation_failed');
    expect((caught as DomainRejection).field).toBe(field);
    expect((caught as DomainRejection).message).toContain(message);
  });

  it('normalises parties to upper case and amounts to minor units', () => {
    const payment = parsePaymentInstruction({
      ...base,
      payer: { country_code: 'nl', party_id: 'xyz' },
      currency: 'KWD',
      amount: '7.5',
    });
    expect(payment.payer).toEqual(EMSP);
    expect(payment.amount_minor).toBe(7500n);
    expect(payment.reference).toBe('');
  });
});
