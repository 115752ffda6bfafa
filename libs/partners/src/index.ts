export * as Partner from './partner.decider.js';
export * as PartnerToken from './partner-token.decider.js';
export {
  PARTNER_ROLES,
  partnerStream,
  type PartnerRole,
  type PartnerDetails,
  type ElectronicAddress,
} from './partner.decider.js';
export { partnerTokenStream, type PartyRef } from './partner-token.decider.js';
export * as AgreementPair from './agreement-pair.decider.js';
export { agreementPairStream } from './agreement-pair.decider.js';
export * from './partner-master-data.js';
export * from './identifier-checks.js';
export { partnerDetailsAt } from './partner.decider.js';
export * as PartnerConnection from './partner-connection.decider.js';
export { partnerConnectionStream } from './partner-connection.decider.js';
export type { AgreementPairEvent } from './agreement-pair.decider.js';
export type { PartnerConnectionEvent } from './partner-connection.decider.js';
export type { PartnerTokenEvent } from './partner-token.decider.js';
export type { PartnerEvent } from './partner.decider.js';
