import {
  canonicalJson,
  eventIdFor,
  NO_STREAM,
  type EventStore,
  type RecordedEvent,
} from '#event-store';
import { replayUntil } from '#projections';
import {
  statementLinesStreamName,
  statementStreamName,
  utcInstant,
  type StatementLinesPage,
} from '#settlement';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { Invoice } from '#invoicing';
import { AGREEMENT, ApiHarness, CPO_TOKEN, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';
import {
  checkUbl,
  closePeriod,
  postCdr,
  setUpSettlement,
} from './test-support/settlement-setup.js';

/**
 * A period of more lines than one page (issue 14 item 5), with the page size lowered to 4 KiB
 * (`statement_page_bytes_max`) instead of posting 100,000 CDRs: the lines go on pages before the
 * statement's header, and every reader (the close answer, the statement lists, the lines pages,
 * a repeated close, the lineage, the journal, the replay, the UBL) sees the same statement.
 * Its invoices, of more than 50 charges, have aggregated lines and their CDR list.
 */
const PAGE_BYTES_MAX = 4096;
/** More than ITEMISED_CHARGES_MAX (50): the invoices have aggregated lines. */
const CDRS = 52;

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('a period of many pages (POST /v1/agreements/{id}/statements)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let closed: {
    statement: {
      statement_id: string;
      period_end: string;
      cdr_lines: { cdr_id: string }[];
      credit_lines: { cdr_id: string }[];
      line_pages: { stream: string; pages: number; lines: number; digest: string };
    };
    invoices: { id: string }[];
  };
  const ids = Array.from({ length: CDRS }, (_, index) => `CDR${index + 1}`);

  beforeAll(async () => {
    api = await ApiHarness.start(undefined, { statement_page_bytes_max: PAGE_BYTES_MAX });
    store = api.app.get<EventStore>(EVENT_STORE);
    await setUpSettlement(api);
    for (const id of ids) await postCdr(api, id);
    await postCdr(api, 'CDR1-CREDIT', { credit_of: 'CDR1' });
    await new Promise((resolve) => setTimeout(resolve, 2));
    const response = await closePeriod(api, AGREEMENT.id);
    expect(response.status).toBe(201);
    closed = response.body;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('writes the lines on bounded pages before a header that names them', async () => {
    const { statement } = closed;
    expect(statement.cdr_lines.map((line) => line.cdr_id)).toEqual(ids);
    expect(statement.credit_lines.map((line) => line.cdr_id)).toEqual(['CDR1-CREDIT']);
    expect(statement.line_pages).toMatchObject({
      stream: statementLinesStreamName(statement.statement_id),
      lines: CDRS + 1,
    });
    expect(statement.line_pages.pages).toBeGreaterThan(2);
    const pages = await collect(store.readStream(statement.line_pages.stream));
    expect(pages).toHaveLength(statement.line_pages.pages);
    for (const page of pages) {
      expect(page.type).toBe('SettlementStatementLinesRecorded');
      expect(Buffer.byteLength(canonicalJson(page.data))).toBeLessThanOrEqual(PAGE_BYTES_MAX);
    }
    const [header] = await collect(store.readStream(statementStreamName(AGREEMENT.id)));
    expect(header!.type).toBe('SettlementStatementIssued');
    expect(header!.data).not.toHaveProperty('cdr_lines');
    expect(header!.data).toMatchObject({ line_pages: statement.line_pages });
    // Pages first: the header is later in the log than its last page.
    expect(header!.position).toBeGreaterThan(pages.at(-1)!.position);
  });

  it('answers the same whole statement in the lists, page by page, and on a repeated close', async () => {
    const listed = await api
      .http()
      .get(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', api.admin());
    expect(listed.status).toBe(200);
    expect(listed.body.statements).toEqual([closed.statement]);
    const { statement_id, line_pages } = closed.statement;
    const lines: string[] = [];
    let url: string | undefined = `/v1/statements/${statement_id}/lines`;
    for (let page = 1; url !== undefined && page <= line_pages.pages; page += 1) {
      const response: {
        status: number;
        body: { cdr_lines: { cdr_id: string }[]; next_url?: string };
      } = await api.http().get(url).set('Authorization', api.admin());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statement_id, page, pages: line_pages.pages });
      lines.push(...response.body.cdr_lines.map((line: { cdr_id: string }) => line.cdr_id));
      url = response.body.next_url;
    }
    expect(url).toBeUndefined();
    expect(lines).toEqual(ids);
    const beyond = `/v1/statements/${statement_id}/lines?page=${line_pages.pages + 1}`;
    expect((await api.http().get(beyond).set('Authorization', api.admin())).status).toBe(404);
    const again = await closePeriod(api, AGREEMENT.id, {
      period_end: closed.statement.period_end,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed);
  });

  it("serves the lines and the CDR list to the agreement's parties only", async () => {
    const charges_id = closed.invoices.find((summary) => summary.id.includes('-charges-'))!.id;
    const lines = `/v1/statements/${closed.statement.statement_id}/lines`;
    const cdrs = `/v1/invoices/${charges_id}/cdrs`;
    for (const path of [lines, cdrs]) {
      const own = await api.http().get(path).set('Authorization', api.ocpiToken(CPO_TOKEN));
      expect({ path, status: own.status }).toEqual({ path, status: 200 });
      const other = await api.http().get(path).set('Authorization', api.ocpiToken(OTHER_CPO_TOKEN));
      expect({ path, status: other.status }).toEqual({ path, status: 403 });
    }
  });

  it("keeps the statement and its invoices in each CDR's lineage", async () => {
    const lineage = await api
      .http()
      .get('/v1/audit/cdrs/DE/ABC/CDR9')
      .set('Authorization', api.admin());
    expect(lineage.status).toBe(200);
    const types = lineage.body.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'SettlementStatementLinesRecorded',
        'SettlementStatementIssued',
        'InvoiceIssued',
      ]),
    );
    const statement_events = types.filter((type: string) => type === 'SettlementStatementIssued');
    expect(statement_events).toHaveLength(1);
  });

  it('posts the close once in the journal and the replay counts one statement', async () => {
    const journal = await api
      .http()
      .get('/v1/audit/journal?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z')
      .set('Authorization', api.admin());
    expect(journal.status).toBe(200);
    const rows = journal.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const documents = rows.filter((row) => row.source_type === 'statement_documents');
    expect(new Set(documents.map((row) => row.transaction_id)).size).toBe(1);
    expect(new Set(documents.map((row) => row.source_id))).toEqual(
      new Set([closed.statement.statement_id]),
    );
    let net = 0n;
    for (const row of rows) net += BigInt(row.debit_minor!) - BigInt(row.credit_minor!);
    expect(net).toBe(0n);
    const replay = await replayUntil(store, Date.parse('2100-01-01T00:00:00Z'));
    expect(replay).toMatchObject({ statements: 1, invoices: closed.invoices.length });
  });

  it('renders every invoice of the statement as valid UBL', async () => {
    expect(closed.invoices.length).toBeGreaterThan(0);
    for (const { id } of closed.invoices) {
      const xml = await api.http().get(`/v1/invoices/${id}.xml`).set('Authorization', api.admin());
      expect(xml.status).toBe(200);
      checkUbl(xml.text);
    }
  });

  it('aggregates the invoice lines and serves the CDR list its UBL names (BG-24)', async () => {
    const charges_id = closed.invoices.find((summary) => summary.id.includes('-charges-'))!.id;
    const json = await api
      .http()
      .get(`/v1/invoices/${charges_id}`)
      .set('Authorization', api.admin());
    const invoice = json.body as Invoice;
    expect(invoice.lines.map((line) => line.quantity)).toEqual([String(CDRS), '-1']);
    expect(invoice.supporting_documents).toHaveLength(1);
    const xml = await api
      .http()
      .get(`/v1/invoices/${charges_id}.xml`)
      .set('Authorization', api.admin());
    expect(xml.text).toContain(`/v1/invoices/${charges_id}/cdrs</cbc:URI>`);
    const csv = await api
      .http()
      .get(`/v1/invoices/${charges_id}/cdrs`)
      .set('Authorization', api.admin());
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows).toHaveLength(1 + CDRS + 1);
    expect(rows.slice(1).map((row) => row.split(',')[3])).toEqual([...ids, 'CDR1-CREDIT']);
    const sum = rows.slice(1).reduce((total, row) => total + BigInt(row.split(',').at(-3)!), 0n);
    expect(sum.toString()).toBe(invoice.totals.line_net_minor);
  });

  it('credits a CDR of the aggregated invoice in the next period with a credit note citing it', async () => {
    const charges_id = closed.invoices.find((summary) => summary.id.includes('-charges-'))!.id;
    await postCdr(api, 'CDR5-CREDIT', { credit_of: 'CDR5' });
    await new Promise((resolve) => setTimeout(resolve, 2));
    const next = await closePeriod(api, AGREEMENT.id);
    expect(next.status).toBe(201);
    const credit_id = (next.body.invoices as { id: string; type: string }[]).find(
      (summary) => summary.type === 'CREDIT_NOTE' && summary.id.includes('-charges-'),
    )!.id;
    const credit = await api
      .http()
      .get(`/v1/invoices/${credit_id}`)
      .set('Authorization', api.admin());
    expect((credit.body as Invoice).preceding_invoice).toMatchObject({ invoice_id: charges_id });
  });
});

