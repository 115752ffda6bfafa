import type { Command } from 'commander';

// Placeholder: the API issue wires the NestJS application in here.
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (PORT, LEDGER_DATA_DIR, LEDGER_EVENT_STORE)')
    .action(async () => {
      const { startApi } = await import('../../../api/src/main.js');
      await startApi();
    });
}
