import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_BYTES_MAX } from '#event-store';
import {
  startKurrentDbDouble,
  type KurrentDbDouble,
} from '#event-store/kurrentdb/test-support/kurrentdb-double.js';
import { statementLinesStreamName } from '#settlement';
import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';
import { closePeriod, postCdr, setUpSettlement } from './test-support/settlement-setup.js';

/**
 * The paged close of statement-pages.int.spec.ts on the KurrentDB adapter (its wire-level
 * double): the pages and the header go through the gRPC client, every event stays within
 * EVENT_BYTES_MAX and every append within a KurrentDB node's default largest append (1 MiB),
 * and a repeated close finds the same statement in the node's streams.
 */
const PAGE_BYTES_MAX = 4096;
const CDRS = 52;
/** KurrentDB's default `MaxAppendSize`: the largest append request a node accepts. */
const KURRENTDB_APPEND_BYTES_MAX = 1_048_576;

describe('a paged close on KurrentDB (wire-level double)', () => {
  let double: KurrentDbDouble;
  let api: ApiHarness;
  let closed: {
    statement: {
      statement_id: string;
      period_end: string;
      line_pages: { stream: string; pages: number; lines: number };
    };
    invoices: { id: string }[];
  };

  beforeAll(async () => {
    double = await startKurrentDbDouble();
    api = await ApiHarness.start(undefined, {
      event_store: double.connectionString,
      statement_page_bytes_max: PAGE_BYTES_MAX,
    });
    await setUpSettlement(api);
    for (let index = 1; index <= CDRS; index += 1) await postCdr(api, `CDR${index}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const response = await closePeriod(api, AGREEMENT.id);
    expect(response.status).toBe(201);
    closed = response.body;
  }, 120_000);

  afterAll(async () => {
    await api.stop();
    await double.stop();
  });

  it('stores the lines on pages in the node, before the header that names them', () => {
    const { statement } = closed;
    expect(statement.line_pages).toMatchObject({
      stream: statementLinesStreamName(statement.statement_id),
      lines: CDRS,
    });
    const pages = double.log.streamEvents(statement.line_pages.stream) ?? [];
    expect(pages).toHaveLength(statement.line_pages.pages);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((page) => page.type === 'SettlementStatementLinesRecorded')).toBe(true);
    const headers = double.log.streamEvents(`statements-${AGREEMENT.id}`) ?? [];
    expect(headers.map((header) => header.type)).toEqual(['SettlementStatementIssued']);
    expect(headers[0]!.position).toBeGreaterThan(pages.at(-1)!.position);
  });

  it('keeps every event and every append within the bounds a node accepts', () => {
    const sizes = new Map<string, number>();
    for (const record of double.log.appends) {
      for (const event of double.log.streamEvents(record.stream) ?? []) {
        sizes.set(event.id, event.data.byteLength + event.customMetadata.byteLength);
      }
    }
    expect(sizes.size).toBeGreaterThan(CDRS);
    for (const [id, bytes] of sizes) {
      expect({ id, within: bytes <= EVENT_BYTES_MAX }).toEqual({ id, within: true });
    }
    for (const record of double.log.appends) {
      const bytes = record.eventIds.reduce((sum, id) => sum + (sizes.get(id) ?? 0), 0);
      expect(bytes).toBeLessThanOrEqual(KURRENTDB_APPEND_BYTES_MAX);
    }
  });

  it('answers the lines page by page and the same statement on a repeated close', async () => {
    const { statement_id, line_pages, period_end } = closed.statement;
    const last = await api
      .http()
      .get(`/v1/statements/${statement_id}/lines?page=${line_pages.pages}`)
      .set('Authorization', api.admin());
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ statement_id, page: line_pages.pages });
    const again = await closePeriod(api, AGREEMENT.id, { period_end });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed);
  });
});
