import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** SQLite's largest integer: "no cursor yet", the start of a newest-first listing. */
const ROW_ID_MAX = 9_223_372_036_854_775_807n;

/**
 * Prepares one statement per named SQL text, once per connection. The statements named in
 * `big_ints` read integers as bigint: row ids, log positions and minor amounts never go through
 * a JS number.
 */
export function prepareStatements<TName extends string>(
  db: DatabaseSync,
  sql: Readonly<Record<TName, string>>,
  big_ints: readonly NoInfer<TName>[] = [],
): Readonly<Record<TName, StatementSync>> {
  const prepared = {} as Record<TName, StatementSync>;
  for (const name of Object.keys(sql) as TName[]) prepared[name] = db.prepare(sql[name]);
  for (const name of big_ints) prepared[name].setReadBigInts(true);
  return prepared;
}

/**
 * Runs a newest-first listing whose parameters end in (cursor, limit): the rows whose id is
 * below `before_row` (all of them when null), at most `limit`.
 */
export function rowsBefore<TRow>(
  statement: StatementSync,
  keys: readonly (string | number | bigint)[],
  before_row: bigint | null,
  limit: number,
): TRow[] {
  return statement.all(...keys, before_row ?? ROW_ID_MAX, limit) as unknown as TRow[];
}

type SqlValue = string | number | bigint | null;

/**
 * One INSERT of several rows at a time (`INSERT ... VALUES (?, ...), (?, ...)`): fewer calls
 * into SQLite than a statement per row, the same rows in the same order (the same row ids).
 * Rows go in chunks of at most `rows_max`; a statement is prepared once per chunk size used.
 */
export class MultiRowInsert {
  private readonly statements = new Map<number, StatementSync>();
  private readonly row_values: string;

  /** `insert_into`: the SQL up to VALUES, e.g. `INSERT OR IGNORE INTO t (a, b) VALUES `. */
  constructor(
    private readonly db: DatabaseSync,
    private readonly insert_into: string,
    private readonly columns: number,
    private readonly rows_max = 16,
  ) {
    // SQLite binds at most 32,766 parameters per statement.
    if (columns < 1 || rows_max < 1 || columns * rows_max > 32_766) {
      throw new RangeError(`multi-row insert: ${rows_max} rows of ${columns} columns`);
    }
    this.row_values = `(${Array<string>(columns).fill('?').join(', ')})`;
  }

  run(rows: readonly (readonly SqlValue[])[]): void {
    for (let start = 0; start < rows.length; start += this.rows_max) {
      const chunk = rows.slice(start, start + this.rows_max);
      const values: SqlValue[] = [];
      for (const row of chunk) {
        if (row.length !== this.columns)
          throw new RangeError('multi-row insert: a row of ' + row.length);
        values.push(...row);
      }
      this.statement(chunk.length).run(...values);
    }
  }

  private statement(rows: number): StatementSync {
    let statement = this.statements.get(rows);
    if (statement === undefined) {
      const values = Array<string>(rows).fill(this.row_values).join(', ');
      statement = this.db.prepare(this.insert_into + values);
      this.statements.set(rows, statement);
    }
    return statement;
  }
}
