import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { InvariantViolation } from '#ledger';
import type { Projection, ProjectionWriter } from './projection.js';
import {
  checkpointToDisk,
  Checkpoints,
  endBulkLoad,
  inTransaction,
  REBUILDING_VERSION,
  startBulkLoad,
} from './read-models.js';

export interface ProjectionRunnerOptions {
  /** Largest batch applied in one transaction while following the log. */
  readonly batch_events_max?: number;
  /** Largest batch applied in one transaction during a rebuild. */
  readonly rebuild_batch_events_max?: number;
  /** Pause before following the log again after a failed batch. */
  readonly retry_delay_ms?: number;
  /** Failed batches after which a projection stops ('failed'); the count restarts only after
   * `recovery_batches_min` batches in a row applied past the last failed one. */
  readonly failures_max?: number;
  /** Successful batches in a row that show a projection recovered (default 8). */
  readonly recovery_batches_min?: number;
  /** Callers waiting for a position at most (default 1024); more: ProjectionWaitersExhausted. */
  readonly waiters_max?: number;
  readonly on_error?: (projection: string, error: unknown) => void;
}

export type ProjectionState = 'stopped' | 'running' | 'rebuilding' | 'failed';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly checkpoint: bigint;
  readonly state: ProjectionState;
  readonly error: string | null;
}

export interface RebuildProgress {
  /** Events read and applied so far (of the types the projections read). */
  readonly events_done: number;
  /** Position of the last event read: with `events_total`, how far through the log it is. */
  readonly position: bigint;
  /** The log's head position when the rebuild started (the progress bar's total). */
  readonly events_total: number;
}

export interface RebuildResult {
  readonly projections: readonly string[];
  /** Events read and applied: the log's events of the types the projections read. */
  readonly events: number;
  readonly duration_ms: number;
  readonly checkpoint: bigint;
}

/** Thrown by a rebuild that found its checkpoint moved by another process mid-way. */
export class RebuildInterrupted extends Error {
  constructor(readonly projection: string) {
    super(`projection ${projection} was changed by another process during the rebuild`);
    this.name = 'RebuildInterrupted';
  }
}

/** Too many callers wait for the read models already: the caller should retry later (503). */
export class ProjectionWaitersExhausted extends Error {
  constructor(readonly waiters_max: number) {
    super(`${waiters_max} requests already wait for the read models; retry shortly`);
    this.name = 'ProjectionWaitersExhausted';
  }
}

export class UnknownProjection extends Error {
  constructor(readonly projection: string) {
    super(`unknown projection ${projection}`);
    this.name = 'UnknownProjection';
  }
}

const TICK = Symbol('tick');

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
/** Retries of a rebuild batch whose checkpoint another process moved forwards. */
const REBUILD_COMMIT_ATTEMPTS_MAX = 8;
/** How often a waiter re-reads the stored checkpoints (commits by other processes). */
const WAIT_POLL_INTERVAL_MS = 25;
const STOP = Symbol('stop');

interface Worker {
  readonly projection: Projection;
  readonly writer: ProjectionWriter;
  checkpoint: bigint;
  state: ProjectionState;
  error: string | null;
  failures: number;
  /** Batches applied in a row since the last failure, past the last failed batch. */
  recovered_batches: number;
  /** Last position of the batch that failed last (the checkpoint, for a failed read). */
  failed_through: bigint;
  loop: Promise<void> | null;
  stop: (() => void) | null;
  subscription: Subscription | null;
}

interface Waiter {
  readonly position: bigint;
  readonly names: readonly string[];
  readonly resolve: (reached: boolean) => void;
}

/**
 * Keeps projections up to date with the log. Each projection follows the global log from its
 * own checkpoint; a batch of events (bounded) is applied and the new checkpoint stored in ONE
 * SQLite transaction, so after a crash every event is applied exactly once. The checkpoint is
 * compared-and-set inside that transaction: when another process sharing the read-model file
 * moved it (it applied the batch, or rebuilt the model), this runner resumes from the stored one.
 */
