import { type CdrReference, type PartyId, partyKey, samePartyId } from '#ledger';
import { type SettlementStatement, statementCdrLines, type StatementCdrLine } from '#settlement';
import {
  type Charge,
  type DocumentPlan,
  documentsOfPlan,
  type InvoicedCdr,
  type LineModel,
} from './invoice-documents.js';
import { ITEMISED_CHARGES_MAX } from './invoice-line-groups.js';
import type { InvoiceDraft, InvoiceParty, IssuerParty } from './invoice.js';
import { chargeVatParts, vatClassification } from './vat-rates.js';

/**
 * Planning the partner documents of a settlement statement (pure). Per statement:
 * - one INVOICE CPO -> eMSP (`cdr_charges`): a line per CDR at its net amount (the CPO's amount
 *   excl. VAT, rounded once); a credit CDR whose credited CDR is in the same statement is a
 *   negative line on it;
 * - one INVOICE per fee beneficiary -> CPO (`fees`): a line per CDR charged a fee;
 * - a CREDIT_NOTE for credit CDRs whose credited CDR was invoiced before, one per credited
 *   invoice, referencing it (BT-25, BT-26); likewise for the fees of such CDRs;
 * - for dispute adjustments of CDRs invoiced before: a CREDIT_NOTE (amounts down) or a
 *   corrective INVOICE (amounts up) per original invoice, referencing it (BT-25, BT-26), for
 *   the charges and likewise for the fees; an adjustment of a CDR of this very statement is a
 *   signed line on its invoice.
 * A document without lines is not issued. Numbers are given at issue (invoice-number decider).
 */
export interface InvoicePlanningContext {
  /** Partner details (names, VAT ids, addresses) of every party of the statement. */
  readonly parties: readonly InvoiceParty[];
  /** Earlier invoices of the CDRs that credit CDRs of this statement credit (see below). */
  readonly invoiced_cdrs: readonly InvoicedCdr[];
}

/**
 * The CDRs a close must look up in `invoiced_cdrs`: those credited by credit CDRs, and those
 * adjusted by disputes, when invoiced in earlier periods.
 */
export function creditedCdrsToLookUp(statement: SettlementStatement): CdrReference[] {
  const here = new Set(statement.cdr_lines.map((line) => line.cdr_id));
  const credited = statement.credit_lines
    .filter((line) => line.credit_of !== null && !here.has(line.credit_of))
    .map((line) => ({
      country_code: line.country_code,
      party_id: line.party_id,
      cdr_id: line.credit_of as string,
    }));
  const adjusted = (statement.adjustment_lines ?? [])
    .filter((line) => !here.has(line.cdr_id))
    .map(({ country_code, party_id, cdr_id }) => ({ country_code, party_id, cdr_id }));
  return [...credited, ...adjusted];
}

function chargeItemName(line: StatementCdrLine): string {
  if (line.dispute_id !== undefined) {
    return `Adjustment of CDR ${line.cdr_id} (dispute ${line.dispute_id})`;
  }
  return line.credit_of === null
    ? `EV charging session, CDR ${line.cdr_id}`
    : `Credit of CDR ${line.credit_of} (credit CDR ${line.cdr_id})`;
}

function feeItemName(line: StatementCdrLine): string {
  if (line.dispute_id !== undefined) {
    return `Adjustment of the roaming fee of CDR ${line.cdr_id} (dispute ${line.dispute_id})`;
  }
  return line.credit_of === null
    ? `Roaming fee, CDR ${line.cdr_id}`
    : `Credit of the roaming fee of CDR ${line.credit_of} (credit CDR ${line.cdr_id})`;
}

/** A partner's details from the context; an unknown partner is named by its OCPI key. */
export function partnerDetails(parties: readonly InvoiceParty[], party: PartyId): IssuerParty {
  const found = parties.find(
    (details) => details.party !== null && samePartyId(details.party, party),
  );
  if (found !== undefined) return { ...found, party };
  return {
    party,
    name: partyKey(party),
    country_code: party.country_code,
    vat_id: null,
    electronic_address: null,
    address: null,
  };
}

/** Fees are posted net per CDR; the close posts the VAT this document charges. */
export const FEES_SETTLED_NET_NOTE =
  'The settlement ledger posts these fees net of VAT per CDR and the VAT on this document at ' +
  'the period close: the fee balance includes it, the payable amount settles it.';

const compactKey = (party: PartyId): string => `${party.country_code}${party.party_id}`;

function chargesPlan(
  statement: SettlementStatement,
  lines: readonly StatementCdrLine[],
  context: InvoicePlanningContext,
): DocumentPlan {
  const charges: Charge[] = lines.flatMap((line) =>
    chargeVatParts(statement.vat_treatment, line).map((part) => ({
      line,
      net_minor: part.net_minor,
      vat: part.vat,
      item_name:
        part.label === null ? chargeItemName(line) : `${chargeItemName(line)}: ${part.label}`,
    })),
  );
  return {
    kind: 'cdr_charges',
    issuer: partnerDetails(context.parties, statement.cpo),
    recipient: partnerDetails(context.parties, statement.emsp),
    id_part: `charges-${compactKey(statement.cpo)}`,
    reverse_charge: statement.vat_treatment === 'reverse_charge',
    charges,
    itemised_max: ITEMISED_CHARGES_MAX,
  };
}

function feePlans(
  statement: SettlementStatement,
  lines: readonly StatementCdrLine[],
  context: InvoicePlanningContext,
): DocumentPlan[] {
  const feeVat = (line: StatementCdrLine) =>
    vatClassification(
      statement.vat_treatment,
      statement.cpo.country_code,
      line.session.supply_date ?? null,
    );
  const beneficiaries = new Map<string, { party: PartyId; charges: Charge[] }>();
  for (const line of lines) {
    for (const fee of line.fees) {
      const key = partyKey(fee.beneficiary);
      const entry = beneficiaries.get(key) ?? { party: fee.beneficiary, charges: [] };
      beneficiaries.set(key, entry);
      const net = BigInt(fee.amount_minor);
      if (net === 0n) continue;
      entry.charges.push({ line, net_minor: net, vat: feeVat(line), item_name: feeItemName(line) });
    }
  }
  return [...beneficiaries.values()].map(({ party, charges }) => ({
    kind: 'fees',
    issuer: partnerDetails(context.parties, party),
    recipient: partnerDetails(context.parties, statement.cpo),
    id_part: `fees-${compactKey(party)}`,
    reverse_charge: statement.vat_treatment === 'reverse_charge',
    charges,
    notes: [FEES_SETTLED_NET_NOTE],
    itemised_max: ITEMISED_CHARGES_MAX,
  }));
}

/**
 * The partner documents of a statement, not numbered yet; throws `vat_rate_unknown`. `model`
 * `itemised` plans them with a line per CDR charge whatever their size: the CDR list of a
 * document with aggregated lines (`GET /v1/invoices/{id}/cdrs`), never issued as such.
 */
export function planInvoices(
  statement: SettlementStatement,
  context: InvoicePlanningContext,
  model: LineModel = 'as_issued',
): InvoiceDraft[] {
  const lines = statementCdrLines(statement);
  const plans = [chargesPlan(statement, lines, context), ...feePlans(statement, lines, context)];
  return plans.flatMap((plan) => documentsOfPlan(plan, statement, context.invoiced_cdrs, model));
}
