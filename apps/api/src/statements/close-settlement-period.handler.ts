import assert from 'node:assert/strict';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DatabaseSync } from 'node:sqlite';
import { Agreement, agreementInForceAt, type AgreementVersion } from '#agreements';
import { eventIdFor, type EventStore, type ExpectedRevision } from '#event-store';
import {
  creditedCdrsToLookUp,
  planInvoices,
  refuseIncompletePeppolDocuments,
  type Invoice,
  type InvoiceDraft,
  type InvoiceParty,
  withDocumentPostings,
} from '#invoicing';
import { DomainRejection, instantMs, type PartyId } from '#ledger';
import {
  closedPeriodAt,
  decideStatement,
  isPagedStatement,
  leakageOf,
  nextPeriodStart,
  paginateStatement,
  STATEMENT_PAGE_BYTES_MAX,
  statementStreamName,
  type SettlementStatement,
  type StatementEntry,
  type StatementDecided,
  type StatementLeakage,
  type StatementLinePages,
  type StatementState,
} from '#settlement';
import { DOCUMENTS_PROJECTION, DocumentQueries, Checkpoints, ExceptionQueries } from '#projections';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import {
  causedBy,
  retryOnConflict,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { invoicePartyOf } from '../invoices/invoice-party.js';
import { issueInvoices } from '../invoices/issue-invoice.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import {
  appendStatementPages,
  loadAgreement,
  loadStatements,
  loadWholeStatement,
  statementPageEvents,
} from './statement-stream.js';

export interface CloseSettlementPeriodResult {
  /** False when the period was closed before (the same period_end): answered with 200. */
  readonly created: boolean;
  readonly statement: SettlementStatement;
  /** Where its lines are stored (null for a statement stored whole, before issue 14). */
  readonly line_pages: StatementLinePages | null;
  readonly invoices: readonly Invoice[];
}

export class CloseSettlementPeriodCommand extends Command<CloseSettlementPeriodResult> {
  constructor(
    readonly agreement_id: string,
    /** ISO-8601 UTC (`utcInstant`): the business key of the statement. */
    readonly period_end: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Closes a settlement period (libs/invoicing/README.md, "Closing a period"): selects the
 * agreement's entries of the period from the documents read model (the controller brought it to
 * the log's head), lets the statement decider decide, plans the documents BEFORE appending (a
 * refusal writes nothing), appends at the revision read, then issues each document on its
 * issuer's number stream. A crash between the two is repaired by repeating the close: the
 * statement is found and its documents are issued (idempotent by invoice id).
 */
@CommandHandler(CloseSettlementPeriodCommand)
export class CloseSettlementPeriodHandler implements ICommandHandler<CloseSettlementPeriodCommand> {
  private readonly documents: DocumentQueries;
  private readonly checkpoints: Checkpoints;
  private readonly exceptions: ExceptionQueries;
  /** The largest page of a statement's lines (statement-pages.ts). */
  private readonly page_bytes_max: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly db: DatabaseSync,
    private readonly directory: PartnerDirectory,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.page_bytes_max = config.statement_page_bytes_max ?? STATEMENT_PAGE_BYTES_MAX;
    this.documents = new DocumentQueries(db);
    this.checkpoints = new Checkpoints(db);
    this.exceptions = new ExceptionQueries(db);
  }

  async execute(command: CloseSettlementPeriodCommand): Promise<CloseSettlementPeriodResult> {
    const { agreement_id, context } = command;
    const agreement = await loadAgreement(this.store, agreement_id);
    if (agreement === null) {
      throw new DomainRejection('agreement_unknown', `agreement ${agreement_id} is unknown`);
    }
    const { statement, line_pages, created, drafts } = await this.closeOnce(
      command,
      agreement.state,
      agreement.since,
    );
    // The statement's invoices and credit notes follow from the statement event.
    const statement_event_id = statementEventId(agreement_id, statement.statement_id);
    const invoices = await issueInvoices(this.store, drafts, causedBy(context, statement_event_id));
    return { created, statement, line_pages, invoices };
  }

