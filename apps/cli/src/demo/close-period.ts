/**
 * Closing the demo month: a settlement statement per agreement, then every partner's balances
 * and invoices. Each of these endpoints may not exist on the server being driven (they are
 * newer than the OCPI receiver): a 404 makes it "not available", not a failure.
 */
import { AGREEMENTS, PARTIES, type DemoParty } from './parties.js';
import { forEachBounded, type DemoHttp } from './http-client.js';

type EndpointState = 'answered' | 'not available';

/** A statement's reconciliation with its documents (major-unit strings), when it has one. */
interface StatementFigures {
  readonly currency: string;
  /** What the ledger posted for the CPO's charges (incl. VAT when standard). */
  readonly posted: string;
  readonly invoiced_incl_vat: string;
  /** invoiced - posted: VAT rounding (per rate on the sum vs per CDR). */
  readonly rounding_difference: string;
  /** Fees posted net (excl. VAT), all beneficiaries. */
  readonly fees_posted_net: string;
  /** VAT on the fees: on the fee invoices only. */
  readonly fees_vat_invoiced: string;
  readonly vat_rate_differences: number;
}

interface StatementIssued {
  readonly agreement_id: string;
  readonly status: number;
  readonly invoice_ids: readonly string[];
  readonly figures: StatementFigures | null;
}

interface BalanceRow {
  readonly party: DemoParty;
  readonly currency: string;
  readonly amount: string;
  readonly counterparties: readonly { readonly party: string; readonly amount: string }[];
}

interface InvoiceRow {
  readonly id: string;
  readonly number: string;
  readonly type: string;
  readonly issuer: string;
  readonly recipient: string;
  readonly currency: string;
  readonly total_excl_vat: string;
  readonly total_incl_vat: string;
}

export interface PeriodClose {
  readonly endpoints: {
    readonly statements: EndpointState;
    readonly balances: EndpointState;
    readonly invoices: EndpointState;
  };
  readonly statements: readonly StatementIssued[];
  readonly balances: readonly BalanceRow[];
  readonly invoices: readonly InvoiceRow[];
}

/** Requests the close makes: one statement per agreement, balances and invoices per party. */
export const CLOSE_REQUESTS = AGREEMENTS.length + 2 * PARTIES.length;

const CONCURRENCY = 4;
const NOT_FOUND = 404;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const partyName = (value: unknown) => {
  const party = (value ?? {}) as Record<string, unknown>;
  return party.country_code ? `${text(party.country_code)}/${text(party.party_id)}` : text(value);
};
const partyPath = (p: DemoParty) => `/v1/partners/${p.country_code}/${p.party_id}`;

