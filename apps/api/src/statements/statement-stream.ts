import assert from 'node:assert/strict';
import { Agreement, agreementStreamName } from '#agreements';
import {
  canonicalJson,
  NO_STREAM,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  eventIdFor,
  WrongExpectedVersion,
} from '#event-store';
import {
  assembleStatement,
  evolveStatement,
  initialStatementState,
  isPagedStatement,
  STATEMENT_PAGES_MAX,
  type SettlementStatement,
  type SettlementStatementIssued,
  type StatementLinesPage,
  type StatementState,
  type StoredStatement,
} from '#settlement';
import { schemaVersionOf } from '#event-schemas';
import { loadStream, type RequestContext } from '../infrastructure/command-runner.js';

/**
 * The pages stream holds another close's pages of this statement with other lines: a close of
 * the same period that raced this one and read the period at another moment. A concurrency
 * conflict (retryOnConflict reloads: the other close's header is then found and answered);
 * when none appears, the close ends in 503 ConcurrencyExhausted, never a page of mixed lines.
 */
export class StatementPagesOfAnotherClose extends WrongExpectedVersion {
  constructor(stream: string, index: number) {
    super(stream, BigInt(index), BigInt(index));
    this.message = `stream ${stream}: page ${index + 1} holds the lines of another close`;
    this.name = 'StatementPagesOfAnotherClose';
  }
}

/** Upper bound on statements of one agreement (one per closed period). */
const STATEMENTS_MAX = 100_000;

export interface LoadedStatements {
  readonly state: StatementState;
  readonly revision: ExpectedRevision;
  /** Every statement of the stream by id, as stored (a header, or before issue 14 whole). */
  readonly statements: ReadonlyMap<string, StoredStatement>;
}

/** Reads `statements-{agreement_id}`: the decider state, its revision and the statements. */
export async function loadStatements(store: EventStore, stream: string): Promise<LoadedStatements> {
  let state = initialStatementState();
  let revision: ExpectedRevision = NO_STREAM;
  const statements = new Map<string, StoredStatement>();
  let count = 0;
  for await (const recorded of store.readStream(stream, { max_count: STATEMENTS_MAX })) {
    assert.equal(recorded.revision, BigInt(count), `stream ${stream}: revision out of order`);
    const event = { type: recorded.type, data: recorded.data } as SettlementStatementIssued;
    state = evolveStatement(state, event);
    if (event.type === 'SettlementStatementIssued') {
      statements.set(event.data.statement_id, event.data);
    }
    revision = recorded.revision;
    count += 1;
  }
  if (count >= STATEMENTS_MAX) throw new Error(`stream ${stream} is too long`);
  return { state, revision, statements };
}

export interface LoadedAgreement {
  readonly state: Agreement.AgreementState;
  /** Where its first period starts: its first version's effective_from, else its recording. */
  readonly since: string;
}

/** Reads `agreement-{agreement_id}` for a close; null when the agreement is unknown. */
export async function loadAgreement(
  store: EventStore,
  agreement_id: string,
): Promise<LoadedAgreement | null> {
  const { state } = await loadStream(store, agreementStreamName(agreement_id), Agreement);
  const first = state.versions[0];
  if (first === undefined) return null;
  return { state, since: first.effective_from ?? first.recorded_at };
}

/**
 * The whole statement of a stored one: a header's lines read from its pages stream and checked
 * against its digest (assembleStatement); a statement stored whole is returned as it is.
 */
export async function loadWholeStatement(
  store: EventStore,
  stored: StoredStatement,
): Promise<SettlementStatement> {
  if (!isPagedStatement(stored)) return stored;
  const pages: StatementLinesPage[] = [];
  const { stream } = stored.line_pages;
  for await (const recorded of store.readStream(stream, { max_count: STATEMENT_PAGES_MAX })) {
    assert.equal(recorded.type, 'SettlementStatementLinesRecorded', `stream ${stream}`);
    pages.push(recorded.data as StatementLinesPage);
  }
  return assembleStatement(stored, pages);
}

/** Most bytes of pages sent in one append (KurrentDB takes about 1 MiB per append). */
const PAGES_APPEND_BYTES_MAX = 768 * 1024;

/**
 * Appends a statement's pages to their stream before its header, in appends of at most
 * PAGES_APPEND_BYTES_MAX, each at the revision the previous one left. Pages a close before
 * wrote (it crashed before its header, or a concurrent close of the period is writing them) are
 * kept when their data is the same, and the rest appended after them; other data there (a
 * close that read the period at another moment) throws StatementPagesOfAnotherClose, and a
 * concurrent append WrongExpectedVersion: both are conflicts, the caller's retryOnConflict runs
 * the close again.
 */
export async function appendStatementPages(
  store: EventStore,
  stream: string,
  pages: readonly NewEvent[],
  page_texts: readonly string[],
): Promise<void> {
  let index = 0;
  for await (const recorded of store.readStream(stream, { max_count: STATEMENT_PAGES_MAX })) {
    if (canonicalJson(recorded.data) !== page_texts[index]) {
      throw new StatementPagesOfAnotherClose(stream, index);
    }
    index += 1;
  }
  let expected: ExpectedRevision = index === 0 ? NO_STREAM : BigInt(index - 1);
  while (index < pages.length) {
    const batch: NewEvent[] = [];
    let bytes = 0;
    while (index < pages.length) {
      const page_bytes = Buffer.byteLength(page_texts[index]!, 'utf8');
      if (batch.length > 0 && bytes + page_bytes > PAGES_APPEND_BYTES_MAX) break;
      bytes += page_bytes;
      batch.push(pages[index]!);
      index += 1;
    }
    expected = (await store.append(stream, batch, expected)).next_expected_revision;
  }
}

/** The event id of a statement's page: one per (statement, page), whatever the retry. */
export function statementPageEventId(statement_id: string, page: number): string {
  return eventIdFor('statement-lines', statement_id, String(page));
}

/**
 * The pages as events to append, with the envelope every command's events get (toNewEvents),
 * caused by the close's request. Built here rather than by toNewEvents, whose content hash would
 * encode every line again: the ids derive from the statement and page number.
 */
export function statementPageEvents(
  statement_id: string,
  pages: readonly StatementLinesPage[],
  context: RequestContext,
): NewEvent[] {
  const type = 'SettlementStatementLinesRecorded';
  return pages.map((page) => ({
    id: statementPageEventId(statement_id, page.page),
    type,
    data: page,
    metadata: {
      schema_version: schemaVersionOf(type),
      occurred_at: context.received_at,
      correlation_id: context.correlation_id,
      causation_id: context.causation_id ?? context.correlation_id,
      principal: context.principal,
    },
  }));
}
