import assert from 'node:assert/strict';
import { Agreement, agreementStreamName } from '#agreements';
import { NO_STREAM, type EventStore, type ExpectedRevision } from '#event-store';
import {
  evolveStatement,
  initialStatementState,
  type SettlementStatement,
  type SettlementStatementIssued,
  type StatementState,
} from '#settlement';
import { loadStream } from '../infrastructure/command-runner.js';

/** Upper bound on statements of one agreement (one per closed period). */
const STATEMENTS_MAX = 100_000;

export interface LoadedStatements {
  readonly state: StatementState;
  readonly revision: ExpectedRevision;
  /** Every statement of the stream by id (a repeated close answers with its statement). */
  readonly statements: ReadonlyMap<string, SettlementStatement>;
}

/** Reads `statements-{agreement_id}`: the decider state, its revision and the statements. */
export async function loadStatements(store: EventStore, stream: string): Promise<LoadedStatements> {
  let state = initialStatementState();
  let revision: ExpectedRevision = NO_STREAM;
  const statements = new Map<string, SettlementStatement>();
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
