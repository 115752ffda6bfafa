import { ciKey, sameCiValue } from '#ocpi';
import { Dec, fromMinorUnits, toMinorUnits } from '#money';
import { invalidField, isDecimalString } from '#ledger';
import type { DriverRefundEntry, SettlementStatement, StatementCdrLine } from '#settlement';
import {
  type Charge,
  type DocumentPlan,
  documentsOfPlan,
  type InvoicedCdr,
} from './invoice-documents.js';
import { partnerDetails } from './invoice-drafts.js';
import type { InvoiceDraft, InvoiceParty } from './invoice.js';
import { vatClassification } from './vat-rates.js';

/**
 * Driver invoices, eMSP -> driver (B2C): one per contract id (`cdr_token.contract_id`) per
 * statement, a line per session at the end-customer price: the CPO's cost excl. VAT times
 * (1 + markup_percent / 100) plus fee_per_session, rounded once per line by the agreement's
 * policy. VAT: always category S at the standard rate of the country of charging (no reverse
 * charge towards consumers). A credit CDR credits the same end-customer price (negative line, or
 * a credit note referencing the driver invoice of an earlier period). Sessions without a
 * contract id have nobody to invoice and are left out. Numbered in the eMSP's sequence.
 * A dispute's driver refund (incl. VAT) is a negative line of its own (`dispute_id`), net of
 * the VAT of the place of charging: a credit note referencing the driver invoice of the
 * session, or a line on the invoice of the same period.
 */
export interface EndCustomerPricePlan {
  /** Decimal string in percent added to the CPO's cost excl. VAT ("10" = +10 %). */
  readonly markup_percent: string;
  /** Decimal string, major units, excl. VAT, per session. */
  readonly fee_per_session: string;
}

export interface DriverInvoicingContext {
  /** Partner details of the eMSP (and others; only the eMSP is used). */
  readonly parties: readonly InvoiceParty[];
  /** Known driver details (`contract_id` set, `party` null); others are named by contract id. */
  readonly drivers: readonly InvoiceParty[];
  /** Earlier driver invoices of credited CDRs (`invoicedCdrsOf`, kind `driver_charges`). */
  readonly invoiced_cdrs: readonly InvoicedCdr[];
}

export function checkPricePlan(plan: EndCustomerPricePlan): void {
  for (const field of ['markup_percent', 'fee_per_session'] as const) {
    const value = plan[field];
    if (!isDecimalString(value) || value.startsWith('-')) {
      throw invalidField(field, 'must be a non-negative decimal string');
    }
  }
}

/** The end-customer net price of one session in minor units, signed like the CDR cost. */
export function driverNetMinor(
  cost_excl_vat_minor: bigint,
  plan: EndCustomerPricePlan,
  statement: Pick<SettlementStatement, 'currency' | 'rounding'>,
): bigint {
  const negative = cost_excl_vat_minor < 0n;
  const cost = fromMinorUnits(
    negative ? -cost_excl_vat_minor : cost_excl_vat_minor,
    statement.currency,
  );
  const price = cost
    .times(new Dec(plan.markup_percent).dividedBy(100).plus(1))
    .plus(plan.fee_per_session);
  const minor = toMinorUnits(price, statement.currency, statement.rounding);
  return negative ? -minor : minor;
}

function driverDetails(
  context: DriverInvoicingContext,
  contract_id: string,
  fallback_country: string,
): InvoiceParty {
  const found = context.drivers.find(
    (driver) => driver.contract_id !== undefined && sameCiValue(driver.contract_id, contract_id),
  );
  if (found !== undefined) return found;
  // eMI3 contract ids start with the issuing country: "NL-XYZ-C12345678-X".
  const prefix = /^([A-Z]{2})[-*]?/.exec(contract_id)?.[1];
  return {
    party: null,
    contract_id,
    name: `Contract ${contract_id}`,
    country_code: prefix ?? fallback_country,
    vat_id: null,
    electronic_address: null,
    address: null,
  };
}

/**
 * The statement line of a driver refund: minus the refund incl. VAT, its net the refund divided
 * by (1 + the place of supply's standard rate), rounded once by the statement's policy.
 */
export function driverRefundLine(
  entry: DriverRefundEntry,
  statement: Pick<SettlementStatement, 'currency' | 'rounding'>,
): StatementCdrLine {
  const { rate_percent } = vatClassification(
    'standard',
    entry.session.country_of_supply,
    entry.session.supply_date ?? null,
  );
  const incl = new Dec(entry.amount_incl_vat);
  const incl_minor = toMinorUnits(incl, statement.currency, statement.rounding);
  const net = incl.dividedBy(new Dec(rate_percent).dividedBy(100).plus(1));
  const net_minor = toMinorUnits(net, statement.currency, statement.rounding);
  return {
    ...entry.cdr,
    posted_at: entry.posted_at,
    credit_of: null,
    amount_minor: (-incl_minor).toString(),
    amount_excl_vat_minor: (-net_minor).toString(),
    vat_minor: (net_minor - incl_minor).toString(),
    settled_on: 'incl_vat',
    fees: [],
    session: entry.session,
    dispute_id: entry.dispute_id,
  };
}

function driverItemName(line: StatementCdrLine): string {
  if (line.dispute_id !== undefined) {
    return `Refund for charging session ${line.cdr_id} (dispute ${line.dispute_id})`;
  }
  return line.credit_of === null
    ? `EV charging session ${line.cdr_id}`
    : `Credit of charging session ${line.credit_of}`;
}

/** The driver documents of a statement; throws `vat_rate_unknown`, `validation_failed`. */
export function planDriverInvoices(
  statement: SettlementStatement,
  price_plan: EndCustomerPricePlan,
  context: DriverInvoicingContext,
): InvoiceDraft[] {
  checkPricePlan(price_plan);
  const by_contract = new Map<string, StatementCdrLine[]>();
  const refunds = statement.adjustment_lines ?? [];
  for (const line of [...statement.cdr_lines, ...statement.credit_lines, ...refunds]) {
    const contract_id = line.session.contract_id;
    if (contract_id === null) continue;
    // A contract id is a CiString: one driver, one invoice, whatever case each CDR used. The
    // invoice names the contract as its first line in the period wrote it.
    const key = ciKey(contract_id);
    const contract_lines = by_contract.get(key) ?? [];
    by_contract.set(key, contract_lines);
    contract_lines.push(line);
  }
  const emsp = partnerDetails(context.parties, statement.emsp);
  const plans = [...by_contract.values()].map((lines): DocumentPlan => {
    const contract_id = lines[0]!.session.contract_id!;
    const charges: Charge[] = lines.map((line) => ({
      line,
      // A refund is an amount the handler decided, not a price: no markup, no fee.
      net_minor:
        line.dispute_id !== undefined
          ? BigInt(line.amount_excl_vat_minor)
          : driverNetMinor(BigInt(line.amount_excl_vat_minor), price_plan, statement),
      vat: vatClassification(
        'standard',
        line.session.country_of_supply,
        line.session.supply_date ?? null,
      ),
      item_name: driverItemName(line),
    }));
    return {
      kind: 'driver_charges',
      issuer: emsp,
      recipient: driverDetails(context, contract_id, statement.emsp.country_code),
      id_part: `driver-${ciKey(contract_id).replace(/[^A-Za-z0-9-]/g, '_')}`,
      reverse_charge: false,
      charges,
    };
  });
  return plans.flatMap((plan) => documentsOfPlan(plan, statement, context.invoiced_cdrs));
}