const minor = (value: unknown) => {
  const digits = /^-?\d+$/.test(text(value)) ? text(value) : '0';
  return BigInt(digits);
};
/** Minor units as a major-unit decimal string (2 decimals: the demo's currency is EUR). */
const major = (amount: bigint) => {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

interface ReconciliationBody {
  charges?: Record<string, unknown>;
  fees?: Record<string, unknown>[];
  vat_rate_differences?: unknown[];
  vat_rate_differences_total?: number;
}

function figuresOf(statement: unknown): StatementFigures | null {
  const body = (statement ?? {}) as { currency?: unknown; reconciliation?: ReconciliationBody };
  const reconciliation = body.reconciliation;
  if (reconciliation?.charges === undefined) return null;
  const { charges } = reconciliation;
  const fees = reconciliation.fees ?? [];
  const total = (pick: (fee: Record<string, unknown>) => unknown) =>
    fees.reduce((sum, fee) => sum + minor(pick(fee)), 0n);
  return {
    currency: text(body.currency),
    posted: major(minor(charges.posted_minor)),
    invoiced_incl_vat: major(minor(charges.invoiced_incl_vat_minor)),
    rounding_difference: major(minor(charges.difference_minor)),
    fees_posted_net: major(total((fee) => fee.posted_minor)),
    fees_vat_invoiced: major(total((fee) => fee.invoiced_vat_minor)),
    vat_rate_differences:
      reconciliation.vat_rate_differences_total ??
      (reconciliation.vat_rate_differences ?? []).length,
  };
}

async function closeStatements(http: DemoHttp) {
  const issued: StatementIssued[] = [];
  let missing = false;
  await forEachBounded(AGREEMENTS, CONCURRENCY, async (agreement) => {
    const path = `/v1/agreements/${encodeURIComponent(agreement.id)}/statements`;
    const request = { method: 'POST', path, auth: 'admin', body: {}, expect: [201, 200] } as const;
    const answer = await http.send({ ...request, label: 'statement POST' }, [NOT_FOUND]);
    if (answer.status === NOT_FOUND) missing = true;
    if (answer.status !== 201 && answer.status !== 200) return;
    const invoices = ((answer.body as { invoices?: unknown[] }).invoices ?? []) as {
      id?: unknown;
    }[];
    issued.push({
      agreement_id: agreement.id,
      status: answer.status,
      invoice_ids: invoices.map((invoice) => text(invoice.id)),
      figures: figuresOf((answer.body as { statement?: unknown }).statement),
    });
  });
  issued.sort((a, b) => a.agreement_id.localeCompare(b.agreement_id));
  return { state: (missing ? 'not available' : 'answered') as EndpointState, issued };
}

async function perParty<T>(
  http: DemoHttp,
  suffix: string,
  label: string,
  read: (p: DemoParty, body: unknown) => T[],
) {
  const rows: T[][] = PARTIES.map(() => []);
  let missing = false;
  await forEachBounded(PARTIES, CONCURRENCY, async (party, index) => {
    const request = {
      method: 'GET',
      path: `${partyPath(party)}/${suffix}`,
      auth: 'admin',
      expect: [200],
    } as const;
    const answer = await http.send({ ...request, label }, [NOT_FOUND]);
    if (answer.status === NOT_FOUND) missing = true;
    if (answer.status === 200) rows[index] = read(party, answer.body);
  });
  return { state: (missing ? 'not available' : 'answered') as EndpointState, rows: rows.flat() };
}

function balanceRows(party: DemoParty, body: unknown): BalanceRow[] {
  const balances = ((body as { balances?: unknown[] }).balances ?? []) as Record<string, unknown>[];
  return balances.map((balance) => ({
    party,
    currency: text(balance.currency),
    amount: text(balance.amount),
    counterparties: ((balance.counterparties ?? []) as Record<string, unknown>[]).map((c) => ({
      party: partyName(c),
      amount: text(c.amount),
    })),
  }));
}

/** The documents a party issued or received (each appears under both; deduplicated later). */
function invoiceRows(_party: DemoParty, body: unknown): InvoiceRow[] {
  const invoices = ((body as { invoices?: unknown[] }).invoices ?? []) as Record<string, unknown>[];
  return invoices.map((invoice) => ({
    id: text(invoice.id),
    number: text(invoice.number ?? invoice.id),
    type: text(invoice.type),
    issuer: partyName(invoice.issuer),
    recipient: partyName(invoice.recipient),
    currency: text(invoice.currency),
    total_excl_vat: text(invoice.total_excl_vat),
    total_incl_vat: text(invoice.total_incl_vat),
  }));
}

export async function closePeriod(http: DemoHttp): Promise<PeriodClose> {
  const statements = await closeStatements(http);
  const balances = await perParty(http, 'balances', 'balances GET', balanceRows);
  const invoices = await perParty(http, 'invoices', 'invoices GET', invoiceRows);
  return {
    endpoints: { statements: statements.state, balances: balances.state, invoices: invoices.state },
    statements: statements.issued,
    balances: balances.rows,
    invoices: [...new Map(invoices.rows.map((row) => [row.id, row])).values()].sort((a, b) =>
      a.number.localeCompare(b.number),
    ),
  };
}
