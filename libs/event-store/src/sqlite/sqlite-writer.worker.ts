/**
 * The embedded store's writer thread (sqlite-writer.ts starts it): owns the write connection and
 * commits each group of appends it is sent in one IMMEDIATE transaction, synchronous=FULL, so the
 * fsync blocks this thread, not the event loop that serves requests. Another process's write
 * lock is waited for here, in SQLite (busy_timeout), for at most BUSY_TIMEOUT_MS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { appendGroup, type QueuedAppend } from './append-events.js';
import { EventStatements, openEventsDatabase } from './sqlite-schema.js';
import {
  encodeOutcome,
  encodeError,
  type WriterReply,
  type WriterRequest,
  type WriterSettings,
} from './sqlite-writer-protocol.js';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer.worker runs as a worker thread only');
const { path } = workerData as WriterSettings;
const db = openEventsDatabase(path);
const statements = new EventStatements(db);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.postMessage({ kind: 'closed' } satisfies WriterReply);
    port.close();
    return;
  }
  port.postMessage(commitGroup(request.group, request.recorded_at));
});

function commitGroup(group: readonly QueuedAppend[], recorded_at: string): WriterReply {
  try {
    statements.begin.run();
  } catch (error) {
    return { kind: 'failed', error: encodeError(error) };
  }
  const outcomes = appendGroup(statements, group, recorded_at).map(encodeOutcome);
  return { kind: 'committed', outcomes };
}
