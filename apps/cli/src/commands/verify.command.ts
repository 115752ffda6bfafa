import type { Command } from 'commander';
import { LogChainVerifier, SEAL_ROOT_PATTERN, verifyAgainstSeal } from '#event-store';
import { LogProgress, openLog, USAGE_EXIT_CODE } from './cli-support.js';

/** Exit code when the log is readable but a chain is broken: the audit failed. */
const CHAIN_BROKEN_EXIT_CODE = 1;

/**
 * `ledger verify [--root HEX [--position N]]`: reads the whole log (LEDGER_DATA_DIR,
 * LEDGER_EVENT_STORE) and checks every stream's SHA-256 hash chain and revision sequence, so an
 * auditor can prove that no event was altered, removed or reordered. It reads through the store's
 * audit read, so an event whose stored data or metadata no longer decodes is reported as a break
 * of its stream and the rest of the log is still verified. With `--root` (a seal's root, kept
 * outside the system), it also checks every stream's head at the sealed position against the
 * seal, which also finds events removed from or added to the end of a stream. Progress bar on
 * stderr; one JSON summary line on stdout; exit 1 when anything is broken.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify the hash chain of every stream in the log (LEDGER_DATA_DIR, LEDGER_EVENT_STORE)',
    )
    .option('--root <hex>', 'also check the log against the seal with this root')
    .option('--position <n>', 'the sealed position, when the seal event itself cannot be found')
    .action(async (options: { root?: string; position?: string }, command: Command) => {
      const root = options.root?.toLowerCase();
      if (root !== undefined && !SEAL_ROOT_PATTERN.test(root)) {
        command.error('error: --root must be 64 hexadecimal digits (a SHA-256)', {
          exitCode: USAGE_EXIT_CODE,
          code: 'ledger.bad_root',
        });
      }
      if (options.position !== undefined && !/^\d{1,19}$/.test(options.position)) {
        command.error('error: --position must be a log position (a non-negative integer)', {
          exitCode: USAGE_EXIT_CODE,
          code: 'ledger.bad_position',
        });
      }
      if (options.position !== undefined && root === undefined) {
        command.error('error: --position goes with --root', {
          exitCode: USAGE_EXIT_CODE,
          code: 'ledger.position_without_root',
        });
      }
      const position = options.position === undefined ? null : BigInt(options.position);
      const intact = root === undefined ? await verify() : await verifySeal(root, position);
      if (!intact) process.exitCode = CHAIN_BROKEN_EXIT_CODE;
    });
}

async function verify(): Promise<boolean> {
  const store = await openLog();
  const verifier = new LogChainVerifier();
  const head = await store.headPosition();
  const progress = new LogProgress('verify', head);
  try {
    for await (const entry of store.readAllForAudit()) {
      verifier.checkEntry(entry);
      progress.tick(entry.kind === 'event' ? entry.event.position : entry.damage.position);
    }
    progress.stop();
    const summary = verifier.summary();
    process.stdout.write(
      JSON.stringify({
        intact: summary.violations.length === 0,
        events_checked: summary.events_checked,
        events_damaged: summary.events_damaged,
        streams: summary.streams,
        head_position: head.toString(),
        violations: summary.violations,
        duration_s: progress.elapsedSeconds(),
      }) + '\n',
    );
    return summary.violations.length === 0;
  } finally {
    progress.stop();
    await store.close();
  }
}

async function verifySeal(root: string, position: bigint | null): Promise<boolean> {
  const store = await openLog();
  const head = await store.headPosition();
  const progress = new LogProgress('verify', head);
  try {
    const result = await verifyAgainstSeal(store, root, position, (entry) =>
      progress.tick(entry.kind === 'event' ? entry.event.position : entry.damage.position),
    );
    progress.stop();
    process.stdout.write(
      JSON.stringify({
        ...result,
        head_position: head.toString(),
        duration_s: progress.elapsedSeconds(),
      }) + '\n',
    );
    return result.intact;
  } finally {
    progress.stop();
    await store.close();
  }
}
