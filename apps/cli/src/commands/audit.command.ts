import { once } from 'node:events';
import type { Command } from 'commander';
import {
  calendarInstantMs,
  parseWindow,
  JOURNAL_CSV_HEADER,
  JOURNAL_FORMATS,
  journalLine,
  journalOf,
  type JournalFormat,
  replayUntil,
} from '#projections';
import { LogProgress, openLog, USAGE_EXIT_CODE } from './cli-support.js';

/**
 * `ledger audit replay --until ISO` and `ledger audit journal --from ISO --to ISO [--format csv]`:
 * the auditor's figures computed from the log alone (LEDGER_DATA_DIR, LEDGER_EVENT_STORE), no
 * read model involved (projections/src/audit). Bad arguments: usage on stderr, exit 2.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('replay the ledger to a moment, or export the journal, from the log alone');
  audit
    .command('replay')
    .description('balances, statements and invoices as they stood at a moment (one JSON object)')
    .requiredOption('--until <iso>', 'the moment (ISO-8601 date-time, e.g. 2026-11-30T23:00:00Z)')
    .action(async (options: { until: string }, command: Command) => {
      const until_ms = calendarInstantMs(options.until);
      if (until_ms === null) {
        usage(
          command,
          `--until must be an ISO-8601 date-time on the calendar, not '${options.until}'`,
        );
      }
      await replay(until_ms!);
    });
  audit
    .command('journal')
    .description('every posting with ledger time in [from, to): JSON lines, or CSV with a header')
    .requiredOption('--from <iso>', 'window start, inclusive (ISO-8601)')
    .requiredOption('--to <iso>', 'window end, exclusive (ISO-8601)')
    .option('--format <format>', `${JOURNAL_FORMATS.join(' or ')}`, 'json')
    .action(async (options: { from: string; to: string; format: string }, command: Command) => {
      const window = parseWindow(options.from, options.to);
      if ('field' in window) usage(command, `--${window.message}`);
      if (!(JOURNAL_FORMATS as readonly string[]).includes(options.format)) {
        usage(
          command,
          `--format must be one of ${JOURNAL_FORMATS.join(', ')}, not '${options.format}'`,
        );
      }
      await journal(window as { from_ms: number; to_ms: number }, options.format as JournalFormat);
    });
  audit.commands.forEach((command) => command.exitOverride().showHelpAfterError());
}

function usage(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: USAGE_EXIT_CODE, code: 'ledger.bad_argument' });
  throw new Error('unreachable');
}

async function replay(until_ms: number): Promise<void> {
  const store = await openLog();
  const progress = new LogProgress('replay', await store.headPosition());
  try {
    const result = await replayUntil(store, until_ms, (event) => progress.tick(event.position));
    progress.stop();
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    progress.stop();
    await store.close();
  }
}

/** Writes with backpressure: memory stays bounded whatever the window. */
async function journal(window: { from_ms: number; to_ms: number }, format: JournalFormat) {
  const store = await openLog();
  const progress = new LogProgress('journal', await store.headPosition());
  try {
    if (format === 'csv') await write(JOURNAL_CSV_HEADER);
    for await (const row of journalOf(store, window, (position) => progress.tick(position))) {
      await write(journalLine(row, format));
    }
  } finally {
    progress.stop();
    await store.close();
  }
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}
