import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';

/**
 * A projection: a pure fold over events (its `*.fold.ts`) plus the read-model writes that store
 * the fold's result. The runner calls `apply` and `assertInvariants` inside one SQLite
 * transaction together with the checkpoint update, so a batch is applied exactly once.
 */
export interface Projection {
  /** Stable name: the checkpoint key and the `--projection` / URL name. */
  readonly name: string;
  /** Bumped when the tables or the fold change: a stored model of another version is rebuilt. */
  readonly version: number;
  /** The event types its fold reads: a rebuild asks the store for these only (the others fold
   * to nothing). Followers still read every event, so checkpoints reach the log's head.
   * `'all'`: the fold reads events of any type (a rule over every event's data). */
  readonly event_types: readonly string[] | 'all';
  /** Creates the tables (idempotent). */
  createSchema(db: DatabaseSync): void;
  /** Drops every table of the projection. */
  dropSchema(db: DatabaseSync): void;
  /** Optional: before a rebuild's bulk load (e.g. drop secondary indexes, built once after). */
  bulkLoadStart?(db: DatabaseSync): void;
  /** Optional: after a rebuild's bulk load; createSchema must also restore what start removed,
   * so a rebuild interrupted by a crash is completed by the next start. */
  bulkLoadEnd?(db: DatabaseSync): void;
  /** Prepares the statements once per connection; call after createSchema. */
  writer(db: DatabaseSync): ProjectionWriter;
}

export interface ProjectionWriter {
  /** Applies a batch of events in log order (runs inside the runner's transaction). */
  apply(events: readonly RecordedEvent[]): void;
  /** Throws InvariantViolation when the read model breaks an invariant (after each batch). */
  assertInvariants(): void;
}
