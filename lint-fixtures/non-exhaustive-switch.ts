// lint as: libs/money/src/lint-fixture-switch.ts
// expect: @typescript-eslint/switch-exhaustiveness-check
// A switch that forgets a member of its union: the compiler would stay silent.
type Direction = 'DEBIT' | 'CREDIT';

export function sign(direction: Direction): number {
  switch (direction) {
    case 'DEBIT':
      return -1;
  }
  return 0;
}
