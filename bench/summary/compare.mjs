// Compares ocpagg's summary CSV (`ocpagg summarize --output csv:FILE`, PostgreSQL COPY CSV text:
// header line, NULL = unquoted empty field) with bench/summary/duckdb_summary.mjs's output (CSV in
// the same convention, or JSON lines when the name ends in .jsonl).
//
//   node bench/summary/compare.mjs OCPAGG.csv DUCKDB.csv [--max-diffs N]
//
// Rows are matched by the natural keys of spec §3 (uuid is random):
//   Pod         (usage_start, namespace, node, pod_labels)
//   Storage     (usage_start, namespace, node, resource_id, persistentvolumeclaim,
//                persistentvolume, storageclass, volume_labels)
//   unallocated (usage_start, node, namespace, cost_category_id)   -- Pod rows with a NULL
//                                                                     infrastructure_usage_cost
// Rows sharing a key (storage groups that differ only in csi_volume_handle) are paired greedily
// with the first unpaired row that agrees. Every column of the DuckDB output is compared:
// numbers within a relative 1e-9 or an absolute 1e-12 (summation order differs; ocpagg's values
// are numeric(33,15) text), JSON columns as JSON values (object key order ignored), the rest as
// text, NULL only equal to NULL. Prints counts and the first differences; exit status 1 when
// anything differs, 2 on usage or read errors.

import fs from 'node:fs';
import readline from 'node:readline';

const args = process.argv.slice(2);
const maxDiffsArg = args.indexOf('--max-diffs');
const maxDiffs = maxDiffsArg >= 0 ? Number(args[maxDiffsArg + 1]) : 20;
const files = args.filter((a, i) => !a.startsWith('--') && (maxDiffsArg < 0 || i !== maxDiffsArg + 1));
if (files.length !== 2) {
  console.error('usage: node bench/summary/compare.mjs OCPAGG.csv DUCKDB.csv|DUCKDB.jsonl [--max-diffs N]');
  process.exit(2);
}
const [csvFile, duckFile] = files;

const REL = 1e-9;
const ABS = 1e-12;
const NUMERIC = new Set([
  'pod_usage_cpu_core_hours', 'pod_request_cpu_core_hours', 'pod_effective_usage_cpu_core_hours',
  'pod_limit_cpu_core_hours', 'pod_usage_memory_gigabyte_hours', 'pod_request_memory_gigabyte_hours',
  'pod_effective_usage_memory_gigabyte_hours', 'pod_limit_memory_gigabyte_hours',
  'node_capacity_cpu_cores', 'node_capacity_cpu_core_hours', 'node_capacity_memory_gigabytes',
  'node_capacity_memory_gigabyte_hours', 'cluster_capacity_cpu_core_hours',
  'cluster_capacity_memory_gigabyte_hours', 'persistentvolumeclaim_capacity_gigabyte',
  'persistentvolumeclaim_capacity_gigabyte_months', 'volume_request_storage_gigabyte_months',
  'persistentvolumeclaim_usage_gigabyte_months', 'cost_category_id',
]);
const JSONCOLS = new Set(['pod_labels', 'volume_labels', 'all_labels', 'infrastructure_usage_cost']);

// JSON text -> canonical text (object keys sorted, numbers through Number()).
function canonJson(text) {
  if (text === null) return null;
  const sort = (v) => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const o = {};
      for (const k of Object.keys(v).sort()) o[k] = sort(v[k]);
      return o;
    }
    return v;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

function kindOf(r) {
  if (r.data_source === 'Storage') return 'Storage';
  return r.infrastructure_usage_cost === null ? 'unallocated' : 'Pod';
}
function keyOf(r) {
  const k = kindOf(r);
  if (k === 'Pod') return JSON.stringify([k, r.usage_start, r.namespace, r.node, r.pod_labels]);
  if (k === 'Storage') {
    return JSON.stringify([k, r.usage_start, r.namespace, r.node, r.resource_id, r.persistentvolumeclaim,
      r.persistentvolume, r.storageclass, r.volume_labels]);
  }
  return JSON.stringify([k, r.usage_start, r.node, r.namespace, r.cost_category_id]);
}

// Normalizes a row's values: numbers as Number, JSON canonical, others as text or null.
function normalize(r, columns) {
  const out = {};
  for (const c of columns) {
    let v = r[c];
    if (v === undefined) throw new Error(`column ${c} missing`);
    if (v === null) out[c] = null;
    else if (NUMERIC.has(c)) out[c] = typeof v === 'number' ? v : Number(v);
    else if (JSONCOLS.has(c)) out[c] = canonJson(typeof v === 'string' ? v : JSON.stringify(v));
    else out[c] = String(v);
  }
  return out;
}

function close(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    const d = Math.abs(a - b);
    return d <= ABS || d <= REL * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}
function rowDiffs(a, b, columns) {
  const out = [];
  for (const c of columns) if (!close(a[c], b[c])) out.push(c);
  return out;
}

