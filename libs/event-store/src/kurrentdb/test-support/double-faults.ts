import { randomUUID } from 'node:crypto';

import type { LogFaults } from '../../test-support/event-store-faults.contract.js';
import { createKurrentDbEventStore } from '../kurrentdb-event-store.js';
import type { KurrentDbDouble } from './kurrentdb-double.js';

/** The server faults of the contract suite, played by the double. */
export function doubleFaults(double: KurrentDbDouble): LogFaults {
  const foreign: Record<'binary' | 'json' | 'malformed', [string, string, string]> = {
    binary: ['application/octet-stream', 'binary', ''],
    json: ['application/json', '{"a":1}', '{"user":"another-app"}'],
    malformed: ['application/json', '{not json', 'nor this'],
  };
  return {
    lagReads: (events) => double.lagReads(events),
    writeForeignEvent: (stream, kind) => {
      const [contentType, data, metadata] = foreign[kind];
      double.log.appendForeign(stream, {
        id: randomUUID(),
        type: 'SomethingElse',
        contentType,
        data: Buffer.from(data),
        customMetadata: Buffer.from(metadata),
      });
    },
    setAnswering: (answering) => double.setAnswering(answering),
    openFollowerReader: () =>
      createKurrentDbEventStore(`${double.connectionString}&nodePreference=follower`),
    openWithShortDeadlines: () =>
      createKurrentDbEventStore(double.connectionString, {
        call_timeout_ms: 1_000,
        subscribe_timeout_ms: 1_000,
        resubscribe_attempts_max: 1,
      }),
  };
}
