import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DatabaseSync } from 'node:sqlite';
import { eventIdFor, type EventStore } from '#event-store';
import {
  Payment,
  paymentStreamName,
  type PaymentInstruction,
  type PaymentRecordedData,
} from '#payments';
import { AgreementRelationQueries } from '#projections';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';

export interface RecordPaymentResult {
  /** False when the same payment was recorded before (acknowledged, nothing changed). */
  readonly created: boolean;
  readonly payment: PaymentRecordedData;
}

export class RecordPaymentCommand extends Command<RecordPaymentResult> {
  constructor(
    readonly payment: PaymentInstruction,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Records a payment: looks up whether payer and payee are registered and which accounts the
 * agreements between them give them in the currency (the agreement-relations read model, which
 * the controller has brought up to the log's head), lets the payment decider decide, and
 * appends to `payment-{id}` with the expected revision.
 */
@CommandHandler(RecordPaymentCommand)
export class RecordPaymentHandler implements ICommandHandler<RecordPaymentCommand> {
  private readonly relations: AgreementRelationQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) db: DatabaseSync,
    private readonly directory: PartnerDirectory,
  ) {
    this.relations = new AgreementRelationQueries(db);
  }

  async execute({ payment, context }: RecordPaymentCommand): Promise<RecordPaymentResult> {
    const { payer, payee } = payment;
    const [payer_details, payee_details] = await Promise.all([
      this.directory.partner(payer.country_code, payer.party_id),
      this.directory.partner(payee.country_code, payee.party_id),
    ]);
    const payer_account_kinds = this.relations.kindsBetween(
      `${payer.country_code}/${payer.party_id}`,
      `${payee.country_code}/${payee.party_id}`,
      payment.currency,
    );
    const outcome = await runCommand({
      store: this.store,
      stream: paymentStreamName(payment.id),
      decider: Payment,
      command: {
        type: 'RecordPayment',
        payment,
        payer_registered: payer_details !== null,
        payee_registered: payee_details !== null,
        payer_account_kinds,
        transaction_id: eventIdFor('payment-tx', payment.id),
        recorded_at: context.received_at,
      },
      context,
      occurred_at: context.received_at,
    });
    const recorded = outcome.state.recorded;
    if (recorded === null) throw new Error(`payment ${payment.id} was not recorded`);
    return { created: outcome.events.length > 0, payment: recorded };
  }
}
