import type { EventDamage, LogEntry, RecordedEvent } from './event-store.port.js';
import { GENESIS_HASH, verifyStreamChain } from './hash-chain.js';

/** One stream whose chain is broken: where, and why. */
export interface ChainViolation {
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly reason: string;
}

/**
 * Verifies the per-stream hash chains of the whole log in one pass over `readAll`, so an auditor
 * can prove that no stream was altered, reordered or truncated at its start. Keeps only the last
 * revision and hash of each stream (memory grows with the number of streams, not of events).
 * A stream is reported once, at its first break; later events of a broken stream are skipped.
 * A damaged event (one the store could not decode, from `readAllForAudit`) breaks its stream too.
 */
export class LogChainVerifier {
  private readonly heads = new Map<string, { revision: bigint; hash: string } | 'broken'>();
  private readonly found: ChainViolation[] = [];
  private events_checked = 0;
  private events_damaged = 0;

  constructor(private readonly violations_max: number = 100) {}

  /** Checks the next entry of an audit read of the log (global order). */
  checkEntry(entry: LogEntry): ChainViolation | null {
    return entry.kind === 'event' ? this.check(entry.event) : this.checkDamaged(entry.damage);
  }

  /** Checks the next event of the log (global order); returns the violation it revealed, if any. */
  check(event: RecordedEvent): ChainViolation | null {
    this.events_checked += 1;
    const head = this.heads.get(event.stream);
    if (head === 'broken') return null;
    const verification = verifyStreamChain([event], head?.hash ?? GENESIS_HASH);
    const expected_revision = head === undefined ? 0n : head.revision + 1n;
    const reason = !verification.ok
      ? verification.reason
      : event.revision !== expected_revision
        ? `expected revision ${expected_revision}`
        : null;
    if (reason === null) {
      this.heads.set(event.stream, { revision: event.revision, hash: event.hash });
      return null;
    }
    return this.breakStream(event, reason);
  }

  /** A damaged event of the log: its stream is broken there, unless it already was. */
  checkDamaged(damage: EventDamage): ChainViolation | null {
    this.events_checked += 1;
    this.events_damaged += 1;
    if (this.heads.get(damage.stream) === 'broken') return null;
    return this.breakStream(damage, `event cannot be read: ${damage.reason}`);
  }

  summary(): {
    events_checked: number;
    events_damaged: number;
    streams: number;
    violations: readonly ChainViolation[];
  } {
    return {
      events_checked: this.events_checked,
      events_damaged: this.events_damaged,
      streams: this.heads.size,
      violations: this.found,
    };
  }

  private breakStream(
    at: { readonly stream: string; readonly revision: bigint; readonly position: bigint },
    reason: string,
  ): ChainViolation {
    this.heads.set(at.stream, 'broken');
    const violation = {
      stream: at.stream,
      revision: at.revision.toString(),
      position: at.position.toString(),
      reason,
    };
    if (this.found.length < this.violations_max) this.found.push(violation);
    return violation;
  }
}
