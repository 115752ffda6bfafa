export * as Session from './session.decider.js';
export { sessionStream } from './session.decider.js';
export type { SessionEvent } from './session.decider.js';
