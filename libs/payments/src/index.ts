export * from './payment.js';
export * from './payment-input.js';
export {
  decide as decidePayment,
  evolve as evolvePayment,
  initialState as initialPaymentState,
  paymentTransaction,
} from './payment.decider.js';
export type { PaymentCommand, PaymentState, RecordPayment } from './payment.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Payment from './payment.decider.js';
