import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ledger = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'ledger');

function run(...args: string[]) {
  return spawnSync(process.execPath, [ledger, ...args], { encoding: 'utf8' });
}

describe('bin/ledger usage', () => {
  it('prints usage on stderr and exits 2 without a command', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: ledger');
  });

  it('prints usage on stderr and exits 2 for an unknown command', () => {
    const result = run('bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'bogus'");
  });

  it('exits 2 when a required option is missing', () => {
    const result = run('price', '--tariff', 'x.json');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--cdr');
  });
});
