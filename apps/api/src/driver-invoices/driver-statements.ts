import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import { agreementInForceAt } from '../../../../libs/agreements/src/index.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import {
  driverRefundLine,
  type EndCustomerPricePlan,
} from '../../../../libs/invoicing/src/index.js';
import { compareInstants, instantMs, partyKey } from '../../../../libs/ledger/src/index.js';
import {
  planInForceAt,
  PricePlanRejection,
  type DriverBillingPeriod,
  type PricePlanState,
  type PricePlanVersion,
} from '../../../../libs/price-plans/src/index.js';
import {
  decideStatement,
  initialStatementState,
  type SettlementStatement,
  type StatementCdrLine,
} from '../../../../libs/settlement/src/index.js';
import type { DocumentQueries } from '../../../../projections/src/documents/documents.queries.js';
import { loadAgreement } from '../statements/statement-stream.js';

/** Upper bound on agreements one eMSP holds (one per CPO in practice). */
const EMSP_AGREEMENTS_MAX = 10_000;

/** A statement-shaped group of the period's lines that one price-plan version prices. */
export interface DriverStatement {
  readonly statement: SettlementStatement;
  readonly plan: EndCustomerPricePlan;
}

interface Group {
  readonly base: SettlementStatement;
  readonly version: PricePlanVersion;
  readonly agreements: Set<string>;
  readonly cdr_lines: StatementCdrLine[];
  readonly credit_lines: StatementCdrLine[];
  /** Driver refunds of disputes (the agreement statement's B2B adjustments never go here). */
  readonly refund_lines: StatementCdrLine[];
}

/** Agreement ids where the party is the eMSP, from the agreement-relations read model. */
function agreementsOfEmsp(db: DatabaseSync, emsp_key: string): string[] {
  const rows = db
    .prepare(
      'SELECT agreement_id FROM relation_agreements WHERE emsp = ? ORDER BY agreement_id LIMIT ?',
    )
    .all(emsp_key, EMSP_AGREEMENTS_MAX) as { agreement_id: string }[];
  assert.ok(rows.length < EMSP_AGREEMENTS_MAX, `eMSP ${emsp_key} holds too many agreements`);
  return rows.map((row) => row.agreement_id);
}

/**
 * The CDR lines one agreement's settlement statement would hold for the driver period, built
 * by the statement decider itself (same amounts excl. VAT, same session facts) from a fresh
 * state: nothing is appended, the settlement close of the agreement is not touched.
 */
async function agreementLines(
  args: DriverStatementsArgs,
  agreement_id: string,
): Promise<SettlementStatement | null> {
  const { period } = args;
  const agreement = await loadAgreement(args.store, agreement_id);
  if (agreement === null) return null;
  const terms = agreementInForceAt(agreement.state, period.period_end);
  if (terms === null) return null;
  const since =
    period.period_start !== null && compareInstants(period.period_start, agreement.since) > 0
      ? period.period_start
      : agreement.since;
  if (compareInstants(period.period_end, since) <= 0) return null;
  const entries = args.documents.cdrEntriesOf(
    agreement_id,
    instantMs(since),
    instantMs(period.period_end),
  );
  const refunds = args.documents.driverRefundsOf(
    agreement_id,
    instantMs(since),
    instantMs(period.period_end),
  );
  if (entries.length === 0 && refunds.length === 0) return null;
  const [event] = decideStatement(
    {
      type: 'CloseSettlementPeriod',
      statement_id: period.period_id,
      agreement_id,
      period_end: period.period_end,
      closed_at: period.closed_at,
      agreement_since: since,
      terms,
      entries,
    },
    initialStatementState(),
  );
  assert.ok(event !== undefined, `agreement ${agreement_id}: no statement for the driver period`);
  const statement = event.data;
  return {
    ...statement,
    adjustment_lines: refunds.map((refund) => driverRefundLine(refund, statement)),
  };
}

export interface DriverStatementsArgs {
  readonly store: EventStore;
  readonly db: DatabaseSync;
  readonly documents: DocumentQueries;
  readonly period: DriverBillingPeriod;
  readonly plans: PricePlanState;
}

/**
 * The period's lines of all the eMSP's agreements, grouped by currency, rounding and the
 * price-plan version in force when each session started (sessions before the first version are
 * priced with it): one statement-shaped group each, so `planDriverInvoices` issues one invoice
 * per contract id per group - per period, unless the plan or currency changed within it.
 * Throws `price_plan_missing` when a driver is to be invoiced and the eMSP has no plan.
 */
export async function driverStatementsOf(args: DriverStatementsArgs): Promise<DriverStatement[]> {
  const { period, plans } = args;
  const groups = new Map<string, Group>();
  for (const agreement_id of agreementsOfEmsp(args.db, partyKey(period.emsp))) {
    const statement = await agreementLines(args, agreement_id);
    if (statement === null) continue;
    for (const [kind, lines] of [
      ['cdr_lines', statement.cdr_lines],
      ['credit_lines', statement.credit_lines],
      ['refund_lines', statement.adjustment_lines ?? []],
    ] as const) {
      for (const line of lines) {
        if (line.session.contract_id === null) continue;
        const version = planInForceAt(plans, line.session.start_date_time) ?? plans.versions[0];
        if (version === undefined) {
          throw new PricePlanRejection(
            'price_plan_missing',
            `eMSP ${partyKey(period.emsp)} has no price plan to invoice its drivers with`,
          );
        }
        const key = `${statement.currency}|${statement.rounding}|${version.version}`;
        const group = groups.get(key) ?? {
          base: statement,
          version,
          agreements: new Set<string>(),
          cdr_lines: [],
          credit_lines: [],
          refund_lines: [],
        };
        groups.set(key, group);
        group.agreements.add(agreement_id);
        group[kind].push(line);
      }
    }
  }
  const ids = new Set<string>();
  return [...groups.values()].map((group): DriverStatement => {
    const { base, version } = group;
    let statement_id = `${period.period_id}-${base.currency}-p${version.version}`;
    if (ids.has(statement_id)) statement_id = `${statement_id}-${base.rounding}`;
    assert.ok(!ids.has(statement_id), `driver statement id ${statement_id} twice`);
    ids.add(statement_id);
    const agreements = [...group.agreements];
    const statement: SettlementStatement = {
      ...base,
      statement_id,
      agreement_id: agreements.length === 1 ? agreements[0]! : agreements.join('+'),
      period_start: period.period_start ?? base.period_start,
      cdr_lines: group.cdr_lines,
      credit_lines: group.credit_lines,
      adjustment_lines: group.refund_lines,
    };
    return {
      statement,
      plan: { markup_percent: version.markup_percent, fee_per_session: version.fee_per_session },
    };
  });
}
