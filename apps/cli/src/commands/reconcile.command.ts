import type { Command } from 'commander';
import { isIsoDateTime } from '#ledger';

const USAGE_EXIT_CODE = 2;

/**
 * `ledger reconcile [--as-of ISO]`: runs the time-based checks (MISSING_CDR, STUCK_SESSION)
 * once against LEDGER_DATA_DIR / LEDGER_EVENT_STORE, exactly as `POST /admin/reconciliation/runs`
 * does (the same service, in-process, no HTTP): a summary on stderr, the run's JSON on stdout.
 * Safe next to a running server: detections are idempotent appends with expected revisions.
 */
export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('run the time-based reconciliation checks once (MISSING_CDR, STUCK_SESSION)')
    .option('--as-of <instant>', 'judge as of this ISO-8601 instant (default: now)')
    .action(async (options: { asOf?: string }, command: Command) => {
      if (options.asOf !== undefined && !isIsoDateTime(options.asOf)) {
        command.error(`error: --as-of must be an ISO-8601 date-time, not '${options.asOf}'`, {
          exitCode: USAGE_EXIT_CODE,
          code: 'ledger.bad_as_of',
        });
      }
      await reconcile(options.asOf);
    });
}

async function reconcile(as_of_option: string | undefined): Promise<void> {
  const { createApp } = await import('../../../api/src/main.js');
  const { ReconciliationService } =
    await import('../../../api/src/exceptions/reconciliation.service.js');
  const app = await createApp({ request_log: false });
  await app.init();
  try {
    const now = new Date().toISOString();
    const as_of =
      as_of_option === undefined ? now : new Date(Date.parse(as_of_option)).toISOString();
    const context = { correlation_id: `reconcile-${now}`, principal: 'cli', received_at: now };
    const run = await app.get(ReconciliationService).run(as_of, context);
    const types = Object.keys(run.detected) as (keyof typeof run.detected)[];
    const counts = types.map(
      (type) => `${type} ${run.detected[type]} new (${run.examined[type]} examined)`,
    );
    process.stderr.write(
      `reconcile as of ${run.as_of}: ${counts.join(', ')}${run.more ? '; more to examine: run again' : ''}\n`,
    );
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await app.close();
  }
}
