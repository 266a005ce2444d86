// Runs one SQL statement in an in-memory DuckDB and prints the result rows as JSON lines, one
// JSON array per row (values as @duckdb/node-api's getRowsJson gives them: BIGINT, TIMESTAMP,
// DATE and VARCHAR as strings; INTEGER, DOUBLE as numbers; non-finite doubles as "NaN",
// "Infinity", "-Infinity"; NULL as null).
//
//   node tools/node/duckdb_query.mjs "SQL" [--header]
//
// --header prints the column names as a first JSON line. Errors go to stderr with exit code 1.

import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const header = args.includes('--header');
const sql = args.filter((a) => a !== '--header');
if (sql.length !== 1) {
  console.error('usage: node tools/node/duckdb_query.mjs "SQL" [--header]');
  process.exit(2);
}

try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql[0]);
  const lines = [];
  if (header) lines.push(JSON.stringify(reader.columnNames()));
  for (const row of reader.getRowsJson()) lines.push(JSON.stringify(row));
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  connection.closeSync();
} catch (error) {
  console.error(`duckdb_query: ${error.message}`);
  process.exit(1);
}
