import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(a), 'hex'), Buffer.from(sha256Hex(b), 'hex'));
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRINTABLE = /^[\x20-\x7E]+$/;

/**
 * The tokens an `Authorization: Token <value>` header may stand for: OCPI 2.2.x sends the token
 * base64-encoded, older partners send it plain. The decoded form is tried first when the value
 * is well-formed base64 of printable text; the plain value always remains a candidate.
 */
export function tokenCandidates(value: string): string[] {
  const candidates: string[] = [];
  if (value.length >= 4 && BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (PRINTABLE.test(decoded)) candidates.push(decoded);
  }
  candidates.push(value);
  return candidates;
}

/** The credential of an Authorization header with the given scheme, or null. */
export function credentialOf(
  header: string | undefined,
  scheme: 'Token' | 'Bearer',
): string | null {
  if (!header) return null;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match || match[1]!.toLowerCase() !== scheme.toLowerCase()) return null;
  return match[2]!;
}