  /**
   * Appends the statement, or finds the one closed before at that period_end; with the
   * statement's documents (planned before the append, or re-planned for the one found).
   */
  private async closeOnce(
    { agreement_id, period_end, context }: CloseSettlementPeriodCommand,
    agreement: Agreement.AgreementState,
    agreement_since: string,
  ): Promise<{
    statement: SettlementStatement;
    line_pages: StatementLinePages | null;
    created: boolean;
    drafts: InvoiceDraft[];
  }> {
    const stream = statementStreamName(agreement_id);
    return retryOnConflict(stream, async () => {
      const { state, revision, statements } = await loadStatements(this.store, stream);
      const closed = closedPeriodAt(state, period_end);
      if (closed !== null) {
        const stored = statements.get(closed.statement_id);
        assert.ok(stored !== undefined, `statement ${closed.statement_id} not in its stream`);
        const statement = await loadWholeStatement(this.store, stored);
        const line_pages = isPagedStatement(stored) ? stored.line_pages : null;
        return { statement, line_pages, created: false, drafts: await this.plan(statement) };
      }
      const terms = agreementInForceAt(agreement, period_end);
      if (terms === null) {
        throw new DomainRejection(
          'statement_period_before_agreement',
          `period_end ${period_end} is before agreement ${agreement_id} takes effect`,
          'period_end',
        );
      }
      const { event, read_models_position } = this.decide(
        { agreement_id, period_end, context },
        { state, terms, agreement_since },
      );
      // Planning throws `vat_rate_unknown` before anything is written. The statement is
      // appended with its reconciliation against the documents planned from it and the
      // transaction that makes the ledger equal them (VAT on fees, VAT rounding).
      const drafts = await this.plan(event.data);
      // Master data a Peppol document's rules need: name the party and the field, write nothing.
      refuseIncompletePeppolDocuments(drafts);
      const statement = {
        ...withDocumentPostings(event.data, drafts),
        read_models_position,
        leakage: this.leakage(terms),
      };
      const line_pages = await this.append(stream, revision, statement, context);
      return { statement, line_pages, created: true, drafts };
    });
  }

  /**
   * The period's statement as decided from its entries (in a function of its own, so that the
   * entries, a period's largest inputs, are garbage once it returns).
   */
  private decide(
    {
      agreement_id,
      period_end,
      context,
    }: Pick<CloseSettlementPeriodCommand, 'agreement_id' | 'period_end' | 'context'>,
    at: { state: StatementState; terms: AgreementVersion; agreement_since: string },
  ): { event: StatementDecided; read_models_position: string } {
    const { state, terms, agreement_since } = at;
    const { entries, read_models_position } = this.decisionInputs(
      state,
      terms,
      agreement_since,
      period_end,
    );
    const events = decideStatement(
      {
        type: 'CloseSettlementPeriod',
        statement_id: eventIdFor('statement', agreement_id, period_end),
        agreement_id,
        period_end,
        closed_at: context.received_at,
        agreement_since,
        terms,
        entries,
      },
      state,
    );
    const event = events[0];
    assert.ok(event !== undefined && events.length === 1, 'a new period closes with one event');
    return { event, read_models_position };
  }

  /**
   * Appends the statement: its lines on pages (statement-pages.ts), then at `revision` of the
   * statements stream its header, which names the pages and their digest.
   */
  private async append(
    stream: string,
    revision: ExpectedRevision,
    statement: SettlementStatement,
    context: RequestContext,
  ): Promise<StatementLinePages> {
    const { header, pages, page_texts } = paginateStatement(statement, this.page_bytes_max);
    const pages_stream = header.line_pages.stream;
    const page_events = statementPageEvents(statement.statement_id, pages, context);
    await appendStatementPages(this.store, pages_stream, page_events, page_texts);
    const issued = [{ type: 'SettlementStatementIssued', data: header }];
    const [new_event] = toNewEvents(stream, revision, issued, context, context.received_at);
    assert.ok(new_event !== undefined);
    await this.store.append(
      stream,
      [{ ...new_event, id: statementEventId(statement.agreement_id, statement.statement_id) }],
      revision,
    );
    return header.line_pages;
  }

