export * from './event-catalog.js';
export * from './ledger-events.js';
export * from './upcasters.js';
