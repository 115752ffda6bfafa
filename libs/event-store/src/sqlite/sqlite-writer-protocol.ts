/**
 * Messages between the embedded store and its writer thread (sqlite-writer.ts,
 * sqlite-writer.worker.ts). Errors cross the thread boundary as plain data and are built again
 * on the store's side, so callers meet the port's own error classes (`instanceof` holds).
 */
import {
  EventIdConflict,
  WrongExpectedVersion,
  type ActualRevision,
  type AppendResult,
  type ExpectedRevision,
} from '../event-store.port.js';
import type { AppendOutcome, QueuedAppend } from './append-events.js';

export interface WriterSettings {
  /** The database file the thread opens its own (write) connection to. */
  readonly path: string;
}

export type WriterRequest =
  | {
      readonly kind: 'commit';
      readonly group: readonly QueuedAppend[];
      readonly recorded_at: string;
    }
  | { readonly kind: 'close' };

export type EncodedError =
  | {
      readonly kind: 'wrong_expected_version';
      readonly stream: string;
      readonly expected: ExpectedRevision;
      readonly actual: ActualRevision;
    }
  | { readonly kind: 'event_id_conflict'; readonly stream: string; readonly event_id: string }
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly stack: string | undefined;
      /** SQLite's result code and text, when the error came from SQLite. */
      readonly errcode: unknown;
      readonly errstr: unknown;
      readonly code: unknown;
    };

export type EncodedOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: EncodedError };

export type WriterReply =
  /** BEGIN failed (e.g. another process held the write lock too long): the whole group fails. */
  | { readonly kind: 'failed'; readonly error: EncodedError }
  | { readonly kind: 'committed'; readonly outcomes: readonly EncodedOutcome[] }
  | { readonly kind: 'closed' };

export function encodeOutcome(outcome: AppendOutcome): EncodedOutcome {
  return outcome.ok ? outcome : { ok: false, error: encodeError(outcome.error) };
}

export function decodeOutcome(outcome: EncodedOutcome): AppendOutcome {
  return outcome.ok ? outcome : { ok: false, error: decodeError(outcome.error) };
}

export function encodeError(error: unknown): EncodedError {
  if (error instanceof WrongExpectedVersion) {
    const { stream, expected, actual } = error;
    return { kind: 'wrong_expected_version', stream, expected, actual };
  }
  if (error instanceof EventIdConflict) {
    return { kind: 'event_id_conflict', stream: error.stream, event_id: error.event_id };
  }
  const fields = (error ?? {}) as Record<string, unknown>;
  return {
    kind: 'error',
    name: typeof fields.name === 'string' ? fields.name : 'Error',
    message: typeof fields.message === 'string' ? fields.message : String(error),
    stack: typeof fields.stack === 'string' ? fields.stack : undefined,
    errcode: fields.errcode,
    errstr: fields.errstr,
    code: fields.code,
  };
}

export function decodeError(error: EncodedError): Error {
  switch (error.kind) {
    case 'wrong_expected_version':
      return new WrongExpectedVersion(error.stream, error.expected, error.actual);
    case 'event_id_conflict':
      return new EventIdConflict(error.stream, error.event_id);
    case 'error': {
      const decoded = Object.assign(new Error(error.message), {
        errcode: error.errcode,
        errstr: error.errstr,
        code: error.code,
      });
      decoded.name = error.name;
      if (error.stack !== undefined) decoded.stack = error.stack;
      return decoded;
    }
    default: {
      const unknown: never = error;
      throw new Error(`unknown writer error ${JSON.stringify(unknown)}`);
    }
  }
}
