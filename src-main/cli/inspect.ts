import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { readWithDuckDb } from '../data/duckdb-reader';
import { profileTable } from '../data/profile';
import { inspectFile } from '../data/sniff';
import { UsageError } from './usage-error';

export const inspectUsage = 'anomaly-lens inspect <file> [--full]';

/**
 * `anomaly-lens inspect <file> [--full]`: the sniffed dialect, schema, roles and profiles as JSON.
 * Without --full the profiles come from a sample and the row count is an estimate; with --full the
 * whole file is read and every row profiled. Bad files reject with the importer's AppError.
 */
export async function inspect(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args: argv, options: { full: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`expected one file: ${inspectUsage}`);
  const file = path.resolve(positionals[0]);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const started = performance.now();
    const { preview, readOptions } = await inspectFile(connection, file);
    const inspectMs = performance.now() - started;
    const base = { file, bytes: preview.bytes, dialect: preview.dialect };
    const column = (c: (typeof preview.columns)[number]) => ({ name: c.name, type: c.type, sqlType: c.sqlType, role: c.suggestedRole, reason: c.reason, profile: c.profile });
    if (!values.full) {
      return JSON.stringify(
        { ...base, rowEstimate: preview.rowEstimate, sampled: preview.sampled, inspectMs: Math.round(inspectMs), columns: preview.columns.map(column) },
        null,
        2,
      );
    }
    const readStarted = performance.now();
    const table = await readWithDuckDb(connection, file, readOptions, preview);
    const profiles = profileTable(table);
    const readMs = performance.now() - readStarted;
    return JSON.stringify(
      {
        ...base,
        rowCount: table.n,
        sampled: false,
        inspectMs: Math.round(inspectMs),
        readMs: Math.round(readMs),
        columns: preview.columns.map((c) => {
          const full = profiles.get(c.name);
          if (full) return { ...column(c), profile: full };
          // text columns are not read in full: their sample profile is kept, and said so
          return { ...column(c), profile: c.profile, profileFrom: 'sample' };
        }),
      },
      null,
      2,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
