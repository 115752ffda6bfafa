import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { NewEvent, RecordedEvent } from './event-store.port.js';

/**
 * The per-stream hash chain: each event's hash is SHA-256 (hex) over the previous event's hash in
 * the same stream (64 zeros for the first) followed by the event's canonical bytes, the canonical
 * JSON of {id, type, data, metadata}. Store-assigned fields (revision, position, recorded_at) are
 * left out so that the same chain can be computed by every adapter and re-checked after a copy.
 */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The canonical text of an event's content, built from already-canonical data and metadata. */
export function composeEventCanonicalJson(
  id: string,
  type: string,
  data_json: string,
  metadata_json: string,
): string {
  // Keys in sorted order: data, id, metadata, type.
  return (
    `{"data":${data_json},"id":${JSON.stringify(id)},` +
    `"metadata":${metadata_json},"type":${JSON.stringify(type)}}`
  );
}

export function eventCanonicalJson(event: NewEvent): string {
  return composeEventCanonicalJson(
    event.id,
    event.type,
    canonicalJson(event.data),
    canonicalJson(event.metadata),
  );
}

/** The chain step over an event's canonical text (adapters that already have it use this). */
export function chainHash(previous_hash: string, event_canonical_json: string): string {
  // One-shot hashing of the concatenation: the same bytes, without a Hash object per event.
  return hash('sha256', previous_hash + event_canonical_json, 'hex');
}

export function eventHash(previous_hash: string, event: NewEvent): string {
  return chainHash(previous_hash, eventCanonicalJson(event));
}

/** Same id, type, data and metadata, compared canonically (key order and bigint-vs-string
 * differences do not count): the test for an idempotent re-append. */
export function sameEventContent(a: NewEvent, b: NewEvent): boolean {
  return eventCanonicalJson(a) === eventCanonicalJson(b);
}

export type ChainVerification =
  | { readonly ok: true; readonly events_checked: number; readonly last_hash: string }
  | { readonly ok: false; readonly revision: bigint; readonly reason: string };

/**
 * Checks that events of one stream, in forwards order, have contiguous revisions and hashes that
 * chain. Starts from the genesis hash at revision 0; pass the hash of the event before the first
 * one to verify a slice that starts later.
 */
export function verifyStreamChain(
  events: Iterable<RecordedEvent>,
  previous_hash: string = GENESIS_HASH,
): ChainVerification {
  let expected_hash = previous_hash;
  let expected_revision: bigint | undefined;
  let stream: string | undefined;
  let events_checked = 0;
  for (const event of events) {
    if (stream !== undefined && event.stream !== stream) {
      return { ok: false, revision: event.revision, reason: `event of stream '${event.stream}'` };
    }
    stream = event.stream;
    if (expected_revision === undefined && previous_hash === GENESIS_HASH) expected_revision = 0n;
    if (expected_revision !== undefined && event.revision !== expected_revision) {
      return { ok: false, revision: event.revision, reason: `expected ${expected_revision}` };
    }
    if (!HASH_PATTERN.test(event.hash) || event.hash !== eventHash(expected_hash, event)) {
      return { ok: false, revision: event.revision, reason: 'hash does not chain' };
    }
    expected_hash = event.hash;
    expected_revision = event.revision + 1n;
    events_checked += 1;
  }
  return { ok: true, events_checked, last_hash: expected_hash };
}
