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
