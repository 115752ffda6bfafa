import type { Command } from 'commander';
import { LogNotSealable, sealLog } from '#event-store';
import { cliAction, LogProgress, openLog } from './cli-support.js';

/** Exit code when the log cannot be sealed (its chains are already broken). */
const NOT_SEALABLE_EXIT_CODE = 1;

/**
 * `ledger seal`: seals the log at its head (libs/event-store/src/log-seal.ts) and prints
 * `{ "position", "root" }` for the auditor to keep outside the system; `ledger verify --root`
 * checks the log against it later. The seal is an event with the acting principal
 * (LEDGER_PRINCIPAL, else `cli:<user>`). Progress bar on stderr.
 */
export function registerSealCommand(program: Command): void {
  program
    .command('seal')
    .description(
      'seal the log: record its position and one SHA-256 root over every stream head, print them',
    )
    .action(async () => {
      const store = await openLog();
      const progress = new LogProgress('seal', await store.headPosition());
      try {
        const { principal, correlation_id, at } = cliAction();
        const sealed = await sealLog(store, { principal, correlation_id, sealed_at: at }, (entry) =>
          progress.tick(entry.kind === 'event' ? entry.event.position : entry.damage.position),
        );
        progress.stop();
        process.stdout.write(
          JSON.stringify({ position: sealed.position, root: sealed.root }) + '\n',
        );
      } catch (error) {
        progress.stop();
        if (!(error instanceof LogNotSealable)) throw error;
        process.stderr.write(`ledger seal: ${error.message}\n`);
        process.exitCode = NOT_SEALABLE_EXIT_CODE;
      } finally {
        await store.close();
      }
    });
}
