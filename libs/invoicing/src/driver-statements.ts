/**
 * Which price-plan version prices each driver session of a period, and the statement-shaped
 * groups that `planDriverInvoices` turns into driver invoices: a pure rule, so an auditor can
 * replay the choice. A session is priced with the eMSP's plan version in force when it started;
 * a session that started before the eMSP's first version is refused (`price_plan_not_in_force`),
 * never priced retroactively with a plan published later.
 */
import { invariant, partyKey } from '#ledger';
import {
  planInForceAt,
  PricePlanRejection,
  type DriverBillingPeriod,
  type PricePlanState,
  type PricePlanVersion,
} from '#price-plans';
import type { SettlementStatement, StatementCdrLine } from '#settlement';
import type { EndCustomerPricePlan } from './driver-invoices.js';

/** A statement-shaped group of the period's lines that one price-plan version prices. */
export interface DriverStatement {
  readonly statement: SettlementStatement;
  readonly plan: EndCustomerPricePlan;
  /** The plan version in force at the start of every session of the group. */
  readonly price_plan_version: number;
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

/** The plan version in force when the session started; a session before every version: refused. */
export function pricePlanVersionOf(
  plans: PricePlanState,
  period: DriverBillingPeriod,
  line: StatementCdrLine,
): PricePlanVersion {
  const version = planInForceAt(plans, line.session.start_date_time);
  if (version !== null) return version;
  const emsp = partyKey(period.emsp);
  const first = plans.versions[0];
  throw first === undefined
    ? new PricePlanRejection(
        'price_plan_missing',
        `eMSP ${emsp} has no price plan to invoice its drivers with`,
      )
    : new PricePlanRejection(
        'price_plan_not_in_force',
        `CDR ${line.country_code}/${line.party_id}/${line.cdr_id}: its session started at ` +
          `${line.session.start_date_time}, before eMSP ${emsp}'s first price plan ` +
          `(in force from ${first.effective_from}); it cannot be priced with a later plan`,
      );
}

/**
 * Groups the agreements' statements of one driver period by currency, rounding and price-plan
 * version: one statement-shaped group each, so `planDriverInvoices` issues one invoice per
 * contract id per group - per period, unless the plan or currency changed within it. Lines
 * without a contract id are not invoiced to a driver.
 */
export function driverStatementsOfPeriod(
  statements: readonly SettlementStatement[],
  plans: PricePlanState,
  period: DriverBillingPeriod,
): DriverStatement[] {
  const groups = new Map<string, Group>();
  for (const statement of statements) {
    for (const [kind, lines] of [
      ['cdr_lines', statement.cdr_lines],
      ['credit_lines', statement.credit_lines],
      ['refund_lines', statement.adjustment_lines ?? []],
    ] as const) {
      for (const line of lines) {
        if (line.session.contract_id === null) continue;
        const version = pricePlanVersionOf(plans, period, line);
        const key = `${statement.currency}|${statement.rounding}|${version.version}`;
        const group = groups.get(key) ?? newGroup(statement, version);
        groups.set(key, group);
        group.agreements.add(statement.agreement_id);
        group[kind].push(line);
      }
    }
  }
  const ids = new Set<string>();
  return [...groups.values()].map((group) => driverStatementOf(group, period, ids));
}

function newGroup(base: SettlementStatement, version: PricePlanVersion): Group {
  return {
    base,
    version,
    agreements: new Set<string>(),
    cdr_lines: [],
    credit_lines: [],
    refund_lines: [],
  };
}

function driverStatementOf(
  group: Group,
  period: DriverBillingPeriod,
  ids: Set<string>,
): DriverStatement {
  const { base, version } = group;
  let statement_id = `${period.period_id}-${base.currency}-p${version.version}`;
  if (ids.has(statement_id)) statement_id = `${statement_id}-${base.rounding}`;
  invariant(!ids.has(statement_id), `driver statement id ${statement_id} twice`);
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
    price_plan_version: version.version,
  };
}
