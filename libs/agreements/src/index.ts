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
