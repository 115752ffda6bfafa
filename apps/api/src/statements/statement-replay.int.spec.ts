import { DatabaseSync } from 'node:sqlite';
import { agreementInForceAt } from '#agreements';
import type { EventStore, RecordedEvent } from '#event-store';
import {
  decideStatement,
  evolveStatement,
  initialStatementState,
  statementStreamName,
  type SettlementStatement,
  type SettlementStatementIssued,
} from '#settlement';
import { documentsProjection, DocumentQueries } from '#projections';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';
import { statementEntriesFrom } from './close-settlement-period.handler.js';
import { loadAgreement } from './statement-stream.js';
import { closePeriod, postCdr, setUpSettlement } from './test-support/settlement-setup.js';

/** The documents read model rebuilt from the log alone, up to `position` (inclusive). */
async function documentsAt(store: EventStore, position: bigint): Promise<DocumentQueries> {
  const db = new DatabaseSync(':memory:');
  documentsProjection.createSchema(db);
  const writer = documentsProjection.writer(db);
  const batch: RecordedEvent[] = [];
  for await (const event of store.readAll()) {
    if (event.position > position) break;
    batch.push(event);
  }
  writer.apply(batch);
  return new DocumentQueries(db);
}

/** The statement decided again, from the log replayed to `position`. */
async function redecide(store: EventStore, issued: SettlementStatement, position: bigint) {
  let state = initialStatementState();
  for await (const event of store.readStream(statementStreamName(AGREEMENT.id))) {
    const data = event.data as SettlementStatement;
    if (data.statement_id === issued.statement_id) break;
    state = evolveStatement(state, event as unknown as SettlementStatementIssued);
  }
  const agreement = (await loadAgreement(store, AGREEMENT.id))!;
  const terms = agreementInForceAt(agreement.state, issued.period_end)!;
  const documents = await documentsAt(store, position);
  const entries = statementEntriesFrom(documents, state, terms, agreement.since, issued.period_end);
  const [event] = decideStatement(
    {
      type: 'CloseSettlementPeriod',
      statement_id: issued.statement_id,
      agreement_id: AGREEMENT.id,
      period_end: issued.period_end,
      closed_at: issued.closed_at,
      agreement_since: agreement.since,
      terms,
      entries,
    },
    state,
  );
  return event!.data;
}

/** The statement as the decider made it, before the close added its document postings. */
function beforeDocumentPostings(statement: SettlementStatement): SettlementStatement {
  const {
    document_postings: _postings,
    documents_rounding_minor: rounding = '0',
    ...rest
  } = statement;
  const closing = BigInt(statement.closing_balance_minor) - BigInt(rounding);
  return {
    ...rest,
    closing_balance_minor: closing.toString(),
    amount_due_minor: (closing > 0n ? closing : 0n).toString(),
    fee_balances: statement.fee_balances.map(({ vat_minor = '0', ...balance }) => ({
      ...balance,
      vat_on_fees: 'invoiced_separately' as const,
      closing_balance_minor: (BigInt(balance.closing_balance_minor) - BigInt(vat_minor)).toString(),
    })),
  };
}

describe('a close records the read-model position it decided from', () => {
  it('a replay of the log to that position decides exactly the same statement', async () => {
    const api = await ApiHarness.start();
    try {
      await setUpSettlement(api);
      await postCdr(api, 'CDR1');
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
      await pause();
      expect((await closePeriod(api, AGREEMENT.id)).status).toBe(201);
      await postCdr(api, 'CDR2');
      await postCdr(api, 'CDR1-CREDIT', { credit_of: 'CDR1' });
      await pause();
      const second = await closePeriod(api, AGREEMENT.id);
      expect(second.status).toBe(201);
      const issued = second.body.statement as SettlementStatement;
      expect(issued.read_models_position).toMatch(/^\d+$/);
      expect(issued.cdr_lines).toHaveLength(1);
      expect(issued.credit_lines).toHaveLength(1);

      const store = api.app.get<EventStore>(EVENT_STORE);
      const position = BigInt(issued.read_models_position!);
      // The decision proper; reconciliation, document postings and leakage are annotations the
      // close adds after it from the documents and the exception queue (leakage: open
      // exceptions, none here). The document postings also moved the closing balances.
      // `line_pages` says where the close stored the lines (statement-pages.ts).
      const {
        reconciliation: _r,
        read_models_position: _p,
        leakage,
        line_pages: _l,
        ...annotated
      } = issued as SettlementStatement & { line_pages?: unknown };
      const decided = beforeDocumentPostings(annotated);
      expect(leakage).toMatchObject({ open_exceptions: [], amount_at_risk: '0' });
      expect(await redecide(store, issued, position)).toEqual(decided);
      // Replayed to an earlier position (before the credit), the same close decides otherwise.
      const earlier = await redecide(store, issued, position - 3n);
      expect(earlier).not.toEqual(decided);
    } finally {
      await api.stop();
    }
  });
});
