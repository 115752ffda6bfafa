import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import { agreementInForceAt } from '#agreements';
import type { EventStore } from '#event-store';
import { driverRefundLine, driverStatementsOfPeriod, type DriverStatement } from '#invoicing';
import { compareInstants, instantMs, partyKey } from '#ledger';
import type { DriverBillingPeriod, PricePlanState } from '#price-plans';
import { decideStatement, initialStatementState, type SettlementStatement } from '#settlement';
import type { DocumentQueries } from '#projections';
import { loadAgreement } from '../statements/statement-stream.js';

/** Upper bound on agreements one eMSP holds (one per CPO in practice). */
const EMSP_AGREEMENTS_MAX = 10_000;

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
 * The period's lines of all the eMSP's agreements, grouped by the price-plan version in force
 * when each session started (`driverStatementsOfPeriod`, libs/invoicing): one statement-shaped
 * group per currency, rounding and version. Throws `price_plan_missing` when a driver is to be
 * invoiced and the eMSP has no plan, `price_plan_not_in_force` for a session before its first.
 */
export async function driverStatementsOf(args: DriverStatementsArgs): Promise<DriverStatement[]> {
  const statements: SettlementStatement[] = [];
  for (const agreement_id of agreementsOfEmsp(args.db, partyKey(args.period.emsp))) {
    const statement = await agreementLines(args, agreement_id);
    if (statement !== null) statements.push(statement);
  }
  return driverStatementsOfPeriod(statements, args.plans, args.period);
}
