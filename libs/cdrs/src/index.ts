export * from './cdr.js';
export * from './cdr-queries.js';
export * from './cdr-input.js';
export * from './stated-price.js';
export * from './price-comparison.js';
export * from './cdr-settlement.js';
export * from './cdr-disputes.js';
export * from './embedded-tariff.js';
export * from './cdr-checks.js';
export * from './cdr-resolution.js';
export * from './signed-readings.js';
export {
  decide as decideCdr,
  evolve as evolveCdr,
  initialState as initialCdrState,
} from './cdr.decider.js';
export type { AcceptCdr, RecordCdrCredit, ReassessCdr, CdrCommand } from './cdr.decider.js';
export * from './cdr-context-rules.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Cdr from './cdr.decider.js';
export * as SessionCdrs from './session-cdrs.decider.js';
export * from './ocmf-signed-data.js';
export type { SessionCdrsEvent } from './session-cdrs.decider.js';
