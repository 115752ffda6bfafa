import { invariant, samePartyId } from '#ledger';
import { Dec } from '#money';
import {
  statementCdrLines,
  type ChargesReconciliation,
  type FeesReconciliation,
  type SettlementStatement,
  type StatementReconciliation,
  type VatRateDifference,
  type VatRateReconciliation,
  VAT_RATE_DIFFERENCES_LISTED_MAX,
} from '#settlement';
import type { InvoiceDraft } from './invoice.js';
import { chargeVatParts, placeOfSupplyRate } from './vat-rates.js';

/**
 * The statement against its documents (pure): the ledger posted each CDR's amount incl. VAT
 * rounded per CDR ("sum of rounded lines"), while a document computes VAT per rate on the sum of
 * the rounded line nets and rounds it once ("rounded total", EN 16931 BR-CO-17). The nets are
 * the same on both sides, so the whole difference is VAT rounding, shown per rate. Nothing is
 * posted for it: the documents are the tax documents; the statement shows both figures.
 */
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);
const rateKey = (category: string, rate_percent: string) =>
  `${category}:${new Dec(rate_percent).toFixed()}`;
const signOf = (draft: InvoiceDraft): bigint => (draft.type === 'CREDIT_NOTE' ? -1n : 1n);

interface RateGroup {
  category: string;
  rate_percent: string;
  lines: number;
  net: bigint;
  posted_vat: bigint;
  invoiced_net: bigint;
  invoiced_vat: bigint;
}

function signedTotals(drafts: readonly InvoiceDraft[]) {
  const of = (pick: (draft: InvoiceDraft) => string) =>
    sum(drafts.map((draft) => signOf(draft) * BigInt(pick(draft))));
  return {
    excl_vat: of((draft) => draft.totals.tax_exclusive_minor),
    vat: of((draft) => draft.totals.vat_minor),
    incl_vat: of((draft) => draft.totals.tax_inclusive_minor),
  };
}

function chargesReconciliation(
  statement: SettlementStatement,
  drafts: readonly InvoiceDraft[],
): ChargesReconciliation {
  const lines = statementCdrLines(statement);
  const groups = new Map<string, RateGroup>();
  const group = (category: string, rate_percent: string): RateGroup => {
    const key = rateKey(category, rate_percent);
    const found = groups.get(key) ?? {
      ...{ category, rate_percent, lines: 0, net: 0n, posted_vat: 0n },
      ...{ invoiced_net: 0n, invoiced_vat: 0n },
    };
    groups.set(key, found);
    return found;
  };
  for (const line of lines) {
    for (const part of chargeVatParts(statement.vat_treatment, line)) {
      const entry = group(part.vat.category, part.vat.rate_percent);
      entry.lines += 1;
      entry.net += part.net_minor;
      entry.posted_vat += part.posted_vat_minor;
    }
  }
  for (const draft of drafts) {
    for (const breakdown of draft.vat_breakdown) {
      const entry = group(breakdown.category, breakdown.rate_percent);
      entry.invoiced_net += signOf(draft) * BigInt(breakdown.taxable_minor);
      entry.invoiced_vat += signOf(draft) * BigInt(breakdown.tax_minor);
    }
  }
  const by_vat_rate: VatRateReconciliation[] = [...groups.values()].map((g) => {
    invariant(g.net === g.invoiced_net, `nets of VAT ${g.category} ${g.rate_percent} % differ`);
    return {
      category: g.category,
      rate_percent: g.rate_percent,
      lines: g.lines,
      net_minor: g.net.toString(),
      posted_vat_minor: g.posted_vat.toString(),
      invoiced_vat_minor: g.invoiced_vat.toString(),
      difference_minor: (g.invoiced_vat - g.posted_vat).toString(),
    };
  });
  const posted = sum(lines.map((line) => BigInt(line.amount_minor)));
  const posted_vat = sum(lines.map((line) => BigInt(line.vat_minor)));
  const invoiced = signedTotals(drafts);
  invariant(invoiced.excl_vat === posted - posted_vat, 'charge documents net differs from ledger');
  return {
    posted_minor: posted.toString(),
    posted_vat_minor: posted_vat.toString(),
    invoiced_excl_vat_minor: invoiced.excl_vat.toString(),
    invoiced_vat_minor: invoiced.vat.toString(),
    invoiced_incl_vat_minor: invoiced.incl_vat.toString(),
    difference_minor: (invoiced.incl_vat - posted).toString(),
    by_vat_rate,
  };
}

function feesReconciliation(
  statement: SettlementStatement,
  drafts: readonly InvoiceDraft[],
): FeesReconciliation[] {
  return statement.fee_balances.map((balance) => {
    const own = drafts.filter((draft) => samePartyId(draft.issuer.party, balance.beneficiary));
    const invoiced = signedTotals(own);
    const posted = BigInt(balance.fees_minor);
    return {
      beneficiary: balance.beneficiary,
      settled_on: 'excl_vat' as const,
      vat_on_fees: 'invoiced_separately' as const,
      posted_minor: posted.toString(),
      invoiced_excl_vat_minor: invoiced.excl_vat.toString(),
      invoiced_vat_minor: invoiced.vat.toString(),
      invoiced_incl_vat_minor: invoiced.incl_vat.toString(),
      difference_excl_vat_minor: (invoiced.excl_vat - posted).toString(),
    };
  });
}

function vatRateDifferences(statement: SettlementStatement): VatRateDifference[] {
  if (statement.vat_treatment !== 'standard') return [];
  return [...statement.cdr_lines, ...statement.credit_lines].flatMap((line) => {
    const stated = line.session.stated_vat_rate_percent ?? null;
    if (stated === null) return [];
    const table = placeOfSupplyRate(
      line.session.country_of_supply,
      line.session.supply_date ?? null,
    );
    if (table !== null && new Dec(table).equals(stated)) return [];
    const { country_code, party_id, cdr_id } = line;
    return [
      {
        ...{ country_code, party_id, cdr_id },
        country_of_supply: line.session.country_of_supply,
        stated_rate_percent: stated,
        place_of_supply_rate_percent: table,
      },
    ];
  });
}

/** The reconciliation of a statement with the documents planned from it (`planInvoices`). */
export function reconcileStatement(
  statement: SettlementStatement,
  drafts: readonly InvoiceDraft[],
): StatementReconciliation {
  const charges = drafts.filter(
    (draft) => draft.kind === 'cdr_charges' && samePartyId(draft.issuer.party, statement.cpo),
  );
  const fees = drafts.filter((d) => d.kind === 'fees');
  const differences = vatRateDifferences(statement);
  return {
    policy: 'line_nets_rounded_vat_rounded_once_per_rate',
    rounding: statement.rounding,
    charges: chargesReconciliation(statement, charges),
    fees: feesReconciliation(statement, fees),
    vat_rate_differences: differences.slice(0, VAT_RATE_DIFFERENCES_LISTED_MAX),
    vat_rate_differences_total: differences.length,
  };
}

/** The statement as appended: its ledger figures plus their reconciliation with the documents. */
export function withReconciliation(
  statement: SettlementStatement,
  drafts: readonly InvoiceDraft[],
): SettlementStatement {
  return { ...statement, reconciliation: reconcileStatement(statement, drafts) };
}
