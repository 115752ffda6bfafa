/**
 * An in-process gRPC test double of a KurrentDB node: the v1 `Streams` service (Append and
 * BatchAppend; Read of streams and of $all, forwards and backwards, filtered; $all
 * subscriptions) and a `ServerFeatures` service that advertises BatchAppend as a 21.10+ server
 * does, so the client takes the same write path as against a real node. It is built from the
 * service definitions the client package ships, so what the adapter sends is decoded exactly as
 * a server would decode it.
 *
 * A node can play the parts a cluster gives it: a follower that refuses what requires the leader
 * (naming the leader) and serves other reads from a lagging view, a node that stops answering,
 * and a restart that drops every subscription. Two nodes can share one log to play a cluster.
 */
import { randomUUID } from 'node:crypto';

import grpc from '@grpc/grpc-js';
import featuresPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import featuresGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';

import {
  handleAppend,
  handleBatchAppend,
  type AppendCall,
  type BatchAppendCall,
} from './double-appends.js';
import { fail, handleRead, type ReadCall } from './double-reads.js';
import { InMemoryLog } from './in-memory-log.js';
import { notLeaderMetadata, type AppendRespMessage } from './wire-messages.js';

/** The version a 21.10+ node reports with its supported methods. */
const SERVER_VERSION = '24.10.0';

export interface KurrentDbDouble {
  /** `kurrentdb://127.0.0.1:PORT?tls=false` (the client also accepts esdb://). */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  readonly log: InMemoryLog;
  /** Makes this node a follower of `leader` (null: the leader again). A follower refuses what
   * requires the leader with not-leader, naming the leader, as a real node does. */
  followLeader(leader: KurrentDbDouble | null): void;
  /** Reads that do not require the leader see the log without its newest `events`. */
  lagReads(events: number): void;
  /** false: the node takes every call and never answers (a hung node); true: answers again. */
  setAnswering(answering: boolean): void;
  /** Ends every open subscription with UNAVAILABLE, as a node restart does. */
  dropSubscriptions(): void;
  /** How many requests this node refused with not-leader. */
  readonly notLeaderRefusals: number;
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
  /** Share another node's log, to play a second node of the same cluster. */
  readonly log?: InMemoryLog;
  /** Advertise and serve BatchAppend, as 21.10+ servers do (default true). */
  readonly batchAppend?: boolean;
}

export async function startKurrentDbDouble(
  options: KurrentDbDoubleOptions = {},
): Promise<KurrentDbDouble> {
  const log = options.log ?? new InMemoryLog();
  if (options.log === undefined && (options.seedSystemEvent ?? true)) seedSystemEvent(log);
  const batchAppend = options.batchAppend ?? true;
  const state = {
    leader: null as KurrentDbDouble | null,
    lagEvents: 0,
    answering: true,
    subscriptions: new Set<ReadCall>(),
    notLeaderRefusals: 0,
  };
  /** Refuses a call that requires the leader on a follower; true when it did. */
  const refusedAsFollower = (call: { metadata: grpc.Metadata }, refuse: (e: object) => void) => {
    const leader = state.leader;
    if (leader === null || call.metadata.get('requires-leader')[0] !== 'true') return false;
    state.notLeaderRefusals += 1;
    refuse({
      code: grpc.status.NOT_FOUND,
      details: 'Leader info available',
      metadata: notLeaderMetadata(leader),
    });
    return true;
  };
  const server = new grpc.Server();
  server.addService(featuresGrpc.ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      if (!state.answering) return;
      if (!batchAppend) {
        callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the double' });
        return;
      }
      callback(null, supportedMethods());
    },
  });
  server.addService(streamsGrpc.StreamsService, {
    append: (call: AppendCall, callback: grpc.sendUnaryData<AppendRespMessage>) => {
      if (!state.answering) return;
      if (refusedAsFollower(call, (error) => callback(error))) return;
      handleAppend(log, call, callback);
    },
    batchAppend: (call: BatchAppendCall) => {
      if (!batchAppend) return fail(call, grpc.status.UNIMPLEMENTED, 'not implemented');
      if (refusedAsFollower(call, (error) => call.emit('error', error))) return;
      handleBatchAppend(log, call, () => state.answering);
    },
    read: (call: ReadCall) => {
      if (!state.answering) return;
      if (refusedAsFollower(call, (error) => call.emit('error', error))) return;
      const requiresLeader = call.metadata.get('requires-leader')[0] === 'true';
      const view = {
        log,
        strictPositions: options.strictPositions ?? true,
        lagEvents: requiresLeader ? 0 : state.lagEvents,
      };
      handleRead(view, call, (subscription) => {
        state.subscriptions.add(subscription);
        subscription.on('close', () => state.subscriptions.delete(subscription));
      });
    },
    delete: unimplemented,
    tombstone: unimplemented,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    host: '127.0.0.1',
    port,
    log,
    followLeader: (leader) => (state.leader = leader),
    lagReads: (events) => (state.lagEvents = events),
    setAnswering: (answering) => (state.answering = answering),
    dropSubscriptions: () => {
      for (const call of state.subscriptions)
        fail(call, grpc.status.UNAVAILABLE, 'node restarting');
      state.subscriptions.clear();
    },
    get notLeaderRefusals() {
      return state.notLeaderRefusals;
    },
    stop: async () => server.forceShutdown(),
  };
}

function supportedMethods() {
  const methods = ['Append', 'BatchAppend', 'Read'].map((name) => {
    const method = new featuresPb.SupportedMethod();
    method.setServiceName('event_store.client.streams.streams');
    method.setMethodName(name.toLowerCase());
    return method;
  });
  const supported = new featuresPb.SupportedMethods();
  supported.setMethodsList(methods);
  supported.setEventStoreServerVersion(SERVER_VERSION);
  return supported;
}

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<never>): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the double' });
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
