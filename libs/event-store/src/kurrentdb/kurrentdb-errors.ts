/**
 * Time limits and error mapping for every call the adapter makes: each call gets a deadline of
 * its own (the client's BatchAppend stream and its reads have none that holds when a node stops
 * answering), and what the client throws for transport trouble becomes the port's
 * EventStoreUnavailable naming the host, never the connection string (it may carry credentials).
 */
import { setTimeout as delay } from 'node:timers/promises';

import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  UnknownError,
} from '@kurrent/kurrentdb-client';

import { EventStoreError, EventStoreUnavailable } from '../event-store.port.js';

/** The hosts of a connection string, without scheme, credentials or options. */
export function hostsOf(connection_string: string): string {
  const authority = connection_string.replace(/^[a-z+]+:\/\//i, '').split(/[/?]/)[0] ?? '';
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return hosts === '' ? 'unknown host' : hosts;
}

/** Thrown by withDeadline; mapped to EventStoreUnavailable by the caller's context. */
export class CallTimedOut extends Error {
  constructor(readonly timeout_ms: number) {
    super(`no answer within ${timeout_ms} ms`);
    this.name = 'CallTimedOut';
  }
}

/** Settles with `promise`, or rejects with CallTimedOut after `timeout_ms`. */
export async function withDeadline<T>(promise: Promise<T>, timeout_ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimedOut(timeout_ms)), timeout_ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Each `next()` of `source` within `timeout_ms` (a read that stalls fails instead of hanging). */
export async function* withStepDeadline<T>(
  source: AsyncIterable<T>,
  timeout_ms: number,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await withDeadline(iterator.next(), timeout_ms);
    if (next.done === true) return;
    yield next.value;
  }
}

const LEADER_CHANGE_PAUSE_MS = 50;

/**
 * Iterates `open()`, opening it again when a leader change (not-leader) ends it before its first
 * item: the client has already pointed its connection at the leader the error named. Once an
 * item was delivered the error is the caller's (a read cannot resume without repeating).
 */
export async function* acrossLeaderChanges<T>(
  open: () => AsyncIterable<T>,
  attempts_max: number,
): AsyncGenerator<T> {
  for (let attempt = 1; ; attempt += 1) {
    let delivered = false;
    try {
      for await (const item of open()) {
        delivered = true;
        yield item;
      }
      return;
    } catch (error) {
      if (delivered || !isNotLeader(error) || attempt >= attempts_max) throw error;
      await delay(LEADER_CHANGE_PAUSE_MS);
    }
  }
}

/** Whether the error is a leader change the next attempt can get past. */
export function isNotLeader(error: unknown): boolean {
  return error instanceof NotLeaderError;
}

/**
 * The port's error for a client or transport failure; the port's own errors (conflicts,
 * expectation failures) and assertion failures pass through unchanged.
 */
export function toPortError(error: unknown, host: string, operation: string): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof CallTimedOut) {
    return new EventStoreUnavailable(host, operation, error.message);
  }
  const transport =
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof AccessDeniedError ||
    error instanceof UnknownError;
  if (!transport) return error;
  const reason = `${(error as Error).name || 'error'}: ${(error as Error).message || 'no detail'}`;
  return new EventStoreUnavailable(host, operation, reason);
}