export class ProjectionRunner {
  private readonly workers = new Map<string, Worker>();
  private readonly checkpoints: Checkpoints;
  private readonly waiters = new Set<Waiter>();
  private rebuilds: Promise<unknown> = Promise.resolve();
  private readonly batch_events_max: number;
  private readonly rebuild_batch_events_max: number;
  private readonly retry_delay_ms: number;
  private readonly failures_max: number;
  private readonly recovery_batches_min: number;
  private readonly waiters_max: number;

  constructor(
    private readonly store: EventStore,
    private readonly db: DatabaseSync,
    projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batch_events_max = options.batch_events_max ?? 500;
    this.rebuild_batch_events_max = options.rebuild_batch_events_max ?? 2000;
    this.retry_delay_ms = options.retry_delay_ms ?? 1000;
    this.failures_max = options.failures_max ?? 5;
    this.recovery_batches_min = options.recovery_batches_min ?? 8;
    this.waiters_max = options.waiters_max ?? 1024;
    assert.ok(this.recovery_batches_min > 0 && this.waiters_max > 0);
    assert.ok(this.batch_events_max > 0 && this.rebuild_batch_events_max > 0);
    this.checkpoints = new Checkpoints(db);
    for (const projection of projections) {
      assert.ok(!this.workers.has(projection.name), `duplicate projection ${projection.name}`);
      const checkpoint = this.prepareSchema(projection);
      this.workers.set(projection.name, {
        projection,
        writer: projection.writer(db),
        checkpoint,
        state: 'stopped',
        error: null,
        failures: 0,
        recovered_batches: 0,
        failed_through: 0n,
        loop: null,
        stop: null,
        subscription: null,
      });
    }
  }

  names(): string[] {
    return [...this.workers.keys()];
  }

  /** Starts following the log (returns at once; catching up happens in the background). */
  start(names: readonly string[] = this.names()): void {
    for (const name of names) {
      const worker = this.worker(name);
      if (worker.loop !== null) continue;
      worker.state = 'running';
      worker.error = null;
      worker.failures = 0;
      worker.recovered_batches = 0;
      const stopped = new Promise<typeof STOP>((resolve) => {
        worker.stop = () => resolve(STOP);
      });
      worker.loop = this.follow(worker, stopped).finally(() => {
        worker.loop = null;
        worker.stop = null;
      });
    }
  }

  async stop(names: readonly string[] = this.names()): Promise<void> {
    await Promise.all(names.map((name) => this.stopWorker(this.worker(name))));
  }

  status(): ProjectionStatus[] {
    return [...this.workers.values()].map((worker) => ({
      name: worker.projection.name,
      version: worker.projection.version,
      checkpoint: worker.checkpoint,
      state: worker.state,
      error: worker.error,
    }));
  }

  checkpoint(name: string): bigint {
    return this.worker(name).checkpoint;
  }

