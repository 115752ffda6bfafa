export * from './exception.js';
export * from './exception-id.js';
export * from './time-checks.js';
export {
  decide as decideException,
  evolve as evolveException,
  initialState as initialExceptionState,
} from './exception.decider.js';
export type { DetectException, ResolveException, ExceptionCommand } from './exception.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Exception from './exception.decider.js';
