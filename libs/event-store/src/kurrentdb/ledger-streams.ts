/**
 * Foreign or damaged: what a reader of $all makes of an event without the ledger's envelope
 * marks (README "Foreign and damaged events"). In a stream that holds ledger events such an event
 * is damage (a tampered or corrupted event of ours: skipping it would hide it); in any other
 * stream it is another application's event, skipped and counted.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';

import type { LogEntry } from '../event-store.port.js';
import { classifyEvent, hasEnvelopeMarks, isSystemEvent } from './event-mapping.js';
import type { KurrentDbContext } from './kurrentdb-context.js';
import { withStepDeadline } from './kurrentdb-errors.js';

/** Events read from a stream's start to find one with the envelope marks ... */
const PROBE_FIRST_EVENTS = 32;
/** ... and the verdicts one reader remembers (oldest forgotten first), so memory is bounded. */
const VERDICTS_MAX = 10_000;

/** One per read or subscription: verdicts are not kept across calls, so none goes stale. */
export class LedgerStreams {
  private readonly verdicts = new Map<string, boolean>();

  constructor(private readonly context: KurrentDbContext) {}

  /**
   * The entry a reader of $all sees for one event: ours (an event, or damage), or undefined for
   * a foreign event. Only an event without the marks costs a look at its stream, once per stream.
   */
  async entryOf(event: KurrentRecordedEvent): Promise<LogEntry | undefined> {
    const kind = classifyEvent(event);
    if (kind.kind === 'event') return kind;
    if (kind.kind === 'damaged') return kind;
    const ours = await this.holdsLedgerEvents(event.streamId);
    return ours ? { kind: 'damaged', damage: kind.damage } : undefined;
  }

  /** Whether the stream holds an event with the ledger's envelope marks. */
  async holdsLedgerEvents(stream: string): Promise<boolean> {
    const known = this.verdicts.get(stream);
    if (known !== undefined) return known;
    const verdict = await this.probe(stream);
    if (this.verdicts.size >= VERDICTS_MAX) {
      this.verdicts.delete(this.verdicts.keys().next().value!);
    }
    this.verdicts.set(stream, verdict);
    return verdict;
  }

  /** Looks at the stream's first events, and at its last one when it is longer than that. */
  private async probe(stream: string): Promise<boolean> {
    const first = await this.marked(stream, START, FORWARDS, PROBE_FIRST_EVENTS);
    if (first.marked || first.read < PROBE_FIRST_EVENTS) return first.marked;
    return (await this.marked(stream, END, BACKWARDS, 1)).marked;
  }

  private async marked(
    stream: string,
    from: typeof START | typeof END,
    direction: typeof FORWARDS | typeof BACKWARDS,
    count: number,
  ): Promise<{ marked: boolean; read: number }> {
    let read = 0;
    try {
      const events = this.context.client.readStream(stream, {
        direction,
        fromRevision: from,
        maxCount: count,
      });
      for await (const resolved of withStepDeadline(
        events,
        this.context.settings.call_timeout_ms,
      )) {
        read += 1;
        const event = resolved.event;
        if (event !== undefined && !isSystemEvent(event) && hasEnvelopeMarks(event.metadata)) {
          return { marked: true, read };
        }
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { marked: false, read };
      throw error;
    }
    return { marked: false, read };
  }
}
