import type { EventStore, LogEntry, RecordedEvent } from './event-store.port.js';
import type { ChainViolation } from './log-chain-verifier.js';
import {
  LOG_SEALED,
  scanHeads,
  SEAL_MANIFEST_PAGE,
  SEALS_STREAM,
  type LogSealedData,
  type SealManifestPageData,
} from './log-seal.js';
import { sealRoot, type StreamHead } from './seal-root.js';

/** Upper bound on the seals and manifest pages read (a seal a day for centuries). */
const SEAL_EVENTS_MAX = 1_000_000;

/** What `ledger verify --root` found. */
export interface SealVerification {
  readonly intact: boolean;
  readonly root: string;
  /** The sealed position, or null when no seal with that root was found. */
  readonly position: string | null;
  /** The root recomputed over the log as it is now, at the sealed position. */
  readonly root_now: string | null;
  readonly events_checked: number;
  readonly events_damaged: number;
  readonly streams: number;
  /** Chain breaks anywhere in the log, and streams whose head at the seal differs from it. */
  readonly violations: readonly ChainViolation[];
  /** Why the seal itself could not be used (or was not found), if so. */
  readonly problem: string | null;
}

/**
 * Verifies the log against a root kept outside the system: finds the seal with that root, checks
 * that its manifest hashes to the root (else the manifest, not the log, was changed), then in one
 * pass over the log checks every chain and compares every stream's head at the sealed position
 * with the manifest. A stream altered, truncated, extended or reordered at or before the seal is
 * named: by its chain break, or by its head differing from the sealed one. `position` may be
 * given when the seal event itself is gone: the root is then recomputed and compared, but no
 * stream can be named.
 */
export async function verifyAgainstSeal(
  store: EventStore,
  root: string,
  position_given: bigint | null,
  on_entry?: (entry: LogEntry) => void,
): Promise<SealVerification> {
  const seal = await findSeal(store, root);
  const position = seal !== null ? BigInt(seal.position) : position_given;
  if (position === null) {
    const problem = `no seal with root ${root} in the log (give --position to check the root)`;
    return failed(root, problem);
  }
  let manifest: Map<string, StreamHead> | null = null;
  let problem: string | null = null;
  // A manifest that does not hash to the kept root was changed: the seal cannot vouch.
  let manifest_changed = false;
  if (seal !== null) {
    manifest = await readManifest(store, seal);
    if (manifest === null || sealRoot(manifest.values()) !== root) {
      manifest = null;
      manifest_changed = true;
      problem = `the manifest ${seal.manifest_stream} of the seal does not hash to the root`;
    }
  } else {
    // The seal event is after the sealed position: without it the root still proves the log
    // up to the position, but no stream can be named if it differs.
    problem = `no seal with root ${root} in the log: root recomputed at position ${position}`;
  }
  const scan = await scanHeads(store, position, on_entry);
  const root_now = sealRoot(scan.heads.values());
  const summary = scan.verifier.summary();
  const violations = [...summary.violations];
  if (manifest !== null) violations.push(...headDifferences(manifest, scan.heads, position));
  return {
    intact: !manifest_changed && root_now === root && violations.length === 0,
    root,
    position: position.toString(),
    root_now,
    events_checked: summary.events_checked,
    events_damaged: summary.events_damaged,
    streams: summary.streams,
    violations,
    problem,
  };
}

function failed(root: string, problem: string): SealVerification {
  return {
    intact: false,
    root,
    position: null,
    root_now: null,
    events_checked: 0,
    events_damaged: 0,
    streams: 0,
    violations: [],
    problem,
  };
}

/** The streams whose head at the sealed position is not the sealed one (named, sorted). */
function headDifferences(
  sealed: ReadonlyMap<string, StreamHead>,
  now: ReadonlyMap<string, StreamHead>,
  position: bigint,
): ChainViolation[] {
  const found: ChainViolation[] = [];
  for (const stream of new Set([...sealed.keys(), ...now.keys()])) {
    const before = sealed.get(stream);
    const after = now.get(stream);
    if (before?.hash === after?.hash && before?.revision === after?.revision) continue;
    const was = before === undefined ? 'no event' : `revision ${before.revision}`;
    const is = after === undefined ? 'no event' : `revision ${after.revision}`;
    found.push({
      stream,
      revision: (after ?? before)!.revision.toString(),
      position: position.toString(),
      reason:
        `head at the seal differs: sealed ${was}` +
        (before === undefined ? '' : ` (hash ${before.hash.slice(0, 12)}...)`) +
        `, now ${is}` +
        (after === undefined ? '' : ` (hash ${after.hash.slice(0, 12)}...)`),
    });
  }
  return found.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}

/** The seal with that root, read through the audit read (a damaged seal is just not found). */
async function findSeal(store: EventStore, root: string): Promise<LogSealedData | null> {
  let read = 0;
  try {
    for await (const event of store.readStream(SEALS_STREAM)) {
      read += 1;
      if (read > SEAL_EVENTS_MAX) break;
      const data = event.data as Partial<LogSealedData>;
      if (event.type === LOG_SEALED && data.root === root) return data as LogSealedData;
    }
  } catch {
    // A damaged seals stream: the chain check of the log names it; the seal is not usable.
  }
  return null;
}

async function readManifest(
  store: EventStore,
  seal: LogSealedData,
): Promise<Map<string, StreamHead> | null> {
  const heads = new Map<string, StreamHead>();
  let pages = 0;
  try {
    for await (const event of store.readStream(seal.manifest_stream, {
      max_count: SEAL_EVENTS_MAX,
    })) {
      if (!isManifestPage(event, seal)) return null;
      pages += 1;
      const data = event.data as SealManifestPageData;
      for (const head of data.heads) {
        heads.set(head.stream, { ...head, revision: BigInt(head.revision) });
      }
    }
  } catch {
    return null;
  }
  return pages === seal.manifest_pages ? heads : null;
}

function isManifestPage(event: RecordedEvent, seal: LogSealedData): boolean {
  const data = event.data as Partial<SealManifestPageData>;
  return (
    event.type === SEAL_MANIFEST_PAGE &&
    data.position === seal.position &&
    Array.isArray(data.heads)
  );
}
