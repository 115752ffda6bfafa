/**
 * The `ledger` command line. commander parses arguments (a maintained library rather than
 * hand-written parsing); each sub-command lives in its own module under commands/.
 * Usage errors (unknown command, bad or missing argument) print usage on stderr and exit 2.
 */
import { Command, CommanderError } from 'commander';
import { registerAuditCommand } from './commands/audit.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerPriceCommand } from './commands/price.command.js';
import { registerRebuildCommand } from './commands/rebuild.command.js';
import { registerSealCommand } from './commands/seal.command.js';
import { registerReconcileCommand } from './commands/reconcile.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerVerifyCommand } from './commands/verify.command.js';

export const USAGE_EXIT_CODE = 2;

export function buildProgram(): Command {
  const program = new Command('ledger')
    .description('Event-sourced settlement ledger for EV charging roaming')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerServeCommand(program);
  registerPriceCommand(program);
  registerRebuildCommand(program);
  registerDemoCommand(program);
  registerVerifyCommand(program);
  registerSealCommand(program);
  registerAuditCommand(program);
  registerReconcileCommand(program);
  program.commands.forEach((command) => command.exitOverride().showHelpAfterError());
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    process.exit(USAGE_EXIT_CODE);
  }
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      process.exit(ok ? 0 : USAGE_EXIT_CODE);
    }
    throw error;
  }
}

await main(process.argv);
