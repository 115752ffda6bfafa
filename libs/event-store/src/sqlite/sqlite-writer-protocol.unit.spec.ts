import { describe, expect, it } from '@jest/globals';
import { EventIdConflict, NO_STREAM, WrongExpectedVersion } from '../event-store.port.js';
import {
  decodeError,
  decodeOutcome,
  encodeError,
  encodeOutcome,
} from './sqlite-writer-protocol.js';

/** What crosses the writer thread's boundary must come back as the same error, by class. */
function roundTrip(error: unknown): Error {
  return decodeError(structuredClone(encodeError(error)));
}

describe('sqlite writer protocol', () => {
  it('brings expectation failures and id conflicts back as the port error classes', () => {
    const wrong = roundTrip(new WrongExpectedVersion('s', NO_STREAM, 4n));
    expect(wrong).toBeInstanceOf(WrongExpectedVersion);
    expect(wrong).toMatchObject({ stream: 's', expected: NO_STREAM, actual: 4n });
    const conflict = roundTrip(new EventIdConflict('s', 'id-1'));
    expect(conflict).toBeInstanceOf(EventIdConflict);
    expect(conflict).toMatchObject({ stream: 's', event_id: 'id-1' });
  });

  it("keeps a SQLite error's code and text", () => {
    const sqlite = Object.assign(new Error('database is locked'), {
      errcode: 5,
      errstr: 'database is locked',
      code: 'ERR_SQLITE_ERROR',
    });
    const decoded = roundTrip(sqlite);
    expect(decoded.message).toBe('database is locked');
    expect(decoded).toMatchObject({ errcode: 5, errstr: 'database is locked' });
  });

  it('passes results through, bigints included', () => {
    const result = { next_expected_revision: 2n, position: 9n };
    expect(decodeOutcome(structuredClone(encodeOutcome({ ok: true, result })))).toEqual({
      ok: true,
      result,
    });
  });
});
