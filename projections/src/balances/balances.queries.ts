import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, rowsBefore } from '../read-model-statements.js';
import type { BalanceSourceKind } from './balances.fold.js';
import { DAY_MS, dayIndexOf, monthIndexOf, monthStartMs } from './balances.fold.js';

/** One currency of a party's balance: the total and its split per counterparty. */
export interface CurrencyBalance {
  readonly currency: string;
  readonly amount_minor: bigint;
  readonly counterparties: readonly { readonly party: string; readonly amount_minor: bigint }[];
}

export interface PostingRow {
  readonly entry_id: bigint;
  readonly position: bigint;
  readonly transaction_id: string;
  readonly source_kind: BalanceSourceKind;
  readonly source_ref: string;
  readonly counterparty: string;
  readonly currency: string;
  readonly ledger_time_ms: number;
  readonly amount_minor: bigint;
}

interface SumRow {
  readonly currency: string;
  readonly counterparty: string;
  readonly amount_minor: bigint;
}

/** Upper bound on one page of postings. */
export const POSTINGS_PAGE_MAX = 500;

const QUERIES_SQL = {
  current: 'SELECT currency, counterparty, amount_minor FROM balance_current WHERE party = ?',
  months_before:
    'SELECT currency, counterparty, sum(amount_minor) AS amount_minor FROM balance_months ' +
    'WHERE party = ? AND month_index < ? GROUP BY currency, counterparty',
  days_between:
    'SELECT currency, counterparty, sum(amount_minor) AS amount_minor FROM balance_days ' +
    'WHERE party = ? AND day_index >= ? AND day_index < ? GROUP BY currency, counterparty',
  entries_between:
    'SELECT currency, counterparty, sum(amount_minor) AS amount_minor FROM balance_entries ' +
    'WHERE party = ? AND ledger_time_ms >= ? AND ledger_time_ms <= ? ' +
    'GROUP BY currency, counterparty',
  postings_page:
    'SELECT e.entry_id, t.position, t.transaction_id, t.source_kind, t.source_ref, ' +
    'e.counterparty, e.currency, e.ledger_time_ms, e.amount_minor FROM balance_entries e ' +
    'JOIN balance_transactions t ON t.tx_row = e.tx_row ' +
    'WHERE e.party = ? AND e.entry_id < ? ORDER BY e.entry_id DESC LIMIT ?',
  any_entry: 'SELECT 1 AS found FROM balance_entries WHERE party = ? LIMIT 1',
} as const;

/** Read queries of the balances read model; statements prepared once per connection. */
export class BalanceQueries {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, QUERIES_SQL, [
      'current',
      'months_before',
      'days_between',
      'entries_between',
      'postings_page',
    ]);
  }

  /** The balance now (as_of_ms null), or as it stood at `as_of_ms` (inclusive). */
  balancesOf(party: string, as_of_ms: number | null): CurrencyBalance[] {
    if (as_of_ms === null) return group(this.sql.current.all(party) as unknown as SumRow[]);
    const month = monthIndexOf(as_of_ms);
    const day = dayIndexOf(as_of_ms);
    const earlier_months = this.sql.months_before.all(party, month) as unknown as SumRow[];
    const month_first_day = dayIndexOf(monthStartMs(month));
    const earlier_days = this.sql.days_between.all(
      party,
      month_first_day,
      day,
    ) as unknown as SumRow[];
    const within = this.sql.entries_between.all(
      party,
      day * DAY_MS,
      as_of_ms,
    ) as unknown as SumRow[];
    return group([...earlier_months, ...earlier_days, ...within]);
  }

  /** Newest first; `before_entry_id` is the cursor (exclusive), null for the first page. */
  postingsOf(party: string, limit: number, before_entry_id: bigint | null): PostingRow[] {
    const bounded = Math.max(1, Math.min(limit, POSTINGS_PAGE_MAX));
    const rows = rowsBefore<Omit<PostingRow, 'ledger_time_ms'> & { ledger_time_ms: bigint }>(
      this.sql.postings_page,
      [party],
      before_entry_id,
      bounded,
    );
    return rows.map((row) => ({ ...row, ledger_time_ms: Number(row.ledger_time_ms) }));
  }

  hasEntries(party: string): boolean {
    return this.sql.any_entry.get(party) !== undefined;
  }
}

function group(rows: readonly SumRow[]): CurrencyBalance[] {
  const by_currency = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    const counterparties = by_currency.get(row.currency) ?? new Map<string, bigint>();
    by_currency.set(row.currency, counterparties);
    const previous = counterparties.get(row.counterparty) ?? 0n;
    counterparties.set(row.counterparty, previous + BigInt(row.amount_minor));
  }
  return [...by_currency.keys()].sort().map((currency) => {
    const counterparties = [...by_currency.get(currency)!.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([party, amount_minor]) => ({ party, amount_minor }));
    const amount_minor = counterparties.reduce((sum, entry) => sum + entry.amount_minor, 0n);
    return { currency, amount_minor, counterparties };
  });
}