// Streaming parser of PostgreSQL CSV text: yields arrays of fields (null = unquoted empty).
async function* csvRecords(file) {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let fields = [];
  let field = '';
  let quoted = false; // field started with a quote
  let inQuotes = false;
  let pendingQuote = false; // saw a quote inside quotes: either "" or the closing quote
  for await (const chunk of stream) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (inQuotes) {
        if (pendingQuote) {
          pendingQuote = false;
          if (chunk[i] === '"') { field += '"'; i++; continue; }
          inQuotes = false;
          continue; // reprocess this char outside quotes
        }
        const j = chunk.indexOf('"', i);
        if (j < 0) { field += chunk.slice(i); i = n; break; }
        field += chunk.slice(i, j);
        i = j + 1;
        pendingQuote = true;
        continue;
      }
      const c = chunk[i];
      if (c === '"') { inQuotes = true; quoted = true; i++; continue; }
      if (c === ',') { fields.push(field === '' && !quoted ? null : field); field = ''; quoted = false; i++; continue; }
      if (c === '\n') {
        fields.push(field === '' && !quoted ? null : field);
        yield fields;
        fields = []; field = ''; quoted = false; i++;
        continue;
      }
      if (c === '\r') { i++; continue; }
      // plain run up to the next special character
      let j = i;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      field += chunk.slice(i, j);
      i = j;
    }
  }
  if (pendingQuote) inQuotes = false;
  if (inQuotes) throw new Error(`${file}: unterminated quoted field`);
  if (fields.length > 0 || field !== '' || quoted) {
    fields.push(field === '' && !quoted ? null : field);
    yield fields;
  }
}

// DuckDB's rows as objects: JSON lines (.jsonl) or CSV with a header.
async function* duckRecords(file) {
  if (file.endsWith('.jsonl')) {
    const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    for await (const line of rl) if (line !== '') yield JSON.parse(line);
    return;
  }
  let header = null;
  for await (const rec of csvRecords(file)) {
    if (!header) { header = rec; continue; }
    const o = {};
    header.forEach((h, i) => { o[h] = rec[i] ?? null; });
    yield o;
  }
}

async function main() {
  // 1. DuckDB's rows, by key.
  const byKey = new Map();
  let columns = null;
  let duckRows = 0;
  const counts = { Pod: [0, 0], Storage: [0, 0], unallocated: [0, 0] };
  for await (const raw of duckRecords(duckFile)) {
    if (!columns) columns = Object.keys(raw);
    const r = normalize(raw, columns);
    const k = keyOf(r);
    counts[kindOf(r)][1]++;
    duckRows++;
    const list = byKey.get(k);
    if (list) list.push(r); else byKey.set(k, [r]);
  }
  if (!columns) throw new Error(`${duckFile}: no rows`);

  // 2. ocpagg's rows, matched as they stream by.
  const diffs = [];
  let diffCount = 0;
  const report = (msg) => { diffCount++; if (diffs.length < maxDiffs) diffs.push(msg); };
  let header = null;
  let ocpRows = 0;
  const columnDiffs = new Map();
  for await (const rec of csvRecords(csvFile)) {
    if (!header) {
      header = rec;
      for (const c of columns) if (!header.includes(c)) throw new Error(`${csvFile}: no column ${c}`);
      continue;
    }
    const raw = {};
    header.forEach((h, i) => { raw[h] = rec[i] ?? null; });
    const r = normalize(raw, columns);
    ocpRows++;
    counts[kindOf(r)][0]++;
    const k = keyOf(r);
    const list = byKey.get(k);
    if (!list || list.length === 0) { report(`only in ocpagg: ${k}\n    ${JSON.stringify(r)}`); continue; }
    let idx = list.findIndex((d) => rowDiffs(r, d, columns).length === 0);
    if (idx < 0) {
      idx = 0;
      const cols = rowDiffs(r, list[0], columns);
      for (const c of cols) columnDiffs.set(c, (columnDiffs.get(c) || 0) + 1);
      report(`differs: ${k}\n` + cols.map((c) => `    ${c}: ocpagg ${JSON.stringify(r[c])} duckdb ${JSON.stringify(list[0][c])}`).join('\n'));
    }
    list.splice(idx, 1);
    if (list.length === 0) byKey.delete(k);
  }
  for (const [k, list] of byKey) for (const d of list) report(`only in duckdb: ${k}\n    ${JSON.stringify(d)}`);

  console.log(`rows: ocpagg ${ocpRows}, duckdb ${duckRows}; ` +
    Object.entries(counts).map(([kind, [a, b]]) => `${kind} ${a}/${b}`).join(', ') +
    `; ${columns.length} columns compared (numbers: relative ${REL} or absolute ${ABS})`);
  if (diffCount === 0) {
    console.log('outputs agree');
    return 0;
  }
  if (columnDiffs.size) console.log('differing columns (row count): ' + [...columnDiffs].map(([c, n]) => `${c} ${n}`).join(', '));
  console.log(`${diffCount} difference(s); first ${diffs.length}:`);
  for (const d of diffs) console.log('  ' + d);
  return 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`compare: ${error.message}`);
  process.exit(2);
});
