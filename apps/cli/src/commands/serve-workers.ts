import cluster, { type Worker } from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  WORKER_INDEX_VARIABLE,
  type ApiConfig,
} from '../../../api/src/infrastructure/api-config.js';
import { JsonLogger } from '../../../api/src/infrastructure/json-logger.js';
import { SQLITE_FILE_NAME, openEventsDatabase } from '#event-store';
import { openReadModels, readModelsPath } from '#projections';

/** How long the workers get to finish their requests after SIGINT / SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

/** True in a worker process forked by `serveWithWorkers` (it serves the API itself). */
export function isServeWorker(): boolean {
  return !cluster.isPrimary;
}

/**
 * `LEDGER_WORKERS=N` (N > 1): this process forks N HTTP workers (node:cluster) that share the
 * listening socket and serve the API on the same store, and one projector process that serves
 * no HTTP: it follows the log into the shared read models (off the request path) and runs the
 * scheduled jobs; the HTTP workers' queries wait for its stored checkpoints. The embedded store
 * is safe for them: WAL, a busy timeout, and every append checked against the stream's revision
 * inside one IMMEDIATE transaction, so expected revisions hold across processes; KurrentDB
 * checks them on the server. One admin token for all (generated here when unset). When a
 * process dies, the others are stopped and this one exits with its code, so a supervisor
 * (systemd, a container runtime) restarts the service whole.
 */
export function serveWithWorkers(config: ApiConfig, workers: number): void {
  const logger = new JsonLogger(true);
  if (config.admin_token_generated) {
    logger.event('warn', 'generated admin token (set LEDGER_ADMIN_TOKEN to choose one)', {
      admin_token: config.admin_token,
    });
  }
  let stopping = false;
  let exit_code = 0;
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(exit_code || 1), SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (!stopping) {
      logger.event('error', 'worker exited; stopping the others', {
        worker: worker.id,
        code,
        signal,
      });
      exit_code = code || 1;
      stopAll('SIGTERM');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exit_code);
  });
  createFiles(config);
  for (let index = 0; index <= workers; index += 1) {
    cluster.fork(workerEnv(config, index));
  }
  logger.event('info', 'serving with workers', { workers });
}

/** The files (WAL mode, schema) are created here, once, before the processes open them. */
function createFiles(config: ApiConfig): void {
  mkdirSync(config.data_dir, { recursive: true });
  if (['', 'sqlite'].includes(config.event_store.trim())) {
    openEventsDatabase(join(config.data_dir, SQLITE_FILE_NAME)).close();
  }
  openReadModels(readModelsPath(config.data_dir)).close();
}

function workerEnv(config: ApiConfig, index: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    LEDGER_ADMIN_TOKEN: config.admin_token,
    LEDGER_WORKERS: '1',
    [WORKER_INDEX_VARIABLE]: String(index),
  };
  // The scheduled jobs run once, in the projector (0), as in a single process.
  if (index > 0) {
    Object.assign(env, {
      LEDGER_SCHEDULED_SEAL: 'off',
      LEDGER_SCHEDULED_CLOSE: 'off',
      LEDGER_RECONCILIATION_INTERVAL_MS: '0',
    });
  }
  return env;
}
