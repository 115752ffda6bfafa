import type { AgreementVersion } from '#agreements';
import {
  buildCdrTransaction,
  decimalString,
  DomainRejection,
  LedgerDecimal,
  toMinorUnits,
  toTransactionJson,
} from '#ledger';
import type {
  CdrContext,
  CdrEvent,
  CdrPostedData,
  CdrResolutionDecision,
  CdrState,
} from './cdr.js';

/**
 * ResolveHeldCdr: a dispute handler or admin decides a held CDR for good.
 * - POST_CLAIMED: posted at the CPO's `total_cost` under the agreement in force now known for it;
 * - POST_LEDGER_PRICE: posted at the ledger's own price (the invoice line then carries it);
 * - REJECT: never posted (status REJECTED); the CPO may send a corrected CDR under a new id.
 * -> CdrResolved (+ CdrPosted). The same decision and note again -> no events (a retry).
 * Rejections: `cdr_unknown`, `cdr_not_held` (posted, credited or a credit CDR),
 * `cdr_already_resolved` (another decision recorded), `resolution_needs_agreement`,
 * `resolution_currency_mismatch`, `resolution_needs_ledger_price`, `resolution_signature_invalid`
 * (its signed meter data did not verify: only REJECT, a tampered value is never posted).
 */
export interface ResolveHeldCdr {
  readonly type: 'ResolveHeldCdr';
  readonly decision: CdrResolutionDecision;
  readonly note: string;
  /** The context looked up now (agreement, ledger price), as for a reassessment. */
  readonly context: CdrContext;
  readonly transaction_id: string;
  readonly resolved_by: string;
  readonly resolved_at: string;
}

function agreementFor(command: ResolveHeldCdr, currency: string): AgreementVersion {
  const agreement = command.context.agreement;
  if (agreement === null) {
    throw new DomainRejection(
      'resolution_needs_agreement',
      'no agreement is in force for this CDR: it can only be rejected until one is registered',
    );
  }
  if (agreement.currency !== currency) {
    throw new DomainRejection(
      'resolution_currency_mismatch',
      `CDR currency ${currency} differs from agreement currency ${agreement.currency}`,
    );
  }
  return agreement;
}

/** The amounts a POST_ decision settles: claimed or the ledger's, incl. and excl. VAT. */
function settledAmounts(command: ResolveHeldCdr, state: CdrState, currency: string) {
  const claimed = state.received!.claimed_total_cost;
  const claimed_incl = claimed.incl_vat ?? claimed.excl_vat;
  const price = command.context.ledger_price;
  const difference =
    price === null
      ? null
      : decimalString(new LedgerDecimal(price.total_cost.incl_vat).minus(claimed_incl));
  if (command.decision === 'POST_CLAIMED') {
    return { incl_vat: claimed_incl, excl_vat: claimed.excl_vat, difference, ledger: false };
  }
  if (price === null || price.currency !== currency) {
    throw new DomainRejection(
      'resolution_needs_ledger_price',
      'the ledger has no price of this CDR in its currency (no tariff, Location or pricing)',
    );
  }
  const { incl_vat, excl_vat } = price.total_cost;
  return { incl_vat, excl_vat, difference, ledger: true };
}

function posting(command: ResolveHeldCdr, state: CdrState): CdrPostedData {
  const received = state.received!;
  const currency = received.cdr.currency;
  const agreement = agreementFor(command, currency);
  const amounts = settledAmounts(command, state, currency);
  const settled_on = agreement.vat_treatment === 'standard' ? 'incl_vat' : 'excl_vat';
  const settled = settled_on === 'incl_vat' ? amounts.incl_vat : amounts.excl_vat;
  const amount_minor = toMinorUnits(settled, agreement.currency, agreement.rounding);
  const { country_code, party_id, cdr_id } = received;
  const key = { country_code, party_id, cdr_id };
  const transaction = buildCdrTransaction({
    transaction_id: command.transaction_id,
    terms: agreement,
    cdr: key,
    amount_minor,
    fee_base: amounts.excl_vat,
  });
  return {
    ...key,
    transaction: toTransactionJson(transaction),
    amount_minor: amount_minor.toString(),
    settled_on,
    price_difference: amounts.difference,
    credit_of: null,
    posted_at: command.resolved_at,
    ...(amounts.ledger ? { settled_excl_vat: amounts.excl_vat } : {}),
  };
}

export function resolveHeldCdr(command: ResolveHeldCdr, state: CdrState): CdrEvent[] {
  const { received, held } = state;
  if (received === null) throw new DomainRejection('cdr_unknown', 'the CDR was never received');
  if (state.resolved !== undefined) {
    const same =
      state.resolved.decision === command.decision && state.resolved.note === command.note;
    if (same) return [];
    throw new DomainRejection(
      'cdr_already_resolved',
      `CDR ${received.cdr_id} was already resolved ${state.resolved.decision}`,
    );
  }
  if (held === null || state.posted !== null) {
    throw new DomainRejection('cdr_not_held', `CDR ${received.cdr_id} is not held`);
  }
  const tampered = (state.findings ?? []).some((finding) => finding.type === 'SIGNATURE_INVALID');
  if (tampered && command.decision !== 'REJECT') {
    throw new DomainRejection(
      'resolution_signature_invalid',
      `the signed meter data of CDR ${received.cdr_id} did not verify: it can only be rejected`,
    );
  }
  const { country_code, party_id, cdr_id } = received;
  const resolved: CdrEvent = {
    type: 'CdrResolved',
    data: {
      country_code,
      party_id,
      cdr_id,
      decision: command.decision,
      note: command.note,
      resolved_by: command.resolved_by,
      hold_reason: held.reason,
      resolved_at: command.resolved_at,
    },
  };
  if (command.decision === 'REJECT') return [resolved];
  return [resolved, { type: 'CdrPosted', data: posting(command, state) }];
}
