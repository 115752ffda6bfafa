import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type { AppendOutcome, QueuedAppend } from './append-events.js';
import {
  decodeError,
  decodeOutcome,
  type WriterReply,
  type WriterRequest,
  type WriterSettings,
} from './sqlite-writer-protocol.js';

interface Pending {
  readonly resolve: (reply: WriterReply) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The embedded store's writer thread, seen from the store: `commit` sends one group of appends
 * and resolves with each append's outcome once the group's transaction is durable (or failed).
 * One group at a time: the store gathers the next group while this one is being written, which
 * is what makes the groups grow with the load. The thread keeps the process alive only while a
 * group is in flight, so an open store never holds a finished process up.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private pending: Pending | null = null;
  /** Set once the thread failed or exited: every later call fails with it. */
  private failure: unknown = null;

  /** True once the thread failed or exited: the store starts another one for the next group. */
  get failed(): boolean {
    return this.failure !== null;
  }

  constructor(path: string) {
    this.worker = new Worker(writerScriptUrl(), {
      workerData: { path } satisfies WriterSettings,
    });
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the sqlite writer exited (${code})`)));
  }

  async commit(group: readonly QueuedAppend[], recorded_at: string): Promise<AppendOutcome[]> {
    const reply = await this.request({ kind: 'commit', group, recorded_at });
    if (reply.kind === 'failed')
      return group.map(() => ({ ok: false, error: decodeError(reply.error) }));
    assert.ok(reply.kind === 'committed' && reply.outcomes.length === group.length);
    return reply.outcomes.map(decodeOutcome);
  }

  /** Closes the thread's connection and ends the thread (nothing may be in flight). */
  async close(): Promise<void> {
    if (this.failure !== null) return;
    const reply = await this.request({ kind: 'close' });
    assert.equal(reply.kind, 'closed');
    // The thread ends by itself once its port is closed; until then it keeps the process alive.
    await new Promise<void>((resolve) => {
      if (this.failure !== null) return resolve();
      this.worker.ref();
      this.worker.once('exit', () => resolve());
    });
  }

  private request(request: WriterRequest): Promise<WriterReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    assert.equal(this.pending, null, 'one group at a time reaches the sqlite writer');
    return new Promise<WriterReply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  private settle(reply: WriterReply): void {
    const pending = this.pending;
    assert.ok(pending !== null, `an unexpected ${reply.kind} from the sqlite writer`);
    this.pending = null;
    this.worker.unref();
    pending.resolve(reply);
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(this.failure);
  }
}

/**
 * The thread runs the compiled module next to this one. Loaded from the TypeScript sources
 * instead (Jest, the multi-process tests' children), it runs the compiled module in dist/, which
 * the test run's global setup builds when stale (scripts/jest-build-dist.mjs).
 */
function writerScriptUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./sqlite-writer.worker.js', here);
  const compiled = here.replace(/\/(libs\/event-store\/src\/sqlite\/)[^/]*$/, '/dist/$1');
  assert.notEqual(compiled, here, `sqlite writer: no compiled module for ${here}`);
  return new URL('./sqlite-writer.worker.js', compiled);
}
