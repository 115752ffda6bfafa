import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { createEventStore, withUpcasting } from '#event-store';
import { LEDGER_UPCASTERS } from '#event-schemas';
import {
  ALL_PROJECTIONS,
  ProjectionRunner,
  openReadModels,
  readModelsPath,
  recordRebuild,
} from '#projections';
import { cliAction } from './cli-support.js';

const USAGE_EXIT_CODE = 2;

/**
 * `ledger rebuild [--projection NAME]`: drops read models and replays the whole log into them
 * (LEDGER_DATA_DIR, LEDGER_EVENT_STORE), with a progress bar on stderr and one JSON summary
 * line on stdout. Safe while a server runs on the same data dir: its runner notices the moved
 * checkpoint and follows the rebuilt model.
 */
export function registerRebuildCommand(program: Command): void {
  const names = ALL_PROJECTIONS.map((projection) => projection.name);
  program
    .command('rebuild')
    .description(
      'drop read models and replay the log into them (LEDGER_DATA_DIR, LEDGER_EVENT_STORE)',
    )
    .option('--projection <name>', `one projection (${names.join(', ')}); default: all`)
    .action(async (options: { projection?: string }, command: Command) => {
      if (options.projection !== undefined && !names.includes(options.projection)) {
        command.error(
          `error: unknown projection '${options.projection}' (known: ${names.join(', ')})`,
          { exitCode: USAGE_EXIT_CODE, code: 'ledger.unknown_projection' },
        );
      }
      await rebuild(options.projection === undefined ? names : [options.projection]);
    });
}

async function rebuild(names: readonly string[]): Promise<void> {
  const data_dir = process.env.LEDGER_DATA_DIR ?? './data';
  const store = withUpcasting(
    await createEventStore({ connection: process.env.LEDGER_EVENT_STORE, data_dir }),
    LEDGER_UPCASTERS,
  );
  const db = openReadModels(readModelsPath(data_dir));
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'rebuild {bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 1000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started_ms = performance.now();
  bar.start(Number(await store.headPosition()), 0, { rate: 0 });
  try {
    // The bar follows the log position (events of skipped types count as passed).
    const result = await runner.rebuild(names, ({ position, events_total }) => {
      const elapsed_s = (performance.now() - started_ms) / 1000;
      const done = Number(position);
      bar.setTotal(Math.max(events_total, done));
      bar.update(done, { rate: Math.round(done / Math.max(elapsed_s, 0.001)) });
    });
    bar.stop();
    await recordRebuild(store, result, { ...cliAction(), via: 'cli' });
    const duration_s = result.duration_ms / 1000;
    process.stdout.write(
      JSON.stringify({
        projections: result.projections,
        events: result.events,
        checkpoint: result.checkpoint.toString(),
        duration_s: Number(duration_s.toFixed(3)),
        events_per_s: Math.round(result.events / Math.max(duration_s, 0.001)),
      }) + '\n',
    );
  } finally {
    bar.stop();
    await runner.stop();
    await store.close();
    db.close();
  }
}
