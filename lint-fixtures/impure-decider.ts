// lint as: libs/cdrs/src/lint-fixture.decider.ts
// expect: no-restricted-imports, no-restricted-syntax
// A decider doing I/O and reading the clock: time and data must arrive in the command.
import { readFileSync } from 'node:fs';

export function decide(): string {
  return `${Date.now()}:${readFileSync('/etc/hostname', 'utf8')}`;
}
