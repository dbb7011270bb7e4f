import type { PostgresStore } from '../../src/store/postgres';
import type { SqliteStore } from '../../src/store/sqlite';
import type { Store } from '../../src/store/store';

/**
 * Every row of every table of the store, as text (JSON per row), to search for values that
 * must be gone. Reads the database itself, not the API, so nothing a view hides is missed.
 *
 * @example expect(await everyRow(server.store)).not.toContain('13800138000');
 */
export async function everyRow(store: Store): Promise<string> {
  const lines: string[] = [];
  if (store.kind === 'sqlite') {
    const db = (store as SqliteStore).database;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all()) lines.push(`${table} ${JSON.stringify(row)}`);
    }
  } else {
    const pool = (store as PostgresStore).pool;
    const tables = (await pool.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")).rows;
    for (const { name } of tables) {
      for (const row of (await pool.query<{ line: string }>(`SELECT t::text AS line FROM "${name}" AS t`)).rows) lines.push(`${name} ${row.line}`);
    }
  }
  return lines.join('\n');
}
