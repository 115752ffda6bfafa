/**
 * The state behind the KurrentDB test double: streams and the global log, in memory, with the
 * server's append semantics (expected-state checks, idempotent re-append of the same event ids
 * at the same expected revision, global commit / prepare positions).
 */

/** The expectation an Append request carried on the wire (the `AppendReq.Options` oneof). */
export type WireExpectation =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly stream: string;
  readonly revision: bigint;
  /** Commit and prepare positions are equal for events written outside explicit transactions. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly createdTicks: bigint;
}

export type AppendOutcome =
  | { readonly kind: 'success'; readonly revision: bigint; readonly position: bigint }
  | {
      readonly kind: 'wrong_expected_version';
      readonly expected: WireExpectation;
      /** The stream's last revision, or null when the stream does not exist. */
      readonly current: bigint | null;
    };

/** One Append request as the double saw it, so tests can assert what reached the wire. */
export interface AppendRecord {
  readonly stream: string;
  readonly expectation: WireExpectation;
  readonly eventIds: readonly string[];
  /** Which gRPC method carried it. */
  readonly method: AppendMethod;
}

export type AppendMethod = 'Append' | 'BatchAppend' | 'foreign';

type Listener = (event: StoredEvent) => void;

const TICKS_PER_MILLISECOND = 10_000n;
/** How far back an `any` re-append is recognised (the server's duplicate cache is bounded). */
const RECENT_WRITES_CHECKED = 1_000;
/** Positions grow by more than one per event, like log offsets, so nothing assumes contiguity. */
const POSITION_STRIDE = 137n;

export class InMemoryLog {
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly log: StoredEvent[] = [];
  private readonly positions = new Set<bigint>();
  private readonly listeners = new Set<Listener>();
  private nextPosition = POSITION_STRIDE;
  readonly appends: AppendRecord[] = [];
  /** Events sent in answer to reads and subscriptions, so tests can bound what a call costs. */
  eventsSent = 0;

  /** A stream's events, all of them, or only those a node `lag_events` behind has. */
  streamEvents(stream: string, lag_events = 0): readonly StoredEvent[] | undefined {
    const events = this.streams.get(stream);
    if (events === undefined || lag_events === 0) return events;
    const end = this.visibleEnd(lag_events);
    const visible = events.filter((event) => event.position < end);
    return visible.length === 0 ? undefined : visible;
  }

  /** The global log, all of it, or as a node `lag_events` behind has it. */
  allEvents(lag_events = 0): readonly StoredEvent[] {
    return lag_events === 0
      ? this.log
      : this.log.slice(0, Math.max(0, this.log.length - lag_events));
  }

  /** Index of the first event at or after `position` in the global log (binary search). */
  firstIndexFrom(position: bigint): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.log[middle]!.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Writes an event that did not come through the adapter (another application's). */
  appendForeign(stream: string, proposed: ProposedEvent): StoredEvent {
    const outcome = this.append(stream, { kind: 'any' }, [proposed], 'foreign');
    if (outcome.kind !== 'success') throw new Error('a foreign append with `any` cannot fail');
    return this.streams.get(stream)!.at(-1)!;
  }

  private visibleEnd(lag_events: number): bigint {
    const index = this.log.length - lag_events;
    return index <= 0
      ? 0n
      : index >= this.log.length
        ? this.nextPosition
        : this.log[index]!.position;
  }

  /**
   * Whether a read or subscription may start at this log position: the start, an event's own
   * position or the end of the log. The server refuses any other (the middle of a record).
   */
  isRecordBoundary(position: bigint): boolean {
    return position === 0n || position === this.nextPosition || this.positions.has(position);
  }

  append(
    stream: string,
    expectation: WireExpectation,
    proposed: readonly ProposedEvent[],
    method: AppendMethod = 'Append',
  ) {
    const eventIds = proposed.map((event) => event.id);
    this.appends.push({ stream, expectation, eventIds, method });
    const existing: StoredEvent[] = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? null : BigInt(existing.length - 1);
    const replay = this.idempotentReplay(existing, expectation, proposed);
    if (replay !== undefined) return replay;
    if (!satisfies(expectation, current)) {
      return { kind: 'wrong_expected_version', expected: expectation, current } as AppendOutcome;
    }
    if (proposed.length === 0) {
      return { kind: 'success', revision: current ?? -1n, position: this.nextPosition } as const;
    }
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    const stored = proposed.map((event, index) => {
      const position = this.nextPosition;
      this.nextPosition += POSITION_STRIDE + BigInt(event.data.length);
      return {
        ...event,
        stream,
        revision: BigInt(existing.length + index),
        position,
        createdTicks,
      };
    });
    if (existing.length === 0) this.streams.set(stream, existing);
    for (const event of stored) {
      existing.push(event);
      this.log.push(event);
      this.positions.add(event.position);
    }
    for (const event of stored) for (const listener of this.listeners) listener(event);
    const last = stored[stored.length - 1]!;
    return { kind: 'success', revision: last.revision, position: last.position } as AppendOutcome;
  }

  /**
   * Overwrites stored bytes of one event in place, as damage on the server's disk would: only
   * for tests of how readers meet an event that no longer decodes.
   */
  damage(
    stream: string,
    revision: bigint,
    replacement: Partial<Pick<StoredEvent, 'data' | 'customMetadata' | 'contentType'>>,
  ): void {
    const events = this.streams.get(stream);
    const original = events?.[Number(revision)];
    if (events === undefined || original === undefined) {
      throw new Error(`no event at revision ${revision} of '${stream}'`);
    }
    const damaged = { ...original, ...replacement };
    events[Number(revision)] = damaged;
    this.log[this.log.indexOf(original)] = damaged;
  }

  /** Registers a listener for events appended from now on; returns its removal. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The server treats a re-append of event ids that already follow the expected revision as a
   * retry and answers with the original result without writing (at any depth for an explicit
   * revision, best effort for `any`); it does not compare content.
   */
  private idempotentReplay(
    existing: readonly StoredEvent[],
    expectation: WireExpectation,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    if (proposed.length === 0) return undefined;
    let first: number;
    switch (expectation.kind) {
      case 'no_stream':
        first = 0;
        break;
      case 'revision':
        first = Number(expectation.revision) + 1;
        break;
      case 'any':
      case 'stream_exists': {
        // The server only promises this for explicit expectations: for `any` it looks the id up
        // in a bounded cache of recent writes, played here by the stream's most recent events.
        const recent = Math.max(0, existing.length - RECENT_WRITES_CHECKED);
        const found = existing.slice(recent).findIndex((event) => event.id === proposed[0]!.id);
        first = found < 0 ? -1 : recent + found;
        if (expectation.kind === 'stream_exists' && first === 0) first = -1;
        break;
      }
      default:
        return assertNever(expectation);
    }
    if (first < 0 || first + proposed.length > existing.length) return undefined;
    const same = proposed.every((event, index) => existing[first + index]!.id === event.id);
    if (!same) return undefined;
    const last = existing[first + proposed.length - 1]!;
    return { kind: 'success', revision: last.revision, position: last.position };
  }
}

function satisfies(expectation: WireExpectation, current: bigint | null): boolean {
  switch (expectation.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === null;
    case 'stream_exists':
      return current !== null;
    case 'revision':
      return current === expectation.revision;
    default:
      return assertNever(expectation);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
