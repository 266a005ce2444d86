// Writes a Parquet file shaped like Koku's hourly OpenShift pod usage files (what Koku writes with
// pandas/pyarrow), for the scan benchmark (bench/run_scan.sh).
//
//   node tools/node/make_pod_usage.mjs OUT.parquet ROWS
//
// One month (March 2024, 744 hours); rows are in interval order, ROWS / 744 pods per hour. ~20k
// distinct pods over the month (pods churn every 5 days), 200 namespaces, 50 nodes (3 masters,
// 3 infra, 44 workers), a few hundred distinct pod_labels. Every value is arithmetic on the row
// number, so the file is the same on every run. About 10% of pods have no limits (null
// pod_limit_*). Strings are low-cardinality, so DuckDB dictionary-encodes them; written with
// SNAPPY and DuckDB's default row group size.

import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [out, rowsArg] = process.argv.slice(2);
if (!out || !rowsArg || !/^\d+$/.test(rowsArg)) {
  console.error('usage: node tools/node/make_pod_usage.mjs OUT.parquet ROWS');
  process.exit(2);
}
const rows = BigInt(rowsArg);
const hours = 744n;  // March: 31 days
const perHour = rows / hours + (rows % hours === 0n ? 0n : 1n);

// h: hour of the month, j: slot within the hour, p: pod id (pods churn every 120 hours),
// n: node of the pod, k: a slowly varying load factor in [0, 1) per pod and hour.
const sql = `
COPY (
  WITH base AS (
    SELECT i, i // ${perHour} AS h, i % ${perHour} AS j
    FROM range(${rows}) t(i)
  ), pods AS (
    SELECT i, h, j + (h // 120) * 1200 AS p FROM base
  ), ext AS (
    SELECT i, h, p,
           (p * 7919) % 50 AS n,
           p % 200 AS ns,
           ((p * 2654435761 + (h // 6) * 40503) % 1000003)::DOUBLE / 1000003 AS k,
           0.5 + 0.5 * sin(h * 0.2618 + p) AS diurnal,
           (p % 10) = 3 AS no_limits
    FROM pods
  ), nodes AS (
    SELECT *,
           (CASE WHEN n < 3 THEN 4 WHEN n < 6 THEN 8 ELSE 16 END)::DOUBLE AS node_cores,
           (CASE WHEN n < 3 THEN 16 WHEN n < 6 THEN 32 ELSE 64 END * 1073741824::DOUBLE)
             AS node_mem,
           (0.05 + (p % 16) * 0.125)::DOUBLE AS req_cores,
           ((128 + (p % 32) * 64) * 1048576::DOUBLE) AS req_mem
    FROM ext
  )
  SELECT
    TIMESTAMP_MS '2024-03-01 00:00:00' AS report_period_start,
    TIMESTAMP_MS '2024-04-01 00:00:00' AS report_period_end,
    (TIMESTAMP '2024-03-01 00:00:00' + to_hours(h))::TIMESTAMP_MS AS interval_start,
    (TIMESTAMP '2024-03-01 00:59:59' + to_hours(h))::TIMESTAMP_MS AS interval_end,
    CASE ns % 5
      WHEN 0 THEN 'openshift-'
                  || ['monitoring', 'logging', 'ingress', 'dns', 'sdn', 'image-registry', 'console',
                      'etcd', 'kube-apiserver', 'operators'][ns // 5 % 10 + 1]
                  || '-' || ns
      ELSE 'project-' || lpad(ns::VARCHAR, 3, '0')
    END AS namespace,
    'ip-10-0-' || (128 + n) || '-' || (17 + n * 3) || '.ec2.internal' AS node,
    'app-' || (p % 400) || '-' || printf('%08x', (p * 2246822519) % 4294967291) || '-'
      || printf('%05x', p % 1048573) AS pod,
    '{"app": "a' || (p % 400) || '", "env": "' || ['prod', 'stage', 'dev'][p % 400 % 3 + 1]
      || '", "team": "t' || (p % 400 % 7) || '"}' AS pod_labels,
    'i-0' || printf('%016x', (n * 2654435761 + 97531) * 40503 % 72057594037927931) AS resource_id,
    CASE WHEN n < 3 THEN 'master' WHEN n < 6 THEN 'infra' ELSE 'worker' END AS node_role,
    round(3600 * req_cores * (0.2 + 1.5 * k * diurnal), 6) AS pod_usage_cpu_core_seconds,
    3600 * req_cores AS pod_request_cpu_core_seconds,
    CASE WHEN no_limits THEN NULL ELSE 3600 * req_cores * 2 END AS pod_limit_cpu_core_seconds,
    round(3600 * req_mem * (0.3 + 1.2 * k * (0.8 + 0.2 * diurnal)))
      AS pod_usage_memory_byte_seconds,
    3600 * req_mem AS pod_request_memory_byte_seconds,
    CASE WHEN no_limits THEN NULL ELSE 3600 * req_mem * 2 END AS pod_limit_memory_byte_seconds,
    greatest(round(3600 * req_cores * (0.2 + 1.5 * k * diurnal), 6), 3600 * req_cores)
      AS pod_effective_usage_cpu_core_seconds,
    greatest(round(3600 * req_mem * (0.3 + 1.2 * k * (0.8 + 0.2 * diurnal))), 3600 * req_mem)
      AS pod_effective_usage_memory_byte_seconds,
    node_cores AS node_capacity_cpu_cores,
    3600 * node_cores AS node_capacity_cpu_core_seconds,
    node_mem AS node_capacity_memory_bytes,
    3600 * node_mem AS node_capacity_memory_byte_seconds
  FROM nodes
  ORDER BY i
) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION snappy)`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const t0 = performance.now();
await connection.run(sql);
const ms = performance.now() - t0;
const bytes = statSync(out).size;
console.log(`wrote ${out}: ${rows} rows, ${bytes} bytes (${(bytes / 1048576).toFixed(1)} MiB) ` +
            `in ${(ms / 1000).toFixed(1)} s`);
connection.closeSync();
