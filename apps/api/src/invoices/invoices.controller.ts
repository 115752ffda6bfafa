import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { DatabaseSync } from 'node:sqlite';
import {
  creditedCdrsToLookUp,
  invoiceSummary,
  planInvoices,
  renderCdrListCsv,
  renderInvoiceHtml,
  renderUblInvoice,
  type Invoice,
} from '#invoicing';
import { samePartyId } from '#ledger';
import { DOCUMENTS_PROJECTION, DocumentQueries } from '#projections';
import { AdminOrPartnerGuard, seesAllParties } from '../auth/auth.guards.js';
import type { LedgerRequest } from '../http/request-context.js';
import { READ_MODELS } from '../projections/projections.providers.js';
import { ReadAfterWrite } from '../projections/read-after-write.service.js';
import { pageView, partyDocumentsPage } from '../statements/document-pages.js';
import { publicBaseUrl } from '../credentials/ocpi-versions.js';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';

/** `{id}`, `{id}.xml` or `{id}.html`: invoice ids have no dots (libs/invoicing). */
const DOCUMENT_PATH = /^([A-Za-z0-9_-]{1,200})(?:\.(xml|html))?$/;

@ApiTags('settlement')
@ApiBearerAuth('admin')
@ApiSecurity('ocpi-token')
@Controller('v1')
@UseGuards(AdminOrPartnerGuard)
export class InvoicesController {
  private readonly documents: DocumentQueries;

  constructor(
    @Inject(READ_MODELS) db: DatabaseSync,
    private readonly consistency: ReadAfterWrite,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.documents = new DocumentQueries(db);
  }

  @Get('partners/:country_code/:party_id/invoices')
  @ApiOperation({
    summary: 'Invoices and credit notes a party issued or received, newest first',
    description:
      'Admin token, or the OCPI token of the party itself. Amounts are major-unit decimal ' +
      'strings. Paged with `limit` (1-200, default 50) and the `next_cursor` of the last page.',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiResponse({ status: 403, description: "another partner's documents" })
  async list(
    @Param('country_code') country_code: string,
    @Param('party_id') party_id: string,
    @Query('limit') limit: unknown,
    @Query('cursor') cursor: unknown,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { party, page_size, before } = partyDocumentsPage(
      request,
      { country_code, party_id },
      { limit, cursor },
    );
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const page = this.documents.invoicesOf(party, page_size, before);
    return pageView('invoices', page.items.map(invoiceSummary), page.next_row);
  }

  @Get('invoices/:document')
  @ApiParam({ name: 'document', description: '`{id}` (JSON), `{id}.xml` (UBL 2.1), `{id}.html`' })
  @ApiOperation({
    summary: 'One invoice or credit note: JSON, UBL 2.1 XML (EN 16931) or HTML',
    description: 'Admin token, or the OCPI token of its issuer or recipient.',
  })
  @ApiResponse({ status: 404, description: 'unknown invoice' })
  async get(
    @Param('document') document: string,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const match = DOCUMENT_PATH.exec(document);
    if (match === null) throw new NotFoundException(`invoice ${document} is unknown`);
    const [, id, format] = match as unknown as [string, string, 'xml' | 'html' | undefined];
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const invoice = this.documents.invoice(id);
    if (invoice === null) throw new NotFoundException(`invoice ${id} is unknown`);
    this.assertMayRead(invoice, request);
    if (format === 'xml') {
      response.setHeader('Content-Type', 'application/xml; charset=utf-8');
      return renderUblInvoice(invoice, publicBaseUrl(this.config));
    }
    if (format === 'html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      return renderInvoiceHtml(invoice);
    }
    return invoice;
  }

  @Get('invoices/:document/cdrs')
  @ApiParam({ name: 'document', description: 'the invoice or credit note id' })
  @ApiOperation({
    summary: 'The CDR list of an invoice or credit note (CSV): its BG-24 supporting document',
    description:
      'One row per CDR charge of the document (`line_id, country_code, party_id, cdr_id, ' +
      'credit_of, dispute_id, item_name, start_date, end_date, quantity, net_minor, ' +
      'vat_category, vat_rate_percent`): the detail behind aggregated lines (libs/invoicing ' +
      'README, "Line model"). Admin token, or the OCPI token of its issuer or recipient.',
  })
  @ApiResponse({ status: 404, description: 'unknown invoice' })
  async cdrs(
    @Param('document') id: string,
    @Req() request: LedgerRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.consistency.awaitHead(response, [DOCUMENTS_PROJECTION]);
    const invoice = DOCUMENT_PATH.test(id) ? this.documents.invoice(id) : null;
    if (invoice === null) throw new NotFoundException(`invoice ${id} is unknown`);
    this.assertMayRead(invoice, request);
    const statement = this.documents.statement(invoice.statement_id);
    if (statement === null) throw new NotFoundException(`invoice ${id} has no statement`);
    // The statement's documents planned again, a line per CDR charge: the same charges, so
    // the same documents (the earlier invoices of credited CDRs never change).
    const itemised = planInvoices(
      statement,
      { parties: [], invoiced_cdrs: this.documents.invoicedCdrs(creditedCdrsToLookUp(statement)) },
      'itemised',
    ).find((draft) => draft.invoice_id === id);
    if (itemised === undefined) throw new NotFoundException(`invoice ${id} lists no CDRs`);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    return renderCdrListCsv(itemised);
  }

  private assertMayRead(invoice: Invoice, request: LedgerRequest): void {
    if (seesAllParties(request)) return;
    const viewer = request.partner;
    if (!viewer) throw new Error('partner guard did not run');
    const parties = [invoice.issuer.party, invoice.recipient.party];
    if (!parties.some((party) => party !== null && samePartyId(party, viewer))) {
      throw new ForbiddenException('only the issuer or the recipient may read a document');
    }
  }
}
