export * from './statement.js';
export * from './settlement-period.js';
export * from './statement-building.js';
export * from './statement-entries.js';
export * from './statement-leakage.js';
export * from './statement-pages.js';
export * from './vat-split.js';
export {
  decide as decideStatement,
  evolve as evolveStatement,
  initialState as initialStatementState,
} from './statement.decider.js';
