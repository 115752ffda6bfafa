import type { Command } from 'commander';
import { resolve } from 'node:path';

const USAGE_EXIT_CODE = 2;
const SESSIONS_MAX = 1_000_000;
const CONCURRENCY_MAX = 256;

interface DemoFlags {
  sessions: string;
  seed: string;
  month?: string;
  dataDir?: string;
  url?: string;
  adminToken?: string;
  concurrency: string;
  quiet?: boolean;
}

/** The calendar month before the current one (UTC), `YYYY-MM`: a month that can be closed. */
function previousMonth(now = new Date()): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

function timestamp(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * `ledger demo`: a month of roaming (3 CPOs, 2 eMSPs, a hub; sessions, CDRs, duplicates, wrong
 * prices, credits) sent over HTTP to the ledger, the period closed, balances and invoices
 * printed. On the embedded store by default (served in this process), or against `--url`.
 * Exit 0 when every answer was an expected outcome, 1 otherwise, 2 for bad arguments.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run a realistic month of roaming through the ledger and print the outcome')
    .option('--sessions <count>', 'charging sessions (each with its CDR)', '5000')
    .option('--seed <n>', 'seed of the generated month (same seed, same month)', '1')
    .option('--month <YYYY-MM>', 'month the sessions take place in (default: last month)')
    .option(
      '--data-dir <dir>',
      'embedded store directory (default: LEDGER_DATA_DIR, else ./data/demo-<timestamp>)',
    )
    .option('--url <base>', 'drive a running server instead of the embedded one')
    .option('--admin-token <token>', 'admin token of --url (default: LEDGER_ADMIN_TOKEN)')
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .option('--quiet', 'no progress bar on stderr')
    .action(async (flags: DemoFlags, command: Command) => {
      const usage = (message: string): never =>
        command.error(`error: ${message}`, { exitCode: USAGE_EXIT_CODE, code: 'ledger.usage' });
      const integer = (name: string, text: string, min: number, max: number) => {
        const value = Number(text);
        if (!Number.isInteger(value) || value < min || value > max) {
          usage(`--${name} must be an integer from ${min} to ${max}, got '${text}'`);
        }
        return value;
      };
      const sessions = integer('sessions', flags.sessions, 1, SESSIONS_MAX);
      const seed = integer('seed', flags.seed, 0, 2 ** 31 - 1);
      const concurrency = integer('concurrency', flags.concurrency, 1, CONCURRENCY_MAX);
      const month = flags.month ?? previousMonth();
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) usage(`--month must be YYYY-MM, got '${month}'`);
      const admin_token = flags.adminToken ?? process.env.LEDGER_ADMIN_TOKEN;
      if (flags.url !== undefined && !admin_token) {
        usage('--url needs --admin-token (or LEDGER_ADMIN_TOKEN)');
      }
      if (flags.url !== undefined && flags.dataDir !== undefined) {
        usage('--data-dir is for the embedded store; it cannot be combined with --url');
      }
      const data_dir = demoDataDir(flags.dataDir, process.env.LEDGER_DATA_DIR);
      process.stderr.write(
        flags.url === undefined
          ? `demo: embedded store in ${data_dir}\n`
          : `demo: driving ${flags.url}\n`,
      );
      const { runDemo } = await import('../demo/runner.js');
      const { formatReport } = await import('../demo/printer.js');
      try {
        const report = await runDemo({
          seed,
          sessions,
          month,
          concurrency,
          quiet: flags.quiet === true,
          data_dir,
          url: flags.url,
          admin_token,
        });
        process.stdout.write(formatReport(report));
        process.exitCode = report.failures.length > 0 ? 1 : 0;
      } catch (error) {
        // The demo could not run (server unreachable, month already sent): say why, exit 1.
        process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/**
 * Where the embedded demo store lives, as an absolute path (it is printed for `serve` to be
 * pointed at, from any working directory): `--data-dir`, else the store every other command uses
 * (LEDGER_DATA_DIR), else a fresh `./data/demo-<timestamp>`.
 */
export function demoDataDir(flag: string | undefined, env_data_dir: string | undefined): string {
  const chosen = flag ?? (env_data_dir !== undefined && env_data_dir !== '' ? env_data_dir : null);
  return resolve(chosen ?? `./data/demo-${timestamp()}`);
}
