import { fromTransactionJson, type LedgerTransaction } from '#ledger';
import type { CdrAssessedContext, CdrState, CdrStatus } from './cdr.js';

/**
 * The CDR's status for queries: `CREDITED` once a credit CDR reversed it, `POSTED` when posted
 * (a credit CDR itself is `POSTED`: it posted the reversal), else the hold reason
 * (`PRICE_MISMATCH`, `NO_TARIFF`, `NO_AGREEMENT`, `NO_TIME_ZONE`, `CURRENCY_MISMATCH`,
 * `PRICING_FAILED`). Null when the CDR was never received.
 */
export function cdrStatus(state: CdrState): CdrStatus | null {
  if (state.received === null) return null;
  if (state.credited !== null) return 'CREDITED';
  if (state.resolved?.decision === 'REJECT') return 'REJECTED';
  if (state.posted !== null) return 'POSTED';
  if (state.held !== null) return state.held.reason;
  return null;
}

/** The transaction the CDR posted (for a credit CDR: the reversal), or null if held. */
export function cdrTransaction(state: CdrState): LedgerTransaction | null {
  return state.posted === null ? null : fromTransactionJson(state.posted.transaction);
}

/**
 * The context of the CDR's latest assessment (its reassessment, else its receipt): the source of
 * the `price` (`ledger_price`) and of the tariff and agreement versions used. Null if unknown.
 */
export function cdrAssessedContext(state: CdrState): CdrAssessedContext | null {
  return state.reassessed?.context ?? state.received?.context ?? null;
}
