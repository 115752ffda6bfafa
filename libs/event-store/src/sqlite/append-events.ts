import assert from 'node:assert/strict';
import { expectationHeldAt, expectationHolds, type EncodedEvent } from '../append-batch.js';
import {
  EventIdConflict,
  NO_STREAM,
  WrongExpectedVersion,
  type ActualRevision,
  type AppendResult,
  type ExpectedRevision,
} from '../event-store.port.js';
import { chainHash, composeEventCanonicalJson, GENESIS_HASH } from '../hash-chain.js';
import type { EventRow, EventStatements } from './sqlite-schema.js';

const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** One append waiting in a commit group: validated and encoded, not yet written. */
export interface QueuedAppend {
  readonly stream: string;
  readonly encoded: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
}

export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: writes several appends in ONE IMMEDIATE transaction (one fsync), which the caller
 * has begun (`statements.begin`) and this function commits or rolls back, each inside its
 * own savepoint so each stays atomic and is checked against the revisions the appends before it
 * in the group left behind - exactly as if they had been committed one by one. Two processes on
 * the same file serialise on the write lock, so no expected-revision check can race. Runs
 * synchronously: no other append of this process interleaves. If the commit itself fails, every
 * append of the group fails with that error and nothing is written.
 */
export function appendGroup(
  statements: EventStatements,
  group: readonly QueuedAppend[],
  recorded_at: string,
): AppendOutcome[] {
  assert.ok(group.length > 0);
  try {
    const outcomes = group.map((append) => appendInSavepoint(statements, append, recorded_at));
    statements.commit.run();
    return outcomes;
  } catch (error) {
    rollbackUnlessEnded(statements);
    return group.map(() => ({ ok: false, error }));
  }
}

function appendInSavepoint(
  statements: EventStatements,
  { stream, encoded, expected }: QueuedAppend,
  recorded_at: string,
): AppendOutcome {
  statements.savepoint.run();
  try {
    const last = statements.lastInStream.get(stream) as
      { revision: bigint; hash: string } | undefined;
    const actual: ActualRevision = last === undefined ? NO_STREAM : last.revision;
    if (!expectationHolds(expected, actual)) {
      statements.release.run();
      return settle(() => resolveRetry(statements, stream, encoded, expected, actual, false));
    }
    const first_revision = last === undefined ? 0n : last.revision + 1n;
    const position = insertChained(
      statements,
      stream,
      encoded,
      first_revision,
      last?.hash ?? GENESIS_HASH,
      recorded_at,
    );
    statements.release.run();
    const next_expected_revision = first_revision + BigInt(encoded.length - 1);
    return { ok: true, result: { next_expected_revision, position } };
  } catch (error) {
    statements.rollbackToSavepoint.run();
    statements.release.run();
    // Only this append fails; the others in the group are unaffected.
    if (!isDuplicateEventId(error)) return { ok: false, error };
    // An id already in the store: either a retry of an earlier append, or a conflict.
    const last = statements.lastInStream.get(stream) as { revision: bigint } | undefined;
    const actual: ActualRevision = last === undefined ? NO_STREAM : last.revision;
    return settle(() => resolveRetry(statements, stream, encoded, expected, actual, true));
  }
}

function settle(decide: () => AppendResult): AppendOutcome {
  try {
    return { ok: true, result: decide() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Inserts the batch row by row (measured faster than multi-row INSERTs with node:sqlite),
 * each hash chained to the one before; returns the position of the last row. */
function insertChained(
  statements: EventStatements,
  stream: string,
  encoded: readonly EncodedEvent[],
  first_revision: bigint,
  first_previous_hash: string,
  recorded_at: string,
): bigint {
  let previous_hash = first_previous_hash;
  let revision = first_revision;
  let position = 0n;
  for (const { id, type, data_json, metadata_json } of encoded) {
    const canonical = composeEventCanonicalJson(id, type, data_json, metadata_json);
    const hash = chainHash(previous_hash, canonical);
    const { lastInsertRowid } = statements.insert.run(
      stream,
      revision,
      id,
      type,
      data_json,
      metadata_json,
      recorded_at,
      hash,
    );
    assert.ok(typeof lastInsertRowid === 'bigint' && lastInsertRowid > position);
    position = lastInsertRowid;
    previous_hash = hash;
    revision += 1n;
  }
  return position;
}

/** Some errors (disk full, I/O) make SQLite roll back by itself; the original error is the one
 * worth reporting then, not "no transaction is active". */
function rollbackUnlessEnded(statements: EventStatements): void {
  try {
    statements.rollback.run();
  } catch (error) {
    const message = (error as { message?: unknown } | undefined)?.message;
    if (typeof message !== 'string' || !message.includes('no transaction is active')) throw error;
  }
}

function isDuplicateEventId(error: unknown): boolean {
  // Duck-typed: node:sqlite errors may come from another realm (e.g. under Jest's VM modules).
  const { errcode, message } = (error ?? {}) as { errcode?: unknown; message?: unknown };
  return (
    errcode === SQLITE_CONSTRAINT_UNIQUE &&
    typeof message === 'string' &&
    message.includes('events.id')
  );
}

/**
 * Decides what an append that could not be written means. If every event already sits in this
 * stream, with the same content, exactly where the expectation would have put it, it is a retry:
 * return the original result and write nothing. An id stored with other content (or in another
 * stream) is a conflict; anything else is a plain expectation failure.
 */
function resolveRetry(
  statements: EventStatements,
  stream: string,
  encoded: readonly EncodedEvent[],
  expected: ExpectedRevision,
  actual: ActualRevision,
  expectation_held: boolean,
): AppendResult {
  const found = encoded.map((event) => statements.byId.get(event.id) as EventRow | undefined);
  for (const [index, row] of found.entries()) {
    const event = encoded[index]!;
    if (row !== undefined && !sameStoredContent(row, stream, event)) {
      throw new EventIdConflict(stream, event.id);
    }
  }
  const stored = found.filter((row): row is EventRow => row !== undefined);
  if (stored.length === 0) {
    assert.ok(!expectation_held, 'a duplicate id vanished: rows are never deleted');
    throw new WrongExpectedVersion(stream, expected, actual);
  }
  const first_revision = stored[0]!.revision;
  const in_place =
    stored.length === encoded.length &&
    stored.every((row, index) => row.revision === first_revision + BigInt(index)) &&
    expectationHeldAt(expected, first_revision);
  if (in_place) {
    const last = stored[stored.length - 1]!;
    return { next_expected_revision: last.revision, position: last.position };
  }
  if (!expectation_held) throw new WrongExpectedVersion(stream, expected, actual);
  throw new EventIdConflict(stream, stored[0]!.id);
}

function sameStoredContent(row: EventRow, stream: string, event: EncodedEvent): boolean {
  // Both sides are canonical JSON text, so text equality is content equality.
  return (
    row.stream === stream &&
    row.type === event.type &&
    row.data === event.data_json &&
    row.metadata === event.metadata_json
  );
}
