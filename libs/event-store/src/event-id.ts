import { createHash } from 'node:crypto';

/**
 * Deterministic event ids: a name-based UUID (version 5, SHA-1, RFC 9562) derived from a
 * business key, so that a retried or concurrent delivery of the same fact produces the same
 * event id and the store's idempotent append turns it into a no-op instead of a double posting.
 */
const LEDGER_NAMESPACE = '6f1c2d3e-8a4b-5c6d-9e0f-1a2b3c4d5e6f';

export function eventIdFor(...business_key: readonly string[]): string {
  const namespace = Buffer.from(LEDGER_NAMESPACE.replaceAll('-', ''), 'hex');
  const digest = createHash('sha1')
    .update(namespace)
    .update(business_key.map((part) => `${part.length}:${part}`).join('|'))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
