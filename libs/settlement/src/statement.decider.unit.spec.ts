import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import * as decider from './statement.decider.js';
import { STATEMENT_ENTRIES_MAX } from './statement-building.js';
import { closedPeriodAt } from './statement-entries.js';
import type {
  SettlementStatement,
  StatementCommand,
  StatementDecided,
  StatementState,
} from './statement.js';
import {
  CPO,
  EMSP,
  HUB,
  cdrEntry,
  close,
  creditEntry,
  issued,
  payment,
} from './test-support/statement-fixtures.js';

const spec = deciderSpec<StatementCommand, StatementDecided, StatementState>(decider);

const CDR_1 = cdrEntry({
  cdr_id: 'CDR-1',
  posted_at: '2026-01-10T12:00:00Z',
  excl_vat: '10.00',
  incl_vat: '11.90',
});
const CDR_2 = cdrEntry({
  cdr_id: 'CDR-2',
  posted_at: '2026-01-20T08:00:00Z',
  excl_vat: '5.125',
  incl_vat: '6.10',
});

function statementOf(events: StatementDecided[]): SettlementStatement {
  expect(events).toHaveLength(1);
  return events[0]!.data;
}

describe('statement decider: closing a settlement period', () => {
  it('given no statement, when the period is closed, then a statement lists its CDRs', () => {
    const command = close({ entries: [CDR_2, CDR_1] });
    const statement = statementOf(spec.given([]).when(command).events());
    expect(statement).toMatchObject({
      statement_id: 'ST-2026-01',
      sequence: 1,
      period_start: '2026-01-01T00:00:00Z',
      period_end: '2026-02-01T00:00:00Z',
      issue_date: '2026-02-01',
      due_date: '2026-03-03',
      opening_balance_minor: '0',
      charges_minor: '1800',
      credits_minor: '0',
      payments_minor: '0',
      closing_balance_minor: '1800',
      amount_due_minor: '1800',
    });
    // posting order, whatever the order the handler passed them in
    expect(statement.cdr_lines.map((l) => l.cdr_id)).toEqual(['CDR-1', 'CDR-2']);
    expect(statement.cdr_lines[1]).toMatchObject({
      amount_minor: '610',
      amount_excl_vat_minor: '513',
      vat_minor: '97',
      fees: [{ beneficiary: HUB, amount_minor: '20' }],
    });
    expect(statement.fee_balances).toEqual([
      {
        beneficiary: HUB,
        // Fees are settled net; their VAT is on the fee invoices only.
        settled_on: 'excl_vat',
        vat_on_fees: 'invoiced_separately',
        opening_balance_minor: '0',
        fees_minor: '40',
        payments_minor: '0',
        closing_balance_minor: '40',
      },
    ]);
  });

  it('the next statement opens with the previous closing balance and counts payments', () => {
    const first = issued(close({ entries: [CDR_1] }));
    const command = close({
      statement_id: 'ST-2026-02',
      period_end: '2026-03-01T00:00:00Z',
      closed_at: '2026-03-01T01:00:00Z',
      entries: [
        { ...CDR_2, posted_at: '2026-02-02T00:00:00Z' },
        payment('PAY-1', '1190', '2026-02-15T00:00:00Z'),
        payment('PAY-2', '20', '2026-02-16T00:00:00Z', CPO, HUB),
      ],
    });
    const statement = statementOf(spec.given([first]).when(command).events());
    expect(statement).toMatchObject({
      sequence: 2,
      period_start: '2026-02-01T00:00:00Z',
      opening_balance_minor: '1190',
      charges_minor: '610',
      payments_minor: '1190',
      closing_balance_minor: '610',
      amount_due_minor: '610',
    });
    expect(statement.fee_balances[0]).toMatchObject({
      opening_balance_minor: '20',
      fees_minor: '20',
      payments_minor: '20',
      closing_balance_minor: '20',
    });
  });

  it('a late CDR (posted after the close) falls into the next period; the closed one stays', () => {
    const first = issued(close({ entries: [CDR_1] }));
    // Session in January, but the ledger posted it on 2 February: it is February's.
    const late = cdrEntry({
      cdr_id: 'CDR-LATE',
      posted_at: '2026-02-02T09:00:00Z',
      excl_vat: '1.00',
      incl_vat: '1.19',
    });
    const command = close({
      statement_id: 'ST-2026-02',
      period_end: '2026-03-01T00:00:00Z',
      closed_at: '2026-03-01T00:00:00Z',
      entries: [late],
    });
    const statement = statementOf(spec.given([first]).when(command).events());
    expect(statement.cdr_lines.map((l) => l.cdr_id)).toEqual(['CDR-LATE']);
    expect(statement.cdr_lines[0]!.session.start_date_time).toBe('2026-01-09T10:00:00Z');
    // closing January again changes nothing
    spec
      .given([first, { type: 'SettlementStatementIssued', data: statement }])
      .when(close())
      .thenNothing();
  });

  it('a credit CDR is listed with the credits, negative, and reduces the balance', () => {
    const credit = creditEntry(CDR_1, 'CDR-1-CREDIT', '2026-01-25T00:00:00Z');
    const statement = statementOf(
      spec
        .given([])
        .when(close({ entries: [CDR_1, credit] }))
        .events(),
    );
    expect(statement.credit_lines).toMatchObject([
      { cdr_id: 'CDR-1-CREDIT', credit_of: 'CDR-1', amount_minor: '-1190', vat_minor: '-190' },
    ]);
    expect(statement).toMatchObject({ charges_minor: '1190', credits_minor: '-1190' });
    expect(statement.closing_balance_minor).toBe('0');
    expect(statement.fee_balances[0]!.closing_balance_minor).toBe('0');
  });

  it('reverse charge: settled excl. VAT, no VAT on the statement lines', () => {
    const rc = cdrEntry({
      cdr_id: 'CDR-RC',
      posted_at: '2026-01-10T00:00:00Z',
      excl_vat: '10.00',
      incl_vat: '11.90',
      reverse_charge: true,
    });
    const statement = statementOf(
      spec
        .given([])
        .when(close({ entries: [rc] }))
        .events(),
    );
    expect(statement.cdr_lines[0]).toMatchObject({ amount_minor: '1000', vat_minor: '0' });
  });

  it('the same period_end again (any notation of the instant) -> no events', () => {
    const first = issued(close({ entries: [CDR_1] }));
    spec
      .given([first])
      .when(close({ period_end: '2026-02-01T01:00:00+01:00' }))
      .thenNothing();
    expect(
      closedPeriodAt(decider.evolve(decider.initialState(), first), '2026-02-01T00:00:00Z'),
    ).toEqual({ statement_id: 'ST-2026-01', sequence: 1, period_end: '2026-02-01T00:00:00Z' });
  });

  it('stores period_end in canonical UTC notation (it starts the next period)', () => {
    const command = close({ period_end: '2026-02-01T01:00:00+01:00' });
    expect(statementOf(spec.given([]).when(command).events()).period_end).toBe(
      '2026-02-01T00:00:00Z',
    );
  });

  it('rejects a period_end after now', () => {
    spec
      .given([])
      .when(close({ closed_at: '2026-01-31T23:59:59Z' }))
      .thenRejects('statement_period_in_future', 'period_end');
  });

  it('rejects a period_end not after the previous one', () => {
    const first = issued(close());
    spec
      .given([first])
      .when(close({ period_end: '2026-01-15T00:00:00Z', statement_id: 'ST-X' }))
      .thenRejects('statement_period_not_after_previous', 'period_end');
  });

  it('rejects a period of more entries than one statement takes, by a code (not a 500)', () => {
    const entries = Array.from({ length: STATEMENT_ENTRIES_MAX + 1 }, () => CDR_1);
    spec.given([]).when(close({ entries })).thenRejects('statement_period_too_large', 'period_end');
  });

  it('rejects a first period_end not after the start of the agreement', () => {
    spec
      .given([])
      .when(close({ period_end: '2026-01-01T00:00:00Z' }))
      .thenRejects('statement_period_before_agreement', 'period_end');
  });

  it('rejects a period_end that is not a date-time', () => {
    spec
      .given([])
      .when(close({ period_end: 'yesterday' }))
      .thenRejects('validation_failed', 'period_end');
  });

  it('two closes racing: the loser, re-decided on the new state, issues nothing', () => {
    const winner = spec
      .given([])
      .when(close({ entries: [CDR_1] }))
      .events();
    spec
      .given(winner)
      .when(close({ entries: [CDR_1] }))
      .thenNothing();
  });

  it('an entry posted outside the period is a bug of the handler (invariant)', () => {
    const outside = { ...CDR_1, posted_at: '2026-02-01T00:00:01Z' };
    expect(() =>
      spec
        .given([])
        .when(close({ entries: [outside] }))
        .events(),
    ).toThrow(/outside the period/);
    expect(() =>
      spec
        .given([])
        .when(close({ entries: [CDR_1, CDR_1] }))
        .events(),
    ).toThrow(/passed twice/);
    const stray = payment('PAY-X', '10', '2026-01-05T00:00:00Z', HUB, EMSP);
    expect(() =>
      spec
        .given([])
        .when(close({ entries: [stray] }))
        .events(),
    ).toThrow(/payment/);
  });
});
