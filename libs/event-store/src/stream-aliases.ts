import { eventIdFor } from './event-id.js';
import {
  NO_STREAM,
  WrongExpectedVersion,
  type EventStore,
  type NewEvent,
} from './event-store.port.js';

/**
 * Stream aliases: how streams written before a change of stream naming stay reachable.
 *
 * Streams are immutable, so a stream cannot be renamed when the rule that names it changes (as
 * when OCPI ids became case-insensitive: `cdr-DE-ABC-cdr1` is now `cdr-DE-ABC-CDR1`). Instead a
 * one-time migration scans the log for streams whose name is not canonical under the current
 * rule, and records, as events of its own stream, which legacy stream answers for which
 * canonical name. From then on `withStreamAliases` reads and appends the legacy stream whenever
 * the canonical name is asked for, so a CDR received as `cdr1` before the change is the same CDR
 * as `CDR1` after it: never billed twice, its history unchanged.
 *
 * Where the canonical stream already exists, or two legacy streams fold to one name, the later
 * ones cannot be aliased: they are recorded as duplicates (the bug the new rule prevents had
 * already struck), for people to settle with compensating events.
 */
export const STREAM_ALIASES_STREAM = 'ledger-stream-aliases';

/** The canonical name of a stream under the current naming rule; null for streams it ignores. */
export type CanonicalStreamName = (stream: string) => string | null;

export interface StreamAlias {
  readonly canonical: string;
  readonly legacy: string;
}

export interface StreamAliasesRecordedData {
  readonly aliases: readonly StreamAlias[];
  readonly duplicates: readonly StreamAlias[];
}

export interface StreamAliasesMigratedData {
  /** The log position the scan covered (the head when the migration ran). */
  readonly position: string;
  readonly events_scanned: number;
  readonly aliases: number;
  readonly duplicates: number;
}

export interface StreamAliasMigration {
  /** canonical -> legacy: what `withStreamAliases` redirects. */
  readonly aliases: ReadonlyMap<string, string>;
  readonly duplicates: readonly StreamAlias[];
  /** True when this call scanned the log and recorded the result (false: read back). */
  readonly migrated: boolean;
}

/** Aliases per StreamAliasesRecorded event: keeps every event small whatever the log holds. */
const ALIASES_PER_EVENT_MAX = 500;
/** Upper bound on legacy streams remembered by one scan (each is one stream name). */
const LEGACY_STREAMS_MAX = 1_000_000;

export interface MigrationOptions {
  readonly canonical: CanonicalStreamName;
  /** Who runs it (event metadata), e.g. `system:migration`. */
  readonly principal: string;
  readonly now: () => string;
  /** Called every `progress_every` events during the scan. */
  readonly progress?: (events_scanned: number) => void;
}

/**
 * The aliases of this log: read back when recorded before, else found by one scan of the log and
 * recorded. An empty log needs nothing and gets nothing written.
 */
export async function migrateStreamAliases(
  store: EventStore,
  options: MigrationOptions,
): Promise<StreamAliasMigration> {
  const recorded = await readRecordedAliases(store);
  if (recorded !== null) return { ...recorded, migrated: false };
  const head = await store.headPosition();
  if (head === 0n) return { aliases: new Map(), duplicates: [], migrated: false };
  const scan = await scanForLegacyStreams(store, head, options);
  const events = migrationEvents(scan, head, options);
  try {
    await store.append(STREAM_ALIASES_STREAM, events, NO_STREAM);
  } catch (error) {
    // Another process migrated first: its record is the same scan of the same log; use it.
    if (!(error instanceof WrongExpectedVersion)) throw error;
    const theirs = await readRecordedAliases(store);
    if (theirs === null) throw error;
    return { ...theirs, migrated: false };
  }
  return { aliases: scan.aliases, duplicates: scan.duplicates, migrated: true };
}

interface Scan {
  readonly aliases: Map<string, string>;
  readonly duplicates: StreamAlias[];
  readonly events_scanned: number;
}

