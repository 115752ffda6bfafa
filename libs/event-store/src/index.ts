export * from './event-store.port.js';
export { canonicalJson, rememberCanonicalJson } from './canonical-json.js';
export {
  chainHash,
  composeEventCanonicalJson,
  eventCanonicalJson,
  eventHash,
  GENESIS_HASH,
  sameEventContent,
  verifyStreamChain,
  type ChainVerification,
} from './hash-chain.js';
export { eventIdFor } from './event-id.js';
export { createEventStore, SQLITE_FILE_NAME, type EventStoreConfig } from './create-event-store.js';
export {
  openSqliteEventStore,
  SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite/sqlite-event-store.js';
export * from './upcasting-event-store.js';
export * from './seal-verification.js';
export * from './log-seal.js';
export * from './seal-root.js';
export * from './stream-aliases.js';
export * from './log-chain-verifier.js';
export * from './sqlite/sqlite-schema.js';
