import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../../electron/core/store/batchWriter.js';

describe('BatchWriter', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))');
  });
  afterEach(() => db.close());

  const count = () => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  const insert = () => {
    const stmt = db.prepare('INSERT INTO t (v) VALUES (?)');
    return (items: readonly number[]) => {
      for (const v of items) stmt.run(v);
    };
  };

  it('writes a full batch at once and holds the rest until flushed', () => {
    const committed: number[][] = [];
    const writer = new BatchWriter<number>(db, insert(), { batchSize: 3, afterCommit: (items) => committed.push([...items]) });
    for (let i = 0; i < 7; i++) writer.add(i);
    expect(count()).toBe(6);
    expect(writer.size).toBe(1);
    expect(writer.flush()).toBe(1);
    expect(count()).toBe(7);
    expect(writer.written).toBe(7);
    expect(committed).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(writer.flush()).toBe(0);
  });

  it('writes each batch in one transaction: a failing row rolls the whole batch back and keeps it pending', () => {
    const committed: number[] = [];
    const writer = new BatchWriter<number>(db, insert(), { batchSize: 10, afterCommit: (items) => committed.push(...items) });
    writer.add(1);
    writer.add(-1);
    writer.add(2);
    expect(() => writer.flush()).toThrow(/CHECK constraint failed/);
    expect(count()).toBe(0);
    expect(writer.size).toBe(3);
    expect(committed).toEqual([]);
  });

  it('writes an old batch on the next add even when it is not full', async () => {
    const writer = new BatchWriter<number>(db, insert(), { batchSize: 100, maxDelayMs: 20 });
    writer.add(1);
    expect(count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    writer.add(2);
    expect(count()).toBe(2);
  });
});
