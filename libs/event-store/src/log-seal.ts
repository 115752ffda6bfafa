import { eventIdFor } from './event-id.js';
import {
  ANY,
  NO_STREAM,
  type EventStore,
  type LogEntry,
  type NewEvent,
} from './event-store.port.js';
import { LogChainVerifier, type ChainViolation } from './log-chain-verifier.js';
import { sealRoot, sortedHeads, type StreamHead } from './seal-root.js';

/**
 * Seals (DESIGN.md "Seals"): a `LogSealed` event on the `ledger-seals` stream records a log
 * position and the root over every stream's head at that position (seal-root.ts). The heads
 * themselves are kept in the log too, in pages on a manifest stream of their own, so that a
 * later verification can name the stream whose head changed; the manifest is trusted only when
 * it hashes to the root the auditor kept outside the system. Everything goes through the event
 * store port, so it works the same on the embedded store and on KurrentDB.
 */
export const SEALS_STREAM = 'ledger-seals';
export const SEAL_MANIFEST_STREAM_PREFIX = 'ledger-seal-manifest-';
export const LOG_SEALED = 'LogSealed';
export const SEAL_MANIFEST_PAGE = 'SealManifestPage';
/** Heads per manifest event: keeps each event small whatever the number of streams. */
export const SEAL_MANIFEST_PAGE_HEADS_MAX = 1000;

export interface LogSealedData {
  /** The sealed log position (decimal string): every event at or before it is covered. */
  readonly position: string;
  readonly root: string;
  readonly streams: number;
  readonly events: number;
  readonly manifest_stream: string;
  readonly manifest_pages: number;
  readonly sealed_at: string;
}

export interface SealManifestPageData {
  readonly position: string;
  readonly page: number;
  readonly heads: readonly { stream: string; revision: string; hash: string }[];
}

export interface SealAction {
  readonly principal: string;
  readonly correlation_id: string;
  /** When the seal is made (ISO-8601 UTC). */
  readonly sealed_at: string;
}

export class LogNotSealable extends Error {
  constructor(readonly violations: readonly ChainViolation[]) {
    super(
      `the log has broken chains, it is not sealed: ` +
        violations.map((v) => `${v.stream} at revision ${v.revision}: ${v.reason}`).join('; '),
    );
    this.name = 'LogNotSealable';
  }
}

/** Where every stream's head was at `position`, with the chain of every event checked. */
export interface HeadsScan {
  readonly heads: Map<string, StreamHead>;
  readonly events: number;
  readonly verifier: LogChainVerifier;
}

/**
 * One pass over the whole log (the audit read: damaged events are reported, not thrown): checks
 * every stream's chain and records each stream's head at `position`. Memory grows with the
 * number of streams, never with the number of events.
 */
export async function scanHeads(
  store: EventStore,
  position: bigint,
  on_entry?: (entry: LogEntry) => void,
): Promise<HeadsScan> {
  const verifier = new LogChainVerifier();
  const heads = new Map<string, StreamHead>();
  let events = 0;
  for await (const entry of store.readAllForAudit()) {
    verifier.checkEntry(entry);
    on_entry?.(entry);
    const at = entry.kind === 'event' ? entry.event : entry.damage;
    if (at.position > position) continue;
    events += 1;
    const hash = entry.kind === 'event' ? entry.event.hash : `damaged: ${entry.damage.reason}`;
    heads.set(at.stream, { stream: at.stream, revision: at.revision, hash });
  }
  return { heads, events, verifier };
}

/**
 * Seals the log at its current head: refuses a log whose chains are already broken (a seal must
 * not vouch for a damaged history), writes the manifest, then the `LogSealed` event.
 */
export async function sealLog(
  store: EventStore,
  action: SealAction,
  on_entry?: (entry: LogEntry) => void,
): Promise<LogSealedData> {
  const position = await store.headPosition();
  const scan = await scanHeads(store, position, on_entry);
  const { violations } = scan.verifier.summary();
  if (violations.length > 0) throw new LogNotSealable(violations);
  const heads = sortedHeads(scan.heads.values());
  const root = sealRoot(heads);
  const manifest_stream = `${SEAL_MANIFEST_STREAM_PREFIX}${position.toString()}`;
  const pages: NewEvent[] = [];
  for (let start = 0; start < heads.length || pages.length === 0;) {
    const slice = heads.slice(start, start + SEAL_MANIFEST_PAGE_HEADS_MAX);
    const data: SealManifestPageData = {
      position: position.toString(),
      page: pages.length,
      heads: slice.map((head) => ({
        stream: head.stream,
        revision: head.revision.toString(),
        hash: head.hash,
      })),
    };
    pages.push(sealEvent(SEAL_MANIFEST_PAGE, data, action, [root, String(pages.length)]));
    start += SEAL_MANIFEST_PAGE_HEADS_MAX;
  }
  // Concurrent seals at the same position write the same ids: the second append is a no-op.
  await store.append(manifest_stream, pages, NO_STREAM).catch(async (error: unknown) => {
    const existing = await firstEventOf(store, manifest_stream);
    if (existing?.id !== pages[0]!.id) throw error;
  });
  const sealed: LogSealedData = {
    position: position.toString(),
    root,
    streams: heads.length,
    events: scan.events,
    manifest_stream,
    manifest_pages: pages.length,
    sealed_at: action.sealed_at,
  };
  await store.append(SEALS_STREAM, [sealEvent(LOG_SEALED, sealed, action, [root])], ANY);
  return sealed;
}

async function firstEventOf(store: EventStore, stream: string) {
  for await (const event of store.readStream(stream, { max_count: 1 })) return event;
  return null;
}

function sealEvent(
  type: string,
  data: LogSealedData | SealManifestPageData,
  action: SealAction,
  key: readonly string[],
): NewEvent {
  return {
    id: eventIdFor('seal', type, data.position, ...key),
    type,
    data,
    metadata: {
      schema_version: 1,
      occurred_at: action.sealed_at,
      correlation_id: action.correlation_id,
      // The seal command (a CLI run, the scheduler's run) is its own cause: no request id.
      causation_id: action.correlation_id,
      principal: action.principal,
    },
  };
}
