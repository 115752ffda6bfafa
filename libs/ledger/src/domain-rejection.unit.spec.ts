import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REJECTION_CODES } from './domain-rejection.js';

/** STYLE.md habit 9: the given/when/then specs cover every rejection code. */
describe('rejection codes', () => {
  it('every code is exercised by a spec of the domain libraries', () => {
    const libs = join(process.cwd(), 'libs');
    const specs = [
      'ledger',
      'agreements',
      'cdrs',
      'settlement',
      'invoicing',
      'principals',
      'disputes',
      'exceptions',
    ]
      .map((lib) => join(libs, lib, 'src'))
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.unit.spec.ts'))
          .map((f) => join(dir, f)),
      )
      .filter((file) => !file.endsWith('domain-rejection.unit.spec.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const missing = REJECTION_CODES.filter(
      (code) => !specs.includes(`thenRejects('${code}'`) && !specs.includes(`toBe('${code}')`),
    );
    expect(missing).toEqual([]);
  });
});
