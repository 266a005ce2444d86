// Runs bench/summary/koku_summary.mjs's DuckDB translation of Koku's daily-summary SQL over a
// Koku-layout folder (as `ocpagg generate` writes it) and writes the rows to FILE: CSV with a
// header (DuckDB's COPY: NULL is an unquoted empty field, '' is "", doubles in shortest
// round-trip form), or JSON lines when FILE ends in .jsonl.
//
//   node bench/summary/duckdb_summary.mjs --input DIR --month YYYY-MM --output FILE.csv
//        [--config FILE] [--threads N] [--print-sql]
//
// --threads defaults to 2 (ocpagg's default is one thread per core; the benchmark machine has 2).
// DuckDB's other settings are its defaults (memory_limit 80% of RAM, in-memory database).
// Prints one JSON line on stdout: {"rows", "query_s", "total_s", "threads"}: query_s is the
// COPY statement (read, compute, write), total_s includes loading DuckDB and the DESCRIBEs.

import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildSummarySql, inputGlobs, readConfig } from './koku_summary.mjs';

const t0 = process.hrtime.bigint();
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, '../../tools/node/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const args = process.argv.slice(2);
const get = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const input = get('--input');
const month = get('--month');
const output = get('--output');
const threads = Number(get('--threads', '2'));
if (!input || !month || (!output && !args.includes('--print-sql'))) {
  console.error('usage: node bench/summary/duckdb_summary.mjs --input DIR --month YYYY-MM --output FILE.csv|FILE.jsonl [--config FILE] [--threads N] [--print-sql]');
  process.exit(2);
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
try {
  const config = readConfig(get('--config', path.join(input, 'ocpagg.yaml')));
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await instance.connect();
  const globs = inputGlobs(input, month, config);
  const describe = async (table) => {
    const r = await con.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${q(globs.glob(table))}, hive_partitioning = false)`);
    return new Set(r.getRowsJson().map((row) => row[0]));
  };
  for (const t of ['pod_usage', 'node_labels', 'namespace_labels']) {
    if (!globs.has(t)) throw new Error(`no daily ${t} files in ${globs.dir(t, true)}`);
  }
  if (!globs.has('pod_usage', false)) throw new Error(`no hourly pod_usage files in ${globs.dir('pod_usage', false)}`);
  const storageExists = globs.has('storage_usage');
  const columns = {
    pod: await describe('pod_usage'),
    storage: storageExists ? await describe('storage_usage') : new Set(),
    storage_exists: storageExists,
  };
  const sql = buildSummarySql({ input, month, config, columns });
  if (args.includes('--print-sql')) {
    process.stdout.write(sql);
    process.exit(0);
  }
  const t1 = process.hrtime.bigint();
  const r = await con.runAndReadAll(`COPY (${sql}) TO ${q(output)} (FORMAT ${output.endsWith('.jsonl') ? 'json' : 'csv'})`);
  const t2 = process.hrtime.bigint();
  const rows = Number(r.getRowsJson()[0]?.[0] ?? -1);
  con.closeSync();
  console.log(JSON.stringify({
    rows, threads,
    query_s: Number(t2 - t1) / 1e9,
    total_s: Number(process.hrtime.bigint() - t0) / 1e9,
  }));
} catch (error) {
  console.error(`duckdb_summary: ${error.message}`);
  process.exit(1);
}
