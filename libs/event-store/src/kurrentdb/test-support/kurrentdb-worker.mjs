// A separate process for the KurrentDB adapter's multi-process tests. Usage:
//   node --import ../../test-support/typescript-hooks.mjs kurrentdb-worker.mjs <connection> <task>
// Prints `ready`, waits for a line on stdin (so racing workers start together), makes `count`
// concurrent `any` appends of one event each to `stream`, and prints one JSON line with the
// ids it appended and the errors it met.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';

const { createKurrentDbEventStore } = await import('../kurrentdb-event-store.js');

const [connection, task_json] = process.argv.slice(2);
const task = JSON.parse(task_json);

const eventFor = (index) => ({
  id: randomUUID(),
  type: 'Raced',
  data: { pid: process.pid, index },
  metadata: {
    schema_version: 1,
    occurred_at: '2026-01-01T00:00:00Z',
    correlation_id: randomUUID(),
    causation_id: null,
    principal: `system:worker-${process.pid}`,
  },
});

const store = await createKurrentDbEventStore(connection);
// One round trip first, so connecting is not part of the race.
await store.headPosition();
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
const started = performance.now();
const events = Array.from({ length: task.count }, (_, index) => eventFor(index));
const outcomes = await Promise.allSettled(
  events.map((event) => store.append(task.stream, [event], 'any')),
);
const elapsed_ms = Math.round(performance.now() - started);
await store.close();
const appended_ids = events.filter((_, i) => outcomes[i].status === 'fulfilled').map((e) => e.id);
const errors = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
process.stdout.write(`${JSON.stringify({ appended_ids, errors, elapsed_ms })}\n`);
process.exit(0);
