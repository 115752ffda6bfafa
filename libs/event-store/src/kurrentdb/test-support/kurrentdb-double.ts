/**
 * An in-process gRPC test double of a KurrentDB node: the v1 `Streams` service (Append; Read of
 * streams and of $all, forwards and backwards, filtered; $all subscriptions) and a
 * `ServerFeatures` service that answers UNIMPLEMENTED, so the client falls back to its defaults
 * (plain Append, no batch append). It is built from the service definitions the client package
 * ships, so what the adapter sends is decoded exactly as a server would decode it.
 */
import { randomUUID } from 'node:crypto';

import grpc from '@grpc/grpc-js';
import featuresGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';

import { InMemoryLog, type ProposedEvent, type StoredEvent } from './in-memory-log.js';
import {
  appendResponse,
  caughtUpResponse,
  confirmationResponse,
  eventResponse,
  proposedEvent,
  streamName,
  streamNotFoundResponse,
  wireExpectation,
  type AppendReqMessage,
  type AppendRespMessage,
  type ReadOptionsMessage,
  type ReadReqMessage,
  type ReadRespMessage,
} from './wire-messages.js';

const { ReadReq } = streamsPb;
const BACKWARDS = ReadReq.Options.ReadDirection.BACKWARDS;

export interface KurrentDbDouble {
  /** `kurrentdb://127.0.0.1:PORT?tls=false` (the client also accepts esdb://). */
  readonly connectionString: string;
  readonly log: InMemoryLog;
  stop(): Promise<void>;
}

export interface KurrentDbDoubleOptions {
  /** Like a real node, start with a system event in $all (default true). */
  readonly seedSystemEvent?: boolean;
  /**
   * Like a real node, refuse $all reads and subscriptions that start inside a record (default
   * true). Only for callers that knowingly pass made-up positions.
   */
  readonly strictPositions?: boolean;
}

export async function startKurrentDbDouble(
  options: KurrentDbDoubleOptions = {},
): Promise<KurrentDbDouble> {
  const log = new InMemoryLog();
  if (options.seedSystemEvent ?? true) seedSystemEvent(log);
  const server = new grpc.Server();
  server.addService(featuresGrpc.ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<never>) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the double' }),
  });
  server.addService(streamsGrpc.StreamsService, {
    append: (
      call: grpc.ServerReadableStream<AppendReqMessage, AppendRespMessage>,
      callback: grpc.sendUnaryData<AppendRespMessage>,
    ) => handleAppend(log, call, callback),
    read: (call: grpc.ServerWritableStream<ReadReqMessage, ReadRespMessage>) =>
      handleRead(log, call, options.strictPositions ?? true),
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: (call: grpc.ServerDuplexStream<unknown, unknown>) =>
      fail(call, grpc.status.UNIMPLEMENTED, 'not implemented by the double'),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    log,
    stop: async () => server.forceShutdown(),
  };
}

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<never>): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the double' });
}

/** Ends a streaming call with an error status, as grpc-js expects it to be signalled. */
function fail(
  call: { emit(event: 'error', error: object): unknown },
  code: grpc.status,
  details: string,
) {
  call.emit('error', { code, details });
}

function seedSystemEvent(log: InMemoryLog): void {
  const data = Buffer.from(JSON.stringify({ epoch: 0 }), 'utf8');
  log.append('$epochs', { kind: 'any' }, [
    {
      id: randomUUID(),
      type: '$epoch-information',
      contentType: 'application/json',
      data,
      customMetadata: new Uint8Array(),
    },
  ]);
}

function handleAppend(
  log: InMemoryLog,
  call: grpc.ServerReadableStream<AppendReqMessage, AppendRespMessage>,
  callback: grpc.sendUnaryData<AppendRespMessage>,
): void {
  let options: ReturnType<AppendReqMessage['getOptions']>;
  const proposed: ProposedEvent[] = [];
  call.on('data', (request: AppendReqMessage) => {
    if (request.hasOptions()) options = request.getOptions();
    else if (request.hasProposedMessage())
      proposed.push(proposedEvent(request.getProposedMessage()!));
  });
  call.on('error', () => undefined);
  call.on('end', () => {
    try {
      if (options === undefined) throw new Error('append without options');
      const stream = streamName(options.getStreamIdentifier());
      callback(null, appendResponse(log.append(stream, wireExpectation(options), proposed)));
    } catch (error) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: (error as Error).message });
    }
  });
}

