import type { IncomingMessage } from 'node:http';
import { BodyInvalid } from './body-invalid.error.js';

/**
 * Deepest JSON nesting a request body may have (objects and arrays; the body itself is level 1).
 * OCPI objects nest about 7 levels (a CDR > tariffs > elements > restrictions > day_of_week,
 * arrays counted); 32 leaves room for
 * extensions and refuses, before anything parses or walks the body, the pathological depths
 * that recursive code (validation, canonical JSON) would otherwise meet.
 */
export const JSON_DEPTH_MAX = 32;

/** A body nested deeper than JSON_DEPTH_MAX: 400 (OCPI 2001) at the edge. */
export class JsonTooDeep extends BodyInvalid {
  constructor(depth_max: number) {
    super('$', `Invalid body: JSON nested deeper than ${depth_max} levels`);
    this.name = 'JsonTooDeep';
  }
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse. One pass, no
 * allocation for UTF-8 (bytes of multi-byte characters are all >= 0x80, so they never look like
 * brackets or quotes); other charsets JSON allows are decoded first.
 */
export function verifyJsonDepth(
  _request: IncomingMessage,
  _response: unknown,
  body: Buffer,
  encoding: string | null,
): void {
  const charset = (encoding ?? 'utf-8').toLowerCase();
  const codes =
    charset === 'utf-8' || charset === 'utf8'
      ? body
      : Buffer.from(new TextDecoder(charset).decode(body), 'utf8');
  if (nestsDeeperThan(codes, JSON_DEPTH_MAX)) throw new JsonTooDeep(JSON_DEPTH_MAX);
}

/** True when brackets outside strings nest deeper than `depth_max` (stops at the first such). */
export function nestsDeeperThan(bytes: Uint8Array, depth_max: number): boolean {
  let depth = 0;
  let in_string = false;
  let escaped = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    if (in_string) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) in_string = false;
    } else if (byte === 0x22) {
      in_string = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > depth_max) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}
