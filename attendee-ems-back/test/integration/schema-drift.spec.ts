import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
// @ts-expect-error plain ESM helper shared with scripts/new-migration.mjs
import { diffSchemas } from '../../scripts/schema-sql.mjs';
import { migrate } from '../../src/infra/database/migrator.js';
import { MIGRATIONS_DIR } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * A description of the `public` schema precise enough to catch any drift: columns with types,
 * nullability and defaults; constraints with definitions; indexes with definitions; enums.
 */
async function describeSchema(pool: pg.Pool): Promise<Record<string, string[]>> {
  // Every selected column needs its own name: pg keeps only the last of duplicate names.
  const rows = async (sql: string) => (await pool.query(sql)).rows.map((row) => Object.values(row).join(' | ')).sort();
  return {
    columns: await rows(`
      SELECT c.table_name, c.column_name, c.data_type, c.udt_name, coalesce(c.character_maximum_length::text, '') AS length,
             coalesce(c.numeric_precision::text, '') AS precision, coalesce(c.datetime_precision::text, '') AS time_precision,
             c.is_nullable, coalesce(c.column_default, '') AS column_default
      FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`),
    constraints: await rows(`
      SELECT t.relname, con.conname, pg_get_constraintdef(con.oid)
      FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`),
    indexes: await rows(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
    enums: await rows(`
      SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`),
  };
}

describe('schema drift: prisma/migrations and schema.prisma describe the same database', () => {
  let fromMigrations: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    fromMigrations = await createTestDatabase();
    // The second database starts from the migrated template too; empty its public schema first.
    fromSchema = await createTestDatabase();
    await fromSchema.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });
  afterAll(async () => {
    await fromMigrations?.drop();
    await fromSchema?.drop();
  });

  it('applies the SQL Prisma derives from schema.prisma and finds the same tables, columns, constraints and indexes', async () => {
    const schemaText = fs.readFileSync(path.join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const sql: string = diffSchemas({ fromSchemaText: null, toSchemaText: schemaText, databaseUrl: inject('adminDatabaseUrl') });
    expect(sql).toContain('CREATE TABLE');
    await fromSchema.pool.query(sql);

    const expected = await describeSchema(fromSchema.pool);
    const actual = await describeSchema(fromMigrations.pool);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.columns).toEqual(expected.columns);
    // …and CHECK constraints Prisma cannot express must be named `*_extra_check`.
    expect(actual.constraints.filter((constraint) => !constraint.includes('_extra_check'))).toEqual(expected.constraints);
    // Migrations may add indexes Prisma cannot express (partial, trigram…): those must be named `*_extra_idx`.
    expect(actual.indexes.filter((index) => !index.includes('_extra_idx'))).toEqual(expected.indexes);
  }, 120_000);

  it('re-running the migrations is a no-op', async () => {
    expect(await migrate(fromMigrations.url, MIGRATIONS_DIR)).toEqual([]);
  });
});
