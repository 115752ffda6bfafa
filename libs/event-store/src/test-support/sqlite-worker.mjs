// A second process for the sqlite adapter's multi-process tests. Usage:
//   node --import ./typescript-hooks.mjs sqlite-worker.mjs <db path> <task JSON>
// Prints `ready`, waits for a line on stdin (so racing workers start together), runs the task and
// prints one JSON line with what it did.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

const { openSqliteEventStore } = await import('../sqlite/sqlite-event-store.js');
const { WrongExpectedVersion, NO_STREAM } = await import('../event-store.port.js');

const [path, task_json] = process.argv.slice(2);
const task = JSON.parse(task_json);
const ATTEMPTS_MAX = 2_000;
const THINK_MS_MAX = 3;

const eventFor = (type, data) => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    schema_version: 1,
    occurred_at: '2026-01-01T00:00:00Z',
    correlation_id: randomUUID(),
    causation_id: null,
    principal: `system:worker-${process.pid}`,
  },
});

async function lastRevision(store, stream) {
  for await (const event of store.readStream(stream, { direction: 'backwards', max_count: 1 })) {
    return event.revision;
  }
  return NO_STREAM;
}

/** Appends `count` events one by one to a contended stream, re-reading after each refusal. */
async function race(store) {
  const shared_ids = [];
  const own_ids = [];
  let conflicts = 0;
  for (let attempt = 0; shared_ids.length < task.count; attempt += 1) {
    if (attempt >= ATTEMPTS_MAX) throw new Error('too many attempts');
    const event = eventFor('Raced', { pid: process.pid, attempt });
    try {
      const expected = await lastRevision(store, task.shared_stream);
      // Think for a moment between reading and writing, as a command handler does, so that the
      // other process gets a chance to append in between and the expectation check is exercised.
      await delay(Math.random() * THINK_MS_MAX);
      await store.append(task.shared_stream, [event], expected);
      shared_ids.push(event.id);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      conflicts += 1;
      continue;
    }
    const own = eventFor('Owned', { index: own_ids.length });
    const expected = own_ids.length === 0 ? NO_STREAM : BigInt(own_ids.length - 1);
    await store.append(task.own_stream, [own], expected);
    own_ids.push(own.id);
  }
  return { shared_ids, own_ids, conflicts };
}

/** One append with a given expectation; reports the outcome instead of failing. */
async function appendOnce(store) {
  const expected = task.expected === NO_STREAM ? NO_STREAM : BigInt(task.expected);
  const events = Array.from({ length: task.count }, (_, index) => eventFor('Appended', { index }));
  try {
    const result = await store.append(task.stream, events, expected);
    return { ok: true, next_expected_revision: String(result.next_expected_revision) };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersion)) throw error;
    return {
      ok: false,
      error: error.name,
      expected: String(error.expected),
      actual: String(error.actual),
    };
  }
}

const store = openSqliteEventStore({ path });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
const outcome = task.kind === 'race' ? await race(store) : await appendOnce(store);
await store.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