async function scanForLegacyStreams(
  store: EventStore,
  head: bigint,
  options: MigrationOptions,
): Promise<Scan> {
  const legacy_by_canonical = new Map<string, string[]>();
  const seen_legacy = new Set<string>();
  let events_scanned = 0;
  for await (const event of store.readAll()) {
    if (event.position > head) break;
    events_scanned += 1;
    if (events_scanned % 100_000 === 0) options.progress?.(events_scanned);
    const canonical = options.canonical(event.stream);
    if (canonical === null || canonical === event.stream || seen_legacy.has(event.stream)) continue;
    if (seen_legacy.size >= LEGACY_STREAMS_MAX) {
      throw new RangeError(`more than ${LEGACY_STREAMS_MAX} legacy streams: migrate in parts`);
    }
    seen_legacy.add(event.stream);
    const streams = legacy_by_canonical.get(canonical) ?? [];
    streams.push(event.stream);
    legacy_by_canonical.set(canonical, streams);
  }
  options.progress?.(events_scanned);
  const aliases = new Map<string, string>();
  const duplicates: StreamAlias[] = [];
  for (const [canonical, legacy_streams] of legacy_by_canonical) {
    // The first stream written under a name keeps it; every later one is a duplicate.
    const canonical_exists = await streamExists(store, canonical);
    legacy_streams.forEach((legacy, index) => {
      if (index === 0 && !canonical_exists) aliases.set(canonical, legacy);
      else duplicates.push({ canonical, legacy });
    });
  }
  return { aliases, duplicates, events_scanned };
}

async function streamExists(store: EventStore, stream: string): Promise<boolean> {
  for await (const _ of store.readStream(stream, { max_count: 1 })) return true;
  return false;
}

function migrationEvents(scan: Scan, head: bigint, options: MigrationOptions): NewEvent[] {
  // The migration run is its own cause (README "Event metadata").
  const correlation_id = eventIdFor('stream-alias-migration', String(head));
  const metadata = {
    schema_version: 1,
    occurred_at: options.now(),
    correlation_id,
    causation_id: correlation_id,
    principal: options.principal,
  };
  const entries = [
    ...[...scan.aliases].map(([canonical, legacy]) => ({ kind: 'alias', canonical, legacy })),
    ...scan.duplicates.map((duplicate) => ({ kind: 'duplicate', ...duplicate })),
  ];
  const events: NewEvent[] = [];
  for (let start = 0; start < entries.length; start += ALIASES_PER_EVENT_MAX) {
    const chunk = entries.slice(start, start + ALIASES_PER_EVENT_MAX);
    const data: StreamAliasesRecordedData = {
      aliases: chunk
        .filter((e) => e.kind === 'alias')
        .map(({ canonical, legacy }) => ({ canonical, legacy })),
      duplicates: chunk
        .filter((e) => e.kind === 'duplicate')
        .map(({ canonical, legacy }) => ({ canonical, legacy })),
    };
    const id = eventIdFor(STREAM_ALIASES_STREAM, 'recorded', String(head), String(start));
    events.push({ id, type: 'StreamAliasesRecorded', data, metadata });
  }
  const done: StreamAliasesMigratedData = {
    position: String(head),
    events_scanned: scan.events_scanned,
    aliases: scan.aliases.size,
    duplicates: scan.duplicates.length,
  };
  const id = eventIdFor(STREAM_ALIASES_STREAM, 'migrated', String(head));
  events.push({ id, type: 'StreamAliasesMigrated', data: done, metadata });
  return events;
}

async function readRecordedAliases(
  store: EventStore,
): Promise<Omit<StreamAliasMigration, 'migrated'> | null> {
  const aliases = new Map<string, string>();
  const duplicates: StreamAlias[] = [];
  let complete = false;
  for await (const event of store.readStream(STREAM_ALIASES_STREAM)) {
    if (event.type === 'StreamAliasesRecorded') {
      const data = event.data as StreamAliasesRecordedData;
      for (const alias of data.aliases) aliases.set(alias.canonical, alias.legacy);
      duplicates.push(...data.duplicates);
    } else if (event.type === 'StreamAliasesMigrated') {
      complete = true;
    }
  }
  return complete ? { aliases, duplicates } : null;
}

/**
 * The store, reading and appending each aliased canonical stream's legacy stream instead. Events
 * read back keep the name they were written under. Without aliases, the store itself.
 */
export function withStreamAliases(
  store: EventStore,
  aliases: ReadonlyMap<string, string>,
): EventStore {
  if (aliases.size === 0) return store;
  const resolve = (stream: string) => aliases.get(stream) ?? stream;
  const append: EventStore['append'] = (stream, events, expected) =>
    store.append(resolve(stream), events, expected);
  const readStream: EventStore['readStream'] = (stream, options) =>
    store.readStream(resolve(stream), options);
  // A proxy rather than a copy of the port's methods: whatever else the port offers passes
  // through untouched, so only the two stream-addressed operations are redirected.
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') return append;
      if (property === 'readStream') return readStream;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
