import type { Command } from 'commander';

// Placeholder: the pricing engine issue implements `ledger price`.
export function registerPriceCommand(program: Command): void {
  program
    .command('price')
    .description('price an OCPI CDR against an OCPI tariff (no store, no server)')
    .requiredOption('--tariff <file>', 'OCPI tariff JSON file')
    .requiredOption('--cdr <file>', 'OCPI CDR JSON file')
    .option('--time-zone <zone>', "the Location's IANA time zone", 'UTC')
    .action(() => {
      process.stderr.write('ledger price: not implemented yet\n');
      process.exitCode = 1;
    });
}
