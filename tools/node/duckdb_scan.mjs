// The DuckDB side of the whole-file scan benchmark (bench/run_scan.sh): one thread, computes what
// build/release/bench/scan_benchmark computes, over the same columns:
//   DOUBLE     sum(col)
//   TIMESTAMP  sum(epoch_ms(col))   (the Parquet INT64 TIMESTAMP(MILLIS) values; a HUGEINT)
//   BIGINT     sum(col)
//   VARCHAR    sum(strlen(col))     (bytes, as scan_benchmark; length() would count characters)
//
//   node tools/node/duckdb_scan.mjs FILE [--repeat N]
//
// Prints the best wall time of N runs of the query (default 5) to stderr and one JSON object on
// stdout in scan_benchmark's shape:
//   {"engine": "duckdb", "file": ..., "rows": ..., "file_bytes": ..., "repeat": N,
//    "best_ms": ..., "times_ms": [...], "sums": {"column": value, ...}}

import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

function usage() {
  console.error('usage: node tools/node/duckdb_scan.mjs FILE [--repeat N]');
  process.exit(2);
}

const args = process.argv.slice(2);
let file = null;
let repeat = 5;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--repeat' && i + 1 < args.length) {
    repeat = Number.parseInt(args[++i], 10);
    if (!(repeat >= 1)) usage();
  } else if (!args[i].startsWith('-') && file === null) {
    file = args[i];
  } else {
    usage();
  }
}
if (file === null) usage();

const quoteString = (s) => `'${s.replaceAll("'", "''")}'`;
const quoteIdent = (s) => `"${s.replaceAll('"', '""')}"`;

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const source = `read_parquet(${quoteString(file)})`;

// Columns and their DuckDB types, in file order.
const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
const columns = [];
for (const row of described.getRowObjectsJson()) {
  const name = row.column_name;
  const type = row.column_type;
  let expr;
  let kind;
  if (type === 'DOUBLE') {
    expr = `sum(${quoteIdent(name)})`;
    kind = 'double';
  } else if (type.startsWith('TIMESTAMP')) {
    expr = `sum(epoch_ms(${quoteIdent(name)}))`;
    kind = 'int';
  } else if (type === 'BIGINT') {
    expr = `sum(${quoteIdent(name)})`;
    kind = 'int';
  } else if (type === 'VARCHAR' || type === 'BLOB') {
    expr = `sum(strlen(${quoteIdent(name)}))`;
    kind = 'int';
  } else {
    continue;
  }
  columns.push({ name, expr, kind });
}
const threads = (await connection.runAndReadAll("SELECT current_setting('threads') AS t"))
  .getRowObjectsJson()[0].t;
if (String(threads) !== '1') throw new Error(`DuckDB runs with ${threads} threads, expected 1`);

const selectList = columns.map((c, i) => `${c.expr} AS c${i}`).join(', ');
const sql = `SELECT count(*) AS "rows", ${selectList} FROM ${source}`;
const times = [];
let values = null;
for (let r = 0; r < repeat; ++r) {
  const t0 = performance.now();
  const reader = await connection.runAndReadAll(sql);
  times.push(performance.now() - t0);
  const row = reader.getRows()[0];
  if (values === null) values = row;
}

const best = Math.min(...times);
const rows = Number(values[0]);
const bytes = statSync(file).size;
const json = (v) => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
const sums = columns.map((c, i) => {
  const v = values[i + 1];
  let text;
  if (v === null) {
    text = '0';  // sum over no values: scan_benchmark reports 0
  } else if (c.kind === 'double') {
    // Keep it a JSON float ("35547478200.0"), as scan_benchmark prints it.
    if (!Number.isFinite(v)) {
      text = 'null';
    } else {
      text = String(v);
      if (!/[.e]/.test(text)) text += '.0';
    }
  } else {
    text = BigInt(v.toString()).toString();
  }
  return `${JSON.stringify(c.name)}: ${text}`;
});
console.error(`duckdb scan of ${file}: ${rows} rows, ${columns.length} columns, ` +
              `best of ${repeat}: ` +
              `${best.toFixed(1)} ms (${(rows / best / 1e3).toFixed(1)} M rows/s, ` +
              `${(bytes / best / 1e3).toFixed(1)} MB/s of file)`);
console.log(`{"engine": "duckdb", "file": ${JSON.stringify(file)}, "rows": ${rows}, ` +
            `"file_bytes": ${bytes}, "repeat": ${repeat}, "best_ms": ${json(best)}, ` +
            `"times_ms": [${times.map(json).join(', ')}], "sums": {${sums.join(', ')}}}`);
connection.closeSync();
