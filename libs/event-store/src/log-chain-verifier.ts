import type { RecordedEvent } from './event-store.port.js';
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
 */
export class LogChainVerifier {
  private readonly heads = new Map<string, { revision: bigint; hash: string } | 'broken'>();
  private readonly found: ChainViolation[] = [];
  private events_checked = 0;

  constructor(private readonly violations_max: number = 100) {}

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
    this.heads.set(event.stream, 'broken');
    const violation = {
      stream: event.stream,
      revision: event.revision.toString(),
      position: event.position.toString(),
      reason,
    };
    if (this.found.length < this.violations_max) this.found.push(violation);
    return violation;
  }

  summary(): { events_checked: number; streams: number; violations: readonly ChainViolation[] } {
    return {
      events_checked: this.events_checked,
      streams: this.heads.size,
      violations: this.found,
    };
  }
}