  /**
   * Resolves true once every named projection has applied the log up to `position`, false
   * after `timeout_ms` or as soon as one of them has failed. Rejects with
   * ProjectionWaitersExhausted when `waiters_max` callers wait already.
   */
  waitForPosition(
    position: bigint,
    timeout_ms: number,
    names: readonly string[] = this.names(),
  ): Promise<boolean> {
    names.forEach((name) => this.worker(name));
    const verdict = this.verdict(position, names);
    if (verdict !== null) return Promise.resolve(verdict);
    if (this.waiters.size >= this.waiters_max) {
      return Promise.reject(new ProjectionWaitersExhausted(this.waiters_max));
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        names,
        resolve: (reached) => {
          clearTimeout(timer);
          clearInterval(poll);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeout_ms);
      // Commits of this process settle waiters at once; the poll sees other processes' commits.
      const poll = setInterval(() => {
        const verdict = this.verdict(position, names);
        if (verdict !== null) waiter.resolve(verdict);
      }, WAIT_POLL_INTERVAL_MS);
      this.waiters.add(waiter);
    });
  }

  /**
   * Drops the named read models and replays the whole log into them, then follows the log
   * again. `on_progress` is called after each batch.
   */
  rebuild(
    names: readonly string[] = this.names(),
    on_progress?: (progress: RebuildProgress) => void,
  ): Promise<RebuildResult> {
    names.forEach((name) => this.worker(name));
    // One rebuild at a time in this process: a second request waits for the first.
    const result = this.rebuilds.then(() => this.rebuildNow(names, on_progress));
    this.rebuilds = result.catch(() => undefined);
    return result;
  }

  private async rebuildNow(
    names: readonly string[],
    on_progress?: (progress: RebuildProgress) => void,
  ): Promise<RebuildResult> {
    const workers = names.map((name) => this.worker(name));
    // Followed the log before (or failed doing so): follow it again once rebuilt.
    const were_running = workers.filter(
      (worker) => worker.loop !== null || worker.state === 'failed',
    );
    await Promise.all(workers.map((worker) => this.stopWorker(worker)));
    const started_ms = performance.now();
    workers.forEach((worker) => (worker.state = 'rebuilding'));
    inTransaction(this.db, () => {
      for (const worker of workers) {
        worker.projection.dropSchema(this.db);
        worker.projection.createSchema(this.db);
        worker.projection.bulkLoadStart?.(this.db);
        this.checkpoints.set(worker.projection.name, REBUILDING_VERSION, 0n);
      }
    });
    workers.forEach((worker) => (worker.checkpoint = 0n));
    let events_done: number;
    let bulk_loading = false;
    try {
      const head = await this.store.headPosition();
      startBulkLoad(this.db);
      bulk_loading = true;
      events_done = await this.replay(workers, head, on_progress);
      inTransaction(this.db, () => {
        for (const worker of workers) worker.projection.bulkLoadEnd?.(this.db);
      });
      bulk_loading = false;
      endBulkLoad(this.db);
      checkpointToDisk(this.db);
      inTransaction(this.db, () => workers.forEach((worker) => this.finishRebuild(worker, head)));
      this.settleWaiters();
    } catch (error) {
      workers.forEach((worker) => this.fail(worker, error));
      // The model stays under REBUILDING_VERSION: the next start (or rebuild) builds it again.
      if (bulk_loading && this.db.isOpen) endBulkLoad(this.db);
      throw error;
    }
    workers.forEach((worker) => (worker.state = 'stopped'));
    this.start(were_running.map((worker) => worker.projection.name));
    return {
      projections: workers.map((worker) => worker.projection.name),
      events: events_done,
      duration_ms: performance.now() - started_ms,
      checkpoint: workers[0]?.checkpoint ?? 0n,
    };
  }

  /**
   * Reads the log once for all the rebuilt projections, only the event types some of them read
   * (the store skips the others unread: in SQL, or on the server), and commits it in batches.
   * Returns the number of events applied.
   */
  private async replay(
    workers: readonly Worker[],
    head: bigint,
    on_progress?: (progress: RebuildProgress) => void,
  ): Promise<number> {
    // A projection that reads every event (`'all'`, e.g. CDR lineage) makes the read unfiltered.
    const every = workers.some((worker) => worker.projection.event_types === 'all');
    const event_types = every
      ? undefined
      : [...new Set(workers.flatMap((worker) => worker.projection.event_types as string[]))];
    const wanted = new Set(event_types);
    let events_done = 0;
    let position = 0n;
    let batch: RecordedEvent[] = [];
    const flush = (): void => {
      this.commitRebuildBatch(workers, batch);
      events_done += batch.length;
      batch = [];
      on_progress?.({ events_done, position, events_total: Number(head) });
    };
    for await (const event of this.store.readAll({ after_position: 0n, event_types })) {
      position = event.position;
      // A store that ignores the filter still gives the right result, only slower.
      if (event_types !== undefined && !wanted.has(event.type)) continue;
      batch.push(event);
      if (batch.length >= this.rebuild_batch_events_max) {
        flush();
        await yieldToEventLoop();
      }
    }
    if (batch.length > 0) flush();
    return events_done;
  }

  private worker(name: string): Worker {
    const worker = this.workers.get(name);
    if (worker === undefined) throw new UnknownProjection(name);
    return worker;
  }

  /** Creates the tables; a model stored with another schema version is dropped (rebuilt). */
  private prepareSchema(projection: Projection): bigint {
    return inTransaction(this.db, () => {
      const stored = this.checkpoints.get(projection.name);
      if (stored !== null && stored.version === projection.version) {
        projection.createSchema(this.db);
        return stored.position;
      }
      projection.dropSchema(this.db);
      projection.createSchema(this.db);
      this.checkpoints.set(projection.name, projection.version, 0n);
      return 0n;
    });
  }

  private async stopWorker(worker: Worker): Promise<void> {
    worker.stop?.();
    await worker.subscription?.close();
    await worker.loop;
    if (worker.state === 'running') worker.state = 'stopped';
  }

  /** Follows the log until stopped; one subscription per pass, reopened after a failure or
   * after another process moved the checkpoint. */
  private async follow(worker: Worker, stopped: Promise<typeof STOP>): Promise<void> {
    for (let pass = 0; worker.state === 'running'; pass += 1) {
      const subscription = this.store.subscribeToAll({ after_position: worker.checkpoint });
      worker.subscription = subscription;
      try {
        const outcome = await this.drain(worker, subscription, stopped);
        if (outcome === 'stopped') return;
      } catch (error) {
        this.options.on_error?.(worker.projection.name, error);
        worker.failures += 1;
        worker.recovered_batches = 0;
        if (error instanceof InvariantViolation || worker.failures >= this.failures_max) {
          this.fail(worker, error);
          return;
        }
        const pause = new Promise<void>((resolve) => setTimeout(resolve, this.retry_delay_ms));
        if ((await Promise.race([pause, stopped])) === STOP) return;
      } finally {
        worker.subscription = null;
        await subscription.close();
      }
    }
  }

  /** Reads batches from the subscription: the first event of a batch is awaited, then events
   * are taken while they are already available (they arrive within the same macrotask), up to
   * the batch bound; the batch is then committed. */
  private async drain(
    worker: Worker,
    subscription: Subscription,
    stopped: Promise<typeof STOP>,
  ): Promise<'stopped' | 'moved' | 'ended'> {
    const iterator = subscription[Symbol.asyncIterator]();
    let pending = iterator.next();
    for (;;) {
      const first = await Promise.race([pending, stopped]);
      if (first === STOP) return 'stopped';
      if (first.done) return 'ended';
      const events = [first.value];
      pending = iterator.next();
      const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
      while (events.length < this.batch_events_max) {
        const next = await Promise.race([pending, tick]);
        if (next === TICK || next.done) break;
        events.push(next.value);
        pending = iterator.next();
      }
      if (this.commitFollowing(worker, events) === 'moved') return 'moved';
      // Catching up can take long: let requests (and the stop signal) through between batches.
      await yieldToEventLoop();
    }
  }

  /** A batch while following the log. The failure count restarts only once the projection has
   * applied `recovery_batches_min` batches in a row past the last failed one, so a projection
   * failing every other batch still reaches `failures_max` and stops. */
  private commitFollowing(worker: Worker, events: readonly RecordedEvent[]): 'applied' | 'moved' {
    const last = events[events.length - 1]!.position;
    let outcome: 'applied' | 'moved';
    try {
      outcome = this.commit(worker, events);
    } catch (error) {
      worker.failed_through = last;
      throw error;
    }
    if (worker.failures > 0 && worker.checkpoint >= worker.failed_through) {
      worker.recovered_batches += 1;
      if (worker.recovered_batches >= this.recovery_batches_min) worker.failures = 0;
    }
    return outcome;
  }

  /**
   * A rebuild's batch for every projection being rebuilt in ONE transaction (one commit per
   * batch rather than one per projection). When another process moved one of the checkpoints,
   * nothing is written here and each projection commits the batch on its own (below).
   */
  private commitRebuildBatch(workers: readonly Worker[], batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    const positions = inTransaction(this.db, () => {
      for (const worker of workers) {
        const stored = this.checkpoints.get(worker.projection.name);
        if (stored === null || stored.position !== worker.checkpoint) return null;
      }
      return workers.map((worker) => this.applyInTransaction(worker, batch));
    });
    if (positions === null) {
      for (const worker of workers) this.commitDuringRebuild(worker, batch);
      return;
    }
    workers.forEach((worker, index) => (worker.checkpoint = positions[index]!));
    this.settleWaiters();
  }

  /**
   * A rebuild's batch for one projection. A server sharing the read models may follow the log into the model
   * being rebuilt and move the checkpoint forwards; then the rest of the batch is applied after
   * it. A checkpoint moved backwards means another rebuild started: this one gives up.
   */
  private commitDuringRebuild(worker: Worker, batch: readonly RecordedEvent[]): void {
    for (let attempt = 0; attempt < REBUILD_COMMIT_ATTEMPTS_MAX; attempt += 1) {
      const before = worker.checkpoint;
      if (this.commit(worker, batch) === 'applied') return;
      if (worker.checkpoint < before) break;
    }
    throw new RebuildInterrupted(worker.projection.name);
  }

  /**
   * Stores the real version once the model is complete. After the filtered read, every event up
   * to the head taken before it was applied or is of a type the projection ignores: the
   * checkpoint moves to that head, so read-after-write waits do not hang on skipped events. A
   * checkpoint another process moved meanwhile is left alone (forwards: a server followed the
   * log into the model and stored the version; backwards: another rebuild started).
   */
  private finishRebuild(worker: Worker, head: bigint): void {
    const { name, version } = worker.projection;
    const stored = this.checkpoints.get(name);
    if (stored === null || stored.position !== worker.checkpoint) return;
    const position = worker.checkpoint > head ? worker.checkpoint : head;
    this.checkpoints.set(name, version, position);
    worker.checkpoint = position;
  }

  /** Applies one batch and stores the checkpoint in one transaction. */
  private commit(worker: Worker, events: readonly RecordedEvent[]): 'applied' | 'moved' {
    if (events.length === 0) return 'applied';
    const { projection } = worker;
    const outcome = inTransaction(this.db, () => {
      const stored = this.checkpoints.get(projection.name);
      if (stored === null || stored.position !== worker.checkpoint) {
        return { moved: true, position: stored?.position ?? 0n } as const;
      }
      return { moved: false, position: this.applyInTransaction(worker, events) } as const;
    });
    worker.checkpoint = outcome.position;
    this.settleWaiters();
    return outcome.moved ? 'moved' : 'applied';
  }

  /** Inside the caller's transaction, with the stored checkpoint checked: applies the events
   * after the checkpoint, asserts the invariants and stores the new checkpoint (returned). */
  private applyInTransaction(worker: Worker, events: readonly RecordedEvent[]): bigint {
    const { projection } = worker;
    const fresh = events.filter((event) => event.position > worker.checkpoint);
    let previous = worker.checkpoint;
    for (const event of fresh) {
      assert.ok(event.position > previous, 'log positions go forwards');
      previous = event.position;
    }
    worker.writer.apply(fresh);
    worker.writer.assertInvariants();
    const version = worker.state === 'rebuilding' ? REBUILDING_VERSION : projection.version;
    this.checkpoints.set(projection.name, version, previous);
    return previous;
  }

  private fail(worker: Worker, error: unknown): void {
    worker.state = 'failed';
    worker.error = error instanceof Error ? error.message : String(error);
    this.settleWaiters();
  }

  private verdict(position: bigint, names: readonly string[]): boolean | null {
    let reached = true;
    for (const name of names) {
      const worker = this.worker(name);
      if (worker.state === 'failed') return false;
      // The stored checkpoint, not this process's view of it: another process sharing the
      // read models may have reset it (a rebuild in progress there) or advanced it. A runner
      // that follows the log itself is not there while its own view is behind; one that does
      // not (an extra worker of LEDGER_WORKERS) only has the stored one.
      const following = worker.loop !== null;
      const stored = following && worker.checkpoint < position ? null : this.checkpoints.get(name);
      if (stored === null || stored.position < position) reached = false;
    }
    return reached ? true : null;
  }

  private settleWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const verdict = this.verdict(waiter.position, waiter.names);
      if (verdict !== null) waiter.resolve(verdict);
    }
  }
}
