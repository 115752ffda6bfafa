export * from './event-store.port.js';
export { canonicalJson } from './canonical-json.js';
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