describe('a close that finds pages of another close of the same period', () => {
  let api: ApiHarness;
  afterAll(async () => {
    await api.stop();
  });

  it('answers 503 (a conflict retried until given up), writes no header and no page', async () => {
    api = await ApiHarness.start(undefined, { statement_page_bytes_max: PAGE_BYTES_MAX });
    const store = api.app.get<EventStore>(EVENT_STORE);
    await setUpSettlement(api);
    for (const id of ['CDR1', 'CDR2']) await postCdr(api, id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const period_end = utcInstant(new Date(Date.now() - 500).toISOString());
    // What a close that read the period at another moment (and crashed before its header)
    // left: a first page with other lines.
    const statement_id = eventIdFor('statement', AGREEMENT.id, period_end);
    const lines_stream = statementLinesStreamName(statement_id);
    const other_page: StatementLinesPage = {
      statement_id,
      agreement_id: AGREEMENT.id,
      page: 1,
      pages: 1,
      cdr_lines: [],
      credit_lines: [],
      adjustment_lines: [],
    };
    await store.append(
      lines_stream,
      [
        {
          id: eventIdFor('test', 'other-close-page'),
          type: 'SettlementStatementLinesRecorded',
          data: other_page,
          metadata: {
            schema_version: 1,
            occurred_at: new Date().toISOString(),
            correlation_id: 'other-close',
            causation_id: null,
            principal: 'admin',
          },
        },
      ],
      NO_STREAM,
    );
    const response = await closePeriod(api, AGREEMENT.id, { period_end });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(await collect(store.readStream(lines_stream))).toHaveLength(1);
    expect(await collect(store.readStream(statementStreamName(AGREEMENT.id)))).toEqual([]);
  });
});