function handleRead(
  log: InMemoryLog,
  call: grpc.ServerWritableStream<ReadReqMessage, ReadRespMessage>,
  strictPositions: boolean,
): void {
  const options = call.request.getOptions();
  if (options === undefined) {
    fail(call, grpc.status.INVALID_ARGUMENT, 'read without options');
    return;
  }
  const start = options.getAll()?.getPosition();
  if (strictPositions && start !== undefined) {
    const commit = BigInt(start.getCommitPosition());
    if (!log.isRecordBoundary(commit) || BigInt(start.getPreparePosition()) !== commit) {
      const refusal = `invalid position ${commit}: not the start of a record`;
      fail(call, grpc.status.INVALID_ARGUMENT, refusal);
      return;
    }
  }
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const send = (event: StoredEvent) => call.write(eventResponse(event, structuredIds));
  if (options.hasStream()) {
    if (options.hasSubscription()) {
      fail(call, grpc.status.UNIMPLEMENTED, 'stream subscriptions');
      return;
    }
    readStream(log, options, call, send);
    call.end();
    return;
  }
  const matches = eventFilter(options);
  if (!options.hasSubscription()) {
    const count = Number(options.getCount());
    allEventsFrom(log, options, false).filter(matches).slice(0, count).forEach(send);
    call.end();
    return;
  }
  // Catch-up then live: both happen in this one synchronous turn, so no append can fall
  // between the last caught-up event and the first live one.
  call.write(confirmationResponse(randomUUID()));
  allEventsFrom(log, options, true).filter(matches).forEach(send);
  call.write(caughtUpResponse());
  const stopListening = log.listen((event) => {
    if (matches(event)) send(event);
  });
  call.on('cancelled', stopListening);
  call.on('close', stopListening);
}

function readStream(
  log: InMemoryLog,
  options: ReadOptionsMessage,
  call: grpc.ServerWritableStream<ReadReqMessage, ReadRespMessage>,
  send: (event: StoredEvent) => void,
): void {
  const streamOptions = options.getStream()!;
  const stream = streamName(streamOptions.getStreamIdentifier());
  const events = log.streamEvents(stream);
  if (events === undefined) {
    call.write(streamNotFoundResponse(stream));
    return;
  }
  const backwards = options.getReadDirection() === BACKWARDS;
  const count = Number(options.getCount());
  let from: bigint;
  if (streamOptions.hasStart()) from = 0n;
  else if (streamOptions.hasEnd())
    from = backwards ? BigInt(events.length - 1) : BigInt(events.length);
  else from = BigInt(streamOptions.getRevision());
  const selected = backwards
    ? events.filter((event) => event.revision <= from).reverse()
    : events.filter((event) => event.revision >= from);
  selected.slice(0, count).forEach(send);
}

/**
 * $all from the request's start. A read starts at its position inclusive (backwards: strictly
 * before it); a subscription starts strictly after it.
 */
function allEventsFrom(
  log: InMemoryLog,
  options: ReadOptionsMessage,
  subscription: boolean,
): StoredEvent[] {
  const all = log.allEvents();
  const allOptions = options.getAll()!;
  const backwards = !subscription && options.getReadDirection() === BACKWARDS;
  if (allOptions.hasStart()) return backwards ? [] : [...all];
  if (allOptions.hasEnd()) return backwards ? [...all].reverse() : [];
  const position = BigInt(allOptions.getPosition()!.getCommitPosition());
  if (backwards) return all.filter((event) => event.position < position).reverse();
  if (subscription) return all.filter((event) => event.position > position);
  return all.filter((event) => event.position >= position);
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
