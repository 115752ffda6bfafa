import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { createEventStore } from '../../../../libs/event-store/src/create-event-store.js';
import { LogChainVerifier } from '../../../../libs/event-store/src/log-chain-verifier.js';

/** Exit code when the log is readable but a chain is broken: the audit failed. */
const CHAIN_BROKEN_EXIT_CODE = 1;

/**
 * `ledger verify`: reads the whole log (LEDGER_DATA_DIR, LEDGER_EVENT_STORE) and checks every
 * stream's SHA-256 hash chain and revision sequence, so an auditor can prove that no event was
 * altered, removed or reordered. It reads through the store's audit read, so an event whose
 * stored data or metadata no longer decodes is reported as a break of its stream and the rest of
 * the log is still verified. Progress bar on stderr; one JSON summary line on stdout; exit 1
 * when any stream is broken.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify the hash chain of every stream in the log (LEDGER_DATA_DIR, LEDGER_EVENT_STORE)',
    )
    .action(async () => {
      const intact = await verify();
      if (!intact) process.exitCode = CHAIN_BROKEN_EXIT_CODE;
    });
}

async function verify(): Promise<boolean> {
  const data_dir = process.env.LEDGER_DATA_DIR ?? './data';
  const store = await createEventStore({ connection: process.env.LEDGER_EVENT_STORE, data_dir });
  const verifier = new LogChainVerifier();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'verify {bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 1000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started_ms = performance.now();
  try {
    const head = await store.headPosition();
    bar.start(Number(head), 0, { rate: 0 });
    let done = 0;
    for await (const entry of store.readAllForAudit()) {
      verifier.checkEntry(entry);
      done += 1;
      if (done % 1000 === 0) {
        const elapsed_s = (performance.now() - started_ms) / 1000;
        const position = entry.kind === 'event' ? entry.event.position : entry.damage.position;
        // Positions need not be contiguous (KurrentDB): progress is by position, count by event.
        bar.update(Math.min(Number(position), Number(head)), {
          rate: Math.round(done / Math.max(elapsed_s, 0.001)),
        });
      }
    }
    bar.update(Number(head));
    bar.stop();
    const summary = verifier.summary();
    process.stdout.write(
      JSON.stringify({
        intact: summary.violations.length === 0,
        events_checked: summary.events_checked,
        events_damaged: summary.events_damaged,
        streams: summary.streams,
        head_position: head.toString(),
        violations: summary.violations,
        duration_s: Number(((performance.now() - started_ms) / 1000).toFixed(3)),
      }) + '\n',
    );
    return summary.violations.length === 0;
  } finally {
    bar.stop();
    await store.close();
  }
}
