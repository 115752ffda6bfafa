export * from './agreement.js';
export * from './agreement-validation.js';
export * from './agreement-queries.js';
export {
  decide as decideAgreement,
  evolve as evolveAgreement,
  initialState as initialAgreementState,
} from './agreement.decider.js';
export type {
  AgreementCommand,
  AgreementEvent,
  AgreementRegistered,
  AgreementAmended,
  AgreementState,
  RegisterAgreement,
  AmendAgreement,
} from './agreement.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Agreement from './agreement.decider.js';
export * from './reconciliation-terms.js';
