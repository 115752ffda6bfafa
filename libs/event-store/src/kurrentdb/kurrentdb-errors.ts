/**
 * Time limits and error mapping for every call the adapter makes: each call gets a deadline of
 * its own (the client's BatchAppend stream and its reads have none that holds when a node stops
 * answering), and what the client throws for transport trouble becomes the port's
 * EventStoreUnavailable naming the host, never the connection string (it may carry credentials).
 */
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
