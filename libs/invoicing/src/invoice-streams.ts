import type { PartyId } from '#ledger';

/**
 * Streams of the invoicing context: `invoice-numbers-{cc}-{pid}` per issuer holds every
 * document (InvoiceIssued) the issuer issued, in number order.
 */
export const INVOICE_NUMBER_STREAM_PREFIX = 'invoice-numbers-';

export function invoiceNumberStreamName(issuer: PartyId): string {
  return `${INVOICE_NUMBER_STREAM_PREFIX}${issuer.country_code}-${issuer.party_id}`;
}

export const INVOICE_NUMBER_DIGITS = 6;

/** BT-1: `{cc}{pid}-{sequence, at least 6 digits}`, e.g. `DEABC-000042`. */
export function invoiceNumber(issuer: PartyId, sequence: number): string {
  const digits = String(sequence).padStart(INVOICE_NUMBER_DIGITS, '0');
  return `${issuer.country_code}${issuer.party_id}-${digits}`;
}
