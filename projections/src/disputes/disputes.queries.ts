import type { DatabaseSync } from 'node:sqlite';
import { type PartyId, partyKey } from '#ledger';
import { prepareStatements, rowsBefore } from '../read-model-statements.js';
import type { DisputeSummary } from './disputes.fold.js';

/** Largest page of a dispute list. */
export const DISPUTES_PAGE_MAX = 200;

const QUERIES_SQL = {
  of_party:
    'SELECT p.dispute_row AS row_id, d.summary_json AS json FROM dispute_parties p ' +
    'JOIN disputes d ON d.dispute_row = p.dispute_row ' +
    'WHERE p.party = ? AND p.dispute_row < ? ORDER BY p.dispute_row DESC LIMIT ?',
  of_party_with_status:
    'SELECT p.dispute_row AS row_id, d.summary_json AS json FROM dispute_parties p ' +
    'JOIN disputes d ON d.dispute_row = p.dispute_row ' +
    'WHERE p.party = ? AND d.status = ? AND p.dispute_row < ? ' +
    'ORDER BY p.dispute_row DESC LIMIT ?',
} as const;

export interface DisputePage {
  readonly items: readonly DisputeSummary[];
  readonly next_row: bigint | null;
}

export class DisputeQueries {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, QUERIES_SQL, ['of_party', 'of_party_with_status']);
  }

  /** The disputes the party is the CPO or eMSP of, newest first, optionally of one status. */
  disputesOf(
    party: PartyId,
    status: 'OPEN' | 'RESOLVED' | null,
    limit: number,
    before_row: bigint | null,
  ): DisputePage {
    const keys = status === null ? [partyKey(party)] : [partyKey(party), status];
    const statement = status === null ? this.sql.of_party : this.sql.of_party_with_status;
    const rows = rowsBefore<{ row_id: bigint; json: string }>(
      statement,
      keys,
      before_row,
      limit + 1,
    );
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.json) as DisputeSummary);
    const last = rows[limit - 1];
    return { items, next_row: rows.length > limit && last !== undefined ? last.row_id : null };
  }
}