  /** The agreement's open exceptions now (the caller brought the queue to the log's head). */
  private leakage(terms: AgreementVersion): StatementLeakage {
    const open = this.exceptions.openOfAgreement(terms.agreement_id).map((row) => ({
      id: row.exception_id,
      type: row.type,
      subject: row.subject as unknown as Record<string, unknown>,
      detected_at: row.detected_at,
      amount_at_risk: row.amount_at_risk,
      unsettled: 'session' in row.subject || row.holds_cdr,
    }));
    return leakageOf(open, terms.currency);
  }

  /**
   * The period's entries and the log position of the documents read model they were read at,
   * in one read transaction (a snapshot: another process sharing the file cannot move the
   * model between the two reads), so the statement records the inputs it was decided from.
   */
  private decisionInputs(
    state: StatementState,
    terms: AgreementVersion,
    agreement_since: string,
    period_end: string,
  ): { entries: StatementEntry[]; read_models_position: string } {
    // Every read-model write is synchronous, so no transaction is open here; assert it.
    assert.ok(!this.db.isTransaction, 'a read-model transaction is open during a close');
    this.db.exec('BEGIN');
    try {
      const checkpoint = this.checkpoints.get(DOCUMENTS_PROJECTION);
      assert.ok(checkpoint !== null, 'the documents read model has no checkpoint');
      const entries = statementEntriesFrom(
        this.documents,
        state,
        terms,
        agreement_since,
        period_end,
      );
      return { entries, read_models_position: checkpoint.position.toString() };
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /** The statement's documents, with the parties' registry details and earlier invoices. */
  private async plan(statement: SettlementStatement): Promise<InvoiceDraft[]> {
    const parties = new Map<string, PartyId>();
    for (const party of [
      statement.cpo,
      statement.emsp,
      ...statement.fee_balances.map((fee) => fee.beneficiary),
    ]) {
      parties.set(`${party.country_code}/${party.party_id}`, party);
    }
    const details = await Promise.all(
      [...parties.values()].map((party) => this.party(party, statement.closed_at)),
    );
    return planInvoices(statement, {
      parties: details.flatMap((party) => (party === null ? [] : [party])),
      invoiced_cdrs: this.documents.invoicedCdrs(creditedCdrsToLookUp(statement)),
    });
  }

  /** The party's master data in force when the statement was closed (amendments included). */
  private async party(party: PartyId, closed_at: string): Promise<InvoiceParty | null> {
    const registered = await this.directory.partnerAt(
      party.country_code,
      party.party_id,
      closed_at,
    );
    return registered === null ? null : invoicePartyOf(party, registered);
  }
}

/** The CDRs (credits included) and payments the documents read model holds for the period. */
export function statementEntriesFrom(
  documents: DocumentQueries,
  state: StatementState,
  terms: AgreementVersion,
  agreement_since: string,
  period_end: string,
): StatementEntry[] {
  const after_ms = instantMs(nextPeriodStart(state, agreement_since));
  const until_ms = instantMs(period_end);
  const between = (payer: PartyId, payee: PartyId) =>
    documents.paymentsBetween(payer, payee, terms.currency, after_ms, until_ms);
  return [
    ...documents.cdrEntriesOf(terms.agreement_id, after_ms, until_ms),
    ...between(terms.emsp, terms.cpo),
    ...terms.fees.flatMap((fee) => between(terms.cpo, fee.beneficiary)),
  ];
}

/** The id of a statement's SettlementStatementIssued: one per statement, whatever the retry. */
function statementEventId(agreement_id: string, statement_id: string): string {
  return eventIdFor('statement', agreement_id, statement_id);
}
