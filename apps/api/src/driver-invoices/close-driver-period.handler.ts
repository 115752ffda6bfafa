import assert from 'node:assert/strict';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DatabaseSync } from 'node:sqlite';
import { type EventStore, eventIdFor } from '#event-store';
import {
  creditedCdrsToLookUp,
  planDriverInvoices,
  type Invoice,
  type InvoiceDraft,
  type InvoiceParty,
} from '#invoicing';
import type { PartyId } from '#ledger';
import {
  DriverBilling,
  closedDriverPeriodAt,
  driverBillingStreamName,
  PricePlanRejection,
  type DriverBillingPeriod,
} from '#price-plans';
import { DocumentQueries } from '#projections';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import {
  causedBy,
  retryOnConflict,
  loadStream,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { invoicePartyOf } from '../invoices/invoice-party.js';
import { issueInvoices } from '../invoices/issue-invoice.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { driverStatementsOf } from './driver-statements.js';
import { loadPricePlans } from './set-price-plan.handler.js';

export interface CloseDriverPeriodResult {
  /** False when the period was closed before (the same period_end): answered with 200. */
  readonly created: boolean;
  readonly period: DriverBillingPeriod;
  readonly invoices: readonly Invoice[];
}

export class CloseDriverPeriodCommand extends Command<CloseDriverPeriodResult> {
  constructor(
    readonly emsp: PartyId,
    /** ISO-8601 UTC (`utcInstant`): the business key of the period. */
    readonly period_end: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** `driver-NLXYZ-20260301T000000Z`: readable, and safe in `/v1/invoices/{id}.xml`. */
function driverPeriodId(emsp: PartyId, period_end: string): string {
  return `driver-${emsp.country_code}${emsp.party_id}-${period_end.replace(/[^0-9TZ]/g, '')}`;
}

/**
 * Closes an eMSP's driver-billing period and issues one invoice per contract id (per currency
 * and price-plan version) for the CDRs posted under the eMSP's agreements in the period, like a
 * settlement close: plan the documents first (a refusal writes nothing), append the period at
 * the revision read, then issue each document on the eMSP's number stream. A repeated close
 * finds the period and re-issues its documents (idempotent by invoice id).
 */
@CommandHandler(CloseDriverPeriodCommand)
export class CloseDriverPeriodHandler implements ICommandHandler<CloseDriverPeriodCommand> {
  private readonly documents: DocumentQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly db: DatabaseSync,
    private readonly directory: PartnerDirectory,
  ) {
    this.documents = new DocumentQueries(db);
  }

  async execute(command: CloseDriverPeriodCommand): Promise<CloseDriverPeriodResult> {
    const { emsp, context } = command;
    const who = `${emsp.country_code}/${emsp.party_id}`;
    const partner = await this.directory.partner(emsp.country_code, emsp.party_id);
    if (partner === null) {
      throw new PricePlanRejection('price_plan_partner_unknown', `partner ${who} is unknown`);
    }
    if (partner.role !== 'EMSP') {
      throw new PricePlanRejection('price_plan_partner_not_emsp', `partner ${who} is no eMSP`);
    }
    // The eMSP's master data in force now (amendments included: address, payment details).
    const in_force = await this.directory.partnerAt(
      emsp.country_code,
      emsp.party_id,
      context.received_at,
    );
    const issuer = invoicePartyOf(emsp, in_force ?? partner);
    const { period, created, drafts } = await this.closeOnce(command, issuer);
    // The period's driver invoices follow from the DriverBillingPeriodClosed event.
    const period_event_id = eventIdFor('driver-period', period.period_id);
    const invoices = await issueInvoices(this.store, drafts, causedBy(context, period_event_id));
    return { created, period, invoices };
  }

  /**
   * Appends the period, or finds the one closed before at that period_end; with the period's
   * documents (planned before the append, or re-planned for the one found).
   */
  private async closeOnce(
    { emsp, period_end, context }: CloseDriverPeriodCommand,
    issuer: InvoiceParty,
  ): Promise<{ period: DriverBillingPeriod; created: boolean; drafts: InvoiceDraft[] }> {
    const stream = driverBillingStreamName(emsp);
    return retryOnConflict(stream, async () => {
      const { state, revision } = await loadStream(this.store, stream, DriverBilling);
      const closed = closedDriverPeriodAt(state, period_end);
      if (closed !== null) {
        return { period: closed, created: false, drafts: await this.plan(closed, issuer) };
      }
      const events = DriverBilling.decide(
        {
          type: 'CloseDriverBillingPeriod',
          period_id: driverPeriodId(emsp, period_end),
          emsp,
          period_end,
          closed_at: context.received_at,
        },
        state,
      );
      const event = events[0];
      assert.ok(event !== undefined && events.length === 1, 'a new period closes with one event');
      // Planning throws `price_plan_missing` or `vat_rate_unknown` before anything is written.
      const drafts = await this.plan(event.data, issuer);
      const [new_event] = toNewEvents(stream, revision, events, context, context.received_at);
      assert.ok(new_event !== undefined);
      await this.store.append(
        stream,
        [{ ...new_event, id: eventIdFor('driver-period', event.data.period_id) }],
        revision,
      );
      return { period: event.data, created: true, drafts };
    });
  }

  /** The period's driver documents, priced with the plan version of each session. */
  private async plan(period: DriverBillingPeriod, issuer: InvoiceParty): Promise<InvoiceDraft[]> {
    const plans = await loadPricePlans(this.store, period.emsp);
    const groups = await driverStatementsOf({
      store: this.store,
      db: this.db,
      documents: this.documents,
      period,
      plans,
    });
    return groups.flatMap(({ statement, plan }) =>
      planDriverInvoices(statement, plan, {
        parties: [issuer],
        drivers: [],
        invoiced_cdrs: this.documents.invoicedCdrs(creditedCdrsToLookUp(statement)),
      }),
    );
  }
}
