import { DatabaseSync } from 'node:sqlite';
import { MultiRowInsert } from './read-model-statements.js';

describe('MultiRowInsert', () => {
  const table = () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount INTEGER)');
    return db;
  };

  it('writes every row in order across chunks, as a statement per row would', () => {
    const db = table();
    const insert = new MultiRowInsert(db, 'INSERT INTO t (name, amount) VALUES ', 2, 3);
    const rows = Array.from({ length: 7 }, (_, index) => [`row${index}`, BigInt(index) * 10n]);
    insert.run(rows);
    insert.run([]);
    const stored = db.prepare('SELECT id, name, amount FROM t ORDER BY id').all();
    expect(stored.map((row) => [row.id, row.name, row.amount])).toEqual(
      rows.map(([name, amount], index) => [index + 1, name, Number(amount)]),
    );
  });

  it('refuses a row of another width and bounds beyond what SQLite binds', () => {
    const db = table();
    const insert = new MultiRowInsert(db, 'INSERT INTO t (name, amount) VALUES ', 2);
    expect(() => insert.run([['only a name']])).toThrow(RangeError);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(() => new MultiRowInsert(db, 'INSERT INTO t (name) VALUES ', 1, 40_000)).toThrow(
      RangeError,
    );
  });
});
