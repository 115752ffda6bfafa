export * from './dispute.js';
export * from './dispute-input.js';
export {
  decide as decideDispute,
  evolve as evolveDispute,
  initialState as initialDisputeState,
} from './dispute.decider.js';
export type {
  AddDisputeEvidence,
  DisputeCommand,
  OpenDispute,
  ResolveDispute,
} from './dispute.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Dispute from './dispute.decider.js';
