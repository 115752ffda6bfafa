import type { Command } from 'commander';
import { configFromEnv, InvalidSetting } from '../../../api/src/infrastructure/api-config.js';
import { isServeWorker, serveWithWorkers } from './serve-workers.js';

/** A setting the service cannot start with is a usage error, like a bad argument. */
const BAD_SETTING_EXIT_CODE = 2;
/** The address or port could not be listened on (in use, not on this machine, unresolved). */
const LISTEN_FAILED_EXIT_CODE = 1;
const LISTEN_ERROR_CODES = new Set([
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EACCES',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * `ledger serve`: the HTTP API. The settings are checked before the application is loaded, so a
 * bad `HOST` or `PORT` answers at once with one line naming the variable, and exit 2.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the HTTP API (HOST, PORT, LEDGER_DATA_DIR, LEDGER_EVENT_STORE, LEDGER_WORKERS)',
    )
    .action(async () => {
      let config: ReturnType<typeof configFromEnv>;
      try {
        config = configFromEnv();
      } catch (error) {
        if (!(error instanceof InvalidSetting)) throw error;
        process.stderr.write(`ledger serve: ${error.message}\n`);
        process.exit(BAD_SETTING_EXIT_CODE);
      }
      const workers = config.workers ?? 1;
      if (workers > 1 && !isServeWorker()) {
        serveWithWorkers(config, workers);
        return;
      }
      const { startApi, startProjector } = await import('../../../api/src/main.js');
      if (config.serve_http === false) {
        await startProjector(config);
        return;
      }
      try {
        await startApi(config);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined || !LISTEN_ERROR_CODES.has(code)) throw error;
        const where = `${config.host ?? 'every interface'}, port ${config.port}`;
        process.stderr.write(`ledger serve: cannot listen on ${where} (${code})\n`);
        process.exit(LISTEN_FAILED_EXIT_CODE);
      }
    });
}
