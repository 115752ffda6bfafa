export * from './price-plan.js';
export {
  decide as decidePricePlan,
  evolve as evolvePricePlan,
  initialState as initialPricePlanState,
} from './price-plan.decider.js';
export type {
  PartnerRoleOf,
  PricePlanCommand,
  PricePlanEvent,
  PricePlanSet,
  SetPricePlan,
} from './price-plan.decider.js';
export * from './driver-billing.js';
export {
  decide as decideDriverBilling,
  evolve as evolveDriverBilling,
  initialState as initialDriverBillingState,
} from './driver-billing.decider.js';
export type {
  CloseDriverBillingPeriod,
  DriverBillingCommand,
  DriverBillingEvent,
  DriverBillingPeriodClosed,
} from './driver-billing.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as PricePlan from './price-plan.decider.js';
export * as DriverBilling from './driver-billing.decider.js';
