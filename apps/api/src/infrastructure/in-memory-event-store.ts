import { createHash } from 'node:crypto';
import {
  NO_STREAM,
  EventIdConflict,
  WrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
} from '../../../../libs/event-store/src/event-store.port.js';
import { canonicalJson } from '../../../../libs/ocpi/src/canonical-json.js';

/**
 * A process-local EventStore with the port's semantics (expected revisions, idempotent
 * appends by event id). Used only when `LEDGER_EVENT_STORE=memory`: fast API tests and demos.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly by_id = new Map<string, RecordedEvent>();

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const existing = this.streams.get(stream) ?? [];
    const known = events.map((event) => this.by_id.get(event.id));
    if (known.length > 0 && known.every((event) => event !== undefined)) {
      events.forEach((event, index) => {
        if (canonicalJson(event.data) !== canonicalJson(known[index]!.data)) {
          throw new EventIdConflict(stream, event.id);
        }
      });
      const last = known[known.length - 1]!;
      return { next_expected_revision: last.revision, position: last.position };
    }
    const actual = existing.length === 0 ? NO_STREAM : BigInt(existing.length - 1);
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && actual === NO_STREAM) ||
      (expected === 'stream_exists' && actual !== NO_STREAM) ||
      expected === actual;
    if (!matches) throw new WrongExpectedVersion(stream, expected, actual);
    let previous = existing[existing.length - 1]?.hash ?? '0'.repeat(64);
    for (const event of events) {
      if (this.by_id.has(event.id)) throw new EventIdConflict(stream, event.id);
      const hash = createHash('sha256').update(previous).update(canonicalJson(event)).digest('hex');
      const recorded: RecordedEvent = {
        ...event,
        stream,
        revision: BigInt(existing.length),
        position: BigInt(this.log.length + 1),
        recorded_at: new Date().toISOString(),
        hash,
      };
      previous = hash;
      existing.push(recorded);
      this.log.push(recorded);
      this.by_id.set(event.id, recorded);
    }
    this.streams.set(stream, existing);
    const last = existing[existing.length - 1]!;
    return { next_expected_revision: last.revision, position: last.position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const events = [...(this.streams.get(stream) ?? [])];
    if (options.direction === 'backwards') events.reverse();
    const from = options.from_revision;
    const selected =
      from === undefined
        ? events
        : events.filter((event) =>
            options.direction === 'backwards' ? event.revision <= from : event.revision >= from,
          );
    yield* selected.slice(0, options.max_count ?? selected.length);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const after = options.after_position ?? 0n;
    const selected = this.log.filter((event) => event.position > after);
    yield* selected.slice(0, options.max_count ?? selected.length);
  }

  subscribeToAll(): Subscription {
    throw new Error('InMemoryEventStore does not support subscriptions');
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async close(): Promise<void> {}
}
