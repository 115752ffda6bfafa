import { formatMinorUnits } from '#money';
import { invariant, partyKey, samePartyId, type AccountKind, type PostingJson } from '#ledger';
import {
  oppositeKind,
  PaymentRejection,
  type PaymentEvent,
  type PaymentInstruction,
  type PaymentRecordedData,
  type PaymentTransactionJson,
} from './payment.js';

/**
 * The payment decider, one stream per payment (`payment-{id}`).
 * - RecordPayment: a new id -> PaymentRecorded. The same instruction again -> no events (the
 *   caller answers 200). Another instruction under a recorded id -> `payment_conflict`. A payer
 *   or payee that is not a registered partner -> `party_unknown`; no agreement between them in
 *   the currency -> `currency_not_agreed`.
 * What the handler looked up (registrations, the account kinds the agreements give the payer
 * towards the payee) arrives in the command, as do the transaction id and the time.
 */
export interface RecordPayment {
  readonly type: 'RecordPayment';
  readonly payment: PaymentInstruction;
  readonly payer_registered: boolean;
  readonly payee_registered: boolean;
  /** Kinds of the accounts the payer holds towards the payee in the currency; [] if none. */
  readonly payer_account_kinds: readonly AccountKind[];
  readonly transaction_id: string;
  /** Command time, ISO-8601 UTC: the payment's ledger (posting) time. */
  readonly recorded_at: string;
}

export type PaymentCommand = RecordPayment;

export interface PaymentState {
  readonly recorded: PaymentRecordedData | null;
}

export function initialState(): PaymentState {
  return { recorded: null };
}

function sameInstruction(recorded: PaymentRecordedData, payment: PaymentInstruction): boolean {
  return (
    recorded.payment_id === payment.id &&
    samePartyId(recorded.payer, payment.payer) &&
    samePartyId(recorded.payee, payment.payee) &&
    recorded.currency === payment.currency &&
    recorded.amount_minor === payment.amount_minor.toString() &&
    recorded.value_date === payment.value_date &&
    recorded.reference === payment.reference
  );
}

/** Credit the payer's account towards the payee, debit the payee's towards the payer. */
export function paymentTransaction(
  payment: PaymentInstruction,
  payer_kind: AccountKind,
  transaction_id: string,
): PaymentTransactionJson {
  invariant(payment.amount_minor > 0n, `payment ${payment.id}: amount must be positive`);
  const amount_minor = payment.amount_minor.toString();
  const postings: PostingJson[] = [
    {
      account: { party: payment.payer, kind: payer_kind, counterparty: payment.payee },
      direction: 'credit',
      amount_minor,
    },
    {
      account: {
        party: payment.payee,
        kind: oppositeKind(payer_kind),
        counterparty: payment.payer,
      },
      direction: 'debit',
      amount_minor,
    },
  ];
  return { transaction_id, currency: payment.currency, payment_id: payment.id, postings };
}

function decideRecord(command: RecordPayment, state: PaymentState): PaymentEvent[] {
  const { payment } = command;
  if (state.recorded !== null) {
    if (sameInstruction(state.recorded, payment)) return [];
    throw new PaymentRejection(
      'payment_conflict',
      `payment ${payment.id} is already recorded with other content`,
      'id',
    );
  }
  const payer = partyKey(payment.payer);
  const payee = partyKey(payment.payee);
  if (!command.payer_registered) {
    throw new PaymentRejection('party_unknown', `payer ${payer} is not registered`, 'payer');
  }
  if (!command.payee_registered) {
    throw new PaymentRejection('party_unknown', `payee ${payee} is not registered`, 'payee');
  }
  const payer_kind = command.payer_account_kinds[0];
  if (payer_kind === undefined) {
    throw new PaymentRejection(
      'currency_not_agreed',
      `no agreement between ${payer} and ${payee} settles in ${payment.currency}`,
      'currency',
    );
  }
  const transaction = paymentTransaction(payment, payer_kind, command.transaction_id);
  return [
    {
      type: 'PaymentRecorded',
      data: {
        payment_id: payment.id,
        payer: payment.payer,
        payee: payment.payee,
        currency: payment.currency,
        amount: formatMinorUnits(payment.amount_minor, payment.currency),
        amount_minor: payment.amount_minor.toString(),
        value_date: payment.value_date,
        reference: payment.reference,
        payer_account_kind: payer_kind,
        payee_account_kind: oppositeKind(payer_kind),
        transaction,
        posted_at: command.recorded_at,
      },
    },
  ];
}

export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'RecordPayment':
      return decideRecord(command, state);
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown payment command ${String(unknown)}`);
    }
  }
}

export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentRecorded':
      return { recorded: event.data };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}
