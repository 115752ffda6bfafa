/**
 * The double's Read handler: streams and $all, forwards and backwards, filtered, and $all
 * subscriptions (catch-up then live). Reads that do not require the leader are answered from
 * the node's own view, which lags behind the log when the node plays a follower.
 */
import { randomUUID } from 'node:crypto';

import type grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';

import type { InMemoryLog, StoredEvent } from './in-memory-log.js';
import {
  caughtUpResponse,
  confirmationResponse,
  eventResponse,
  streamName,
  streamNotFoundResponse,
  type ReadOptionsMessage,
  type ReadReqMessage,
  type ReadRespMessage,
} from './wire-messages.js';

const BACKWARDS = streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;

export type ReadCall = grpc.ServerWritableStream<ReadReqMessage, ReadRespMessage>;

/** What a read sees of the node it reached. */
export interface ReadView {
  readonly log: InMemoryLog;
  readonly strictPositions: boolean;
  /** Events the node is behind the leader for reads that do not require the leader. */
  readonly lagEvents: number;
}

/** Ends a streaming call with an error status, as grpc-js expects it to be signalled. */
export function fail(
  call: { emit(event: 'error', error: object): unknown },
  code: status,
  details: string,
) {
  call.emit('error', { code, details });
}

export function handleRead(view: ReadView, call: ReadCall, onSubscription: (c: ReadCall) => void) {
  const { log } = view;
  const options = call.request.getOptions();
  if (options === undefined) {
    fail(call, status.INVALID_ARGUMENT, 'read without options');
    return;
  }
  const start = options.getAll()?.getPosition();
  if (view.strictPositions && start !== undefined) {
    const commit = BigInt(start.getCommitPosition());
    if (!log.isRecordBoundary(commit) || BigInt(start.getPreparePosition()) !== commit) {
      fail(call, status.INVALID_ARGUMENT, `invalid position ${commit}: not the start of a record`);
      return;
    }
  }
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const send = (event: StoredEvent) => {
    log.eventsSent += 1;
    call.write(eventResponse(event, structuredIds));
  };
  if (options.hasStream()) {
    if (options.hasSubscription()) {
      fail(call, status.UNIMPLEMENTED, 'stream subscriptions');
      return;
    }
    readStream(view, options, call, send);
    call.end();
    return;
  }
  const matches = eventFilter(options);
  if (!options.hasSubscription()) {
    const count = Number(options.getCount());
    const selected: StoredEvent[] = [];
    for (const event of allEventsFrom(view, options, false)) {
      if (selected.length >= count) break;
      if (matches(event)) selected.push(event);
    }
    selected.forEach(send);
    call.end();
    return;
  }
  // Catch-up then live: both happen in this one synchronous turn, so no append can fall
  // between the last caught-up event and the first live one.
  call.write(confirmationResponse(randomUUID()));
  for (const event of allEventsFrom({ ...view, lagEvents: 0 }, options, true)) {
    if (matches(event)) send(event);
  }
  call.write(caughtUpResponse());
  const stopListening = log.listen((event) => {
    if (matches(event)) send(event);
  });
  onSubscription(call);
  call.on('cancelled', stopListening);
  call.on('close', stopListening);
}

function readStream(
  view: ReadView,
  options: ReadOptionsMessage,
  call: ReadCall,
  send: (event: StoredEvent) => void,
): void {
  const streamOptions = options.getStream()!;
  const stream = streamName(streamOptions.getStreamIdentifier());
  const events = view.log.streamEvents(stream, view.lagEvents);
  if (events === undefined) {
    call.write(streamNotFoundResponse(stream));
    return;
  }
  const backwards = options.getReadDirection() === BACKWARDS;
  const count = Number(options.getCount());
  // Revisions are indexes into the stream's events, so a read is a slice, not a scan.
  let from: number;
  if (streamOptions.hasStart()) from = 0;
  else if (streamOptions.hasEnd()) from = backwards ? events.length - 1 : events.length;
  else from = Number(BigInt(streamOptions.getRevision()));
  if (backwards) {
    const first = Math.min(from, events.length - 1);
    for (let index = first; index >= 0 && first - index < count; index -= 1) send(events[index]!);
    return;
  }
  events.slice(from, from + count).forEach(send);
}

/**
 * $all from the request's start. A read starts at its position inclusive (backwards: strictly
 * before it); a subscription starts strictly after it. Yields lazily, so a bounded read of a
 * long log costs what it returns.
 */
function* allEventsFrom(
  view: ReadView,
  options: ReadOptionsMessage,
  subscription: boolean,
): Generator<StoredEvent> {
  const all = view.log.allEvents(view.lagEvents);
  const allOptions = options.getAll()!;
  const backwards = !subscription && options.getReadDirection() === BACKWARDS;
  let index: number;
  if (allOptions.hasStart()) index = backwards ? -1 : 0;
  else if (allOptions.hasEnd()) index = backwards ? all.length - 1 : all.length;
  else {
    const position = BigInt(allOptions.getPosition()!.getCommitPosition());
    const at = Math.min(view.log.firstIndexFrom(position), all.length);
    const exact = at < all.length && all[at]!.position === position;
    index = backwards ? at - 1 : subscription && exact ? at + 1 : at;
  }
  if (backwards) for (let i = index; i >= 0; i -= 1) yield all[i]!;
  else for (let i = index; i < all.length; i += 1) yield all[i]!;
}

function eventFilter(options: ReadOptionsMessage): (event: StoredEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  return (event) => {
    const subject = onStream ? event.stream : event.type;
    if (prefixes.length > 0) return prefixes.some((prefix) => subject.startsWith(prefix));
    return regex === undefined || regex.test(subject);
  };
}
