/**
 * One field of the ledger's CSV exports (the audit journal, an invoice's CDR list), quoted as
 * RFC 4180 asks: a field holding a quote, a comma or a line break is enclosed in quotes, its
 * quotes doubled; any other field is written as it is.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
