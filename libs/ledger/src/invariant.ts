/**
 * Invariants guard what must never happen (a transaction that does not balance), as opposed to
 * input validation, which answers the caller with a DomainRejection. A violated invariant is a
 * bug: it crashes loudly instead of being mapped to a 4xx answer. Deciders may not import
 * `node:assert`, hence this tiny own helper.
 */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(`invariant violated: ${message}`);
    this.name = 'InvariantViolation';
  }
}

export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
