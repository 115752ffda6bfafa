import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const HOOKS = fileURLToPath(new URL('./typescript-hooks.mjs', import.meta.url));
const WORKER = fileURLToPath(new URL('./sqlite-worker.mjs', import.meta.url));

/** A child process running sqlite-worker.mjs (or another worker) against the same log. */
export interface Worker {
  /** Resolves once the worker has opened the store and waits for `go`. */
  readonly ready: Promise<void>;
  go(): void;
  /** The worker's JSON report; rejects if it exits with an error. */
  readonly outcome: Promise<unknown>;
}

/** `target`: the database file, or what the given worker script connects to. */
export function startWorker(
  target: string,
  task: Record<string, unknown>,
  worker_script: string = WORKER,
): Worker {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--no-warnings', '--import', HOOKS, worker_script, target, JSON.stringify(task)],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const outcome = once(child, 'exit').then(([code]) => {
    const lines = stdout.trim().split('\n');
    if (code !== 0 || lines.length < 2) {
      throw new Error(`worker exited with ${String(code)}: ${stderr}${stdout}`);
    }
    return JSON.parse(lines[lines.length - 1]!) as unknown;
  });
  // A worker that dies before `ready` must fail the test, not leave it waiting.
  const ready_or_failed = Promise.race([ready, outcome.then(() => undefined)]);
  return { ready: ready_or_failed, go: () => child.stdin!.end('go\n'), outcome };
}
