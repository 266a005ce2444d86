// Koku's Trino daily-summary SQL (koku/masu/database/trino_sql/openshift/
// reporting_ocpusagelineitem_daily_summary.sql at Koku 768be825, "TSQL" below) plus the node-role
// pre-step (koku/koku/reportdb_accessor_trino.py:171-199, ocp_report_db_accessor.py:1719-1752),
// translated by hand into one DuckDB query over the Koku-layout Parquet files that
// `ocpagg generate` writes. This is an independent translation used as the comparison peer of
// bench/summary/run.sh; it does not share code with src/ocp/summary.cc.
//
//   node bench/summary/koku_summary.mjs --input DIR --month YYYY-MM [--config FILE]   # prints the SQL
//
// buildSummarySql({input, month, config}) returns the SQL; its result has one row per summary row
// with the columns of the final table that the SQL sets (uuid excluded), numbers as DOUBLE, label
// columns as JSON text (keys sorted; compare them as JSON objects).
//
// Trino semantics kept on purpose where DuckDB differs (spec §2.5, Trino column):
//  - K = ['vm_kubevirt_io_name'] || enabled keys, NULL when no key is enabled (array || NULL);
//    list_contains(NULL, k) is NULL, so every filtered map is {} then, as in Trino.
//  - json_parse(NULL) -> NULL and map_concat(..., NULL) -> NULL (DuckDB's map_concat skips NULL
//    maps: handled with CASE); a NULL node/namespace label map is coalesced to {} (TSQL:287-289).
//  - maps are grouped and compared as maps (Trino map equality ignores entry order; DuckDB's
//    does not): every merged map is sorted by key before grouping.
//  - greatest(a, NULL) is NULL in Trino (DuckDB ignores NULLs): CASE.
//  - LIKE has no escape character in either engine (checked: DuckDB 'a\xb' LIKE 'a\_b').
//  - sum/max/count as in Trino; `/ 3600.0` is DOUBLE / DECIMAL -> DOUBLE in both.
// Shapes rewritten for speed without changing results:
//  - the node-role query joins pod rows to node-label rows on node only and then takes max /
//    "any" aggregates; here each side is aggregated first and the two are inner-joined on node
//    (max and any over a cross product equal the per-side aggregates when both sides are
//    non-empty, and the inner join keeps exactly the nodes that have label rows).

import fs from 'node:fs';
import path from 'node:path';

// Minimal reader of the ocpagg.yaml that `ocpagg generate` writes (docs/config.md): flat
// `key: value` lines, `enabled_tag_keys: [a, b]`, and lists of `- {k: v, k: "v"}` items.
export function readConfig(file) {
  const text = fs.readFileSync(file, 'utf8');
  const config = { enabled_tag_keys: [], cost_categories: [], node_roles: [], tag_mappings: [] };
  let list = null;
  const scalar = (s) => {
    s = s.trim();
    if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s);
    if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
    if (s === 'null' || s === '~' || s === '') return null;
    return s;
  };
  const splitTop = (s) => {
    // split "a, "b, c", d" on commas outside double quotes
    const out = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '"' && s[i - 1] !== '\\') q = !q;
      if (c === ',' && !q) { out.push(cur); cur = ''; } else cur += c;
    }
    if (cur.trim() !== '') out.push(cur);
    return out;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = line.match(/^\s+-\s*\{(.*)\}\s*$/);
    if (item && list) {
      const obj = {};
      for (const part of splitTop(item[1])) {
        const i = part.indexOf(':');
        obj[part.slice(0, i).trim()] = scalar(part.slice(i + 1));
      }
      config[list].push(obj);
      continue;
    }
    if (/^\s+\[\]\s*$/.test(line)) continue;
    const kv = line.match(/^([A-Za-z_]+):\s*(.*)$/);
    if (!kv) throw new Error(`${file}: cannot read line: ${raw}`);
    const [, key, value] = kv;
    if (value.trim() === '' || value.trim() === '[]') {
      list = key;
      if (!config[key]) config[key] = [];
      continue;
    }
    list = null;
    if (value.trim().startsWith('[')) {
      const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
      config[key] = splitTop(inner).map(scalar).filter((v) => v !== null);
    } else {
      config[key] = scalar(value);
    }
  }
  return config;
}

const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);

export function buildSummarySql({ input, month, config, columns }) {
  const m = month.match(/^(\d{4})-(\d{2})$/);
  if (!m) throw new Error(`--month must be YYYY-MM, got ${month}`);
  const [year, mm] = [m[1], m[2]];
  if ((config.node_roles || []).length || (config.tag_mappings || []).length) {
    throw new Error('node_roles / tag_mappings in the config are not translated (fresh Koku database only)');
  }
  const start = `${year}-${mm}-01`;
  const next = new Date(Date.UTC(+year, +mm, 1)).toISOString().slice(0, 10); // end + 1 day
  const account = config.account || 'org1234567';
  const part = `source=${config.source}/year=${year}/month=${mm}`;
  const hourly = (t) => path.join(input, 'data/parquet', account, 'OCP', t, part, '*.parquet');
  const daily = (t) => path.join(input, 'data/parquet/daily', account, 'OCP', t, part, '*.parquet');
  const rp = (glob) => `read_parquet(${q(glob)}, hive_partitioning = false)`;
  const range = (alias) =>
    `${alias}.interval_start >= TIMESTAMP '${start}' AND ${alias}.interval_start < TIMESTAMP '${next}'`;
  // Optional columns (spec §1.3: new_required_columns) read as NULL when a file set lacks them.
  const col = (table, name, alias, type) =>
    columns && columns[table] && !columns[table].has(name) ? `CAST(NULL AS ${type})` : `${alias}.${name}`;

  const keys = config.enabled_tag_keys || [];
  // TSQL:95-100: array['vm_kubevirt_io_name'] || array_agg(key ORDER BY key); NULL when none.
  const K = keys.length
    ? `['vm_kubevirt_io_name', ${[...keys].sort().map(q).join(', ')}]::VARCHAR[]`
    : 'CAST(NULL AS VARCHAR[])';
  const cats = config.cost_categories || [];
  const catsSql = cats.length
    ? `SELECT * FROM (VALUES ${cats.map((c) => `(${Number(c.id)}, ${q(c.namespace)})`).join(', ')}) AS t(cost_category_id, namespace)`
    : 'SELECT CAST(NULL AS INTEGER) AS cost_category_id, CAST(NULL AS VARCHAR) AS namespace WHERE false';
  const storageExists = columns ? columns.storage_exists !== false : true;

  // filter(parse(text), K) as a MAP(VARCHAR, VARCHAR); NULL text -> NULL map (Trino json_parse).
  const kf = (text) =>
    `map_from_entries(list_filter(map_entries(CAST(CAST(${text} AS JSON) AS MAP(VARCHAR, VARCHAR))), e -> list_contains(${K}, e.key)))`;
  // entries sorted by key: one value per map whatever the entry order (Trino map equality).
  const canon = (mapExpr) => `map_from_entries(list_sort(map_entries(${mapExpr})))`;
  const empty = 'MAP {}::MAP(VARCHAR, VARCHAR)';
  const gb = 'power(2, -30)';
  // Trino greatest(a, b): NULL when either is NULL.
  const greatest = (a, b) => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL ELSE greatest(${a}, ${b}) END`;

  const podCols = `li.interval_start, li.pod, li.namespace, li.node, li.resource_id,
      li.pod_usage_cpu_core_seconds, li.pod_request_cpu_core_seconds, li.pod_limit_cpu_core_seconds,
      li.pod_usage_memory_byte_seconds, li.pod_request_memory_byte_seconds, li.pod_limit_memory_byte_seconds,
      li.node_capacity_cpu_cores, li.node_capacity_memory_bytes, li.pod_labels,
      ${col('pod', 'node_role', 'li', 'VARCHAR')} AS node_role,
      ${col('pod', 'pod_effective_usage_cpu_core_seconds', 'li', 'DOUBLE')} AS pod_effective_usage_cpu_core_seconds,
      ${col('pod', 'pod_effective_usage_memory_byte_seconds', 'li', 'DOUBLE')} AS pod_effective_usage_memory_byte_seconds`;

  const storageCtes = storageExists
    ? `,
-- TSQL:175-204: which node a PVC's pod ran on (storage in range JOIN pod daily of the month)
cte_volume_nodes AS (
    SELECT DISTINCT CAST(sli.interval_start AS DATE) AS usage_start,
        sli.persistentvolumeclaim, sli.persistentvolume, sli.pod, sli.namespace,
        uli.node, uli.resource_id
    FROM storage_daily AS sli
    JOIN pod_daily_month AS uli
        ON uli.namespace = sli.namespace
        AND uli.pod = sli.pod
        AND CAST(uli.interval_start AS DATE) = CAST(sli.interval_start AS DATE)
),
-- TSQL:205-212
cte_shared_volume_node_count AS (
    SELECT usage_start, persistentvolume, count(DISTINCT node) AS node_count
    FROM cte_volume_nodes
    GROUP BY usage_start, persistentvolume
),
-- TSQL:384-446
storage_rows AS (
    SELECT sli.namespace,
        vn.node,
        vn.resource_id,
        sli.persistentvolumeclaim,
        sli.persistentvolume,
        sli.storageclass,
        CAST(sli.interval_start AS DATE) AS usage_start,
        ${canon(`CASE WHEN sli.persistentvolume_labels IS NULL OR sli.persistentvolumeclaim_labels IS NULL THEN NULL
            ELSE map_concat(coalesce(nli.node_labels, ${empty}), coalesce(nsli.namespace_labels, ${empty}),
                            ${kf('sli.persistentvolume_labels')}, ${kf('sli.persistentvolumeclaim_labels')}) END`)} AS volume_labels,
        sli.csi_volume_handle,
        max(cat_ns.cost_category_id) AS cost_category_id,
        max(sli.persistentvolumeclaim_capacity_bytes) AS persistentvolumeclaim_capacity_bytes,
        sum(sli.persistentvolumeclaim_capacity_byte_seconds) AS persistentvolumeclaim_capacity_byte_seconds,
        sum(sli.volume_request_storage_byte_seconds) / max(nc.node_count) AS volume_request_storage_byte_seconds,
        sum(sli.persistentvolumeclaim_usage_byte_seconds) / max(nc.node_count) AS persistentvolumeclaim_usage_byte_seconds
    FROM storage_daily AS sli
    LEFT JOIN cte_volume_nodes AS vn
        ON vn.usage_start = CAST(sli.interval_start AS DATE)
        AND vn.persistentvolumeclaim = sli.persistentvolumeclaim
        AND vn.pod = sli.pod
        AND vn.namespace = sli.namespace
    LEFT JOIN cte_shared_volume_node_count AS nc
        ON nc.usage_start = CAST(sli.interval_start AS DATE)
        AND nc.persistentvolume = sli.persistentvolume
    LEFT JOIN cte_ocp_node_label_line_item_daily AS nli
        ON nli.node = vn.node AND nli.usage_start = vn.usage_start
    LEFT JOIN cte_ocp_namespace_label_line_item_daily AS nsli
        ON nsli.namespace = sli.namespace AND nsli.usage_start = CAST(sli.interval_start AS DATE)
    LEFT JOIN cost_category_namespace AS cat_ns
        ON sli.namespace LIKE cat_ns.namespace
    GROUP BY ALL
)`
    : '';

  const storageSelect = storageExists
    ? `
UNION ALL
SELECT 'Storage' AS data_source, usage_start, usage_start AS usage_end, namespace, node, resource_id,
    NULL AS pod_labels,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL,
    persistentvolumeclaim, persistentvolume, storageclass,
    to_json(volume_labels)::VARCHAR AS volume_labels,
    persistentvolumeclaim_capacity_bytes * ${gb},
    persistentvolumeclaim_capacity_byte_seconds / (86400 * day(last_day(usage_start))) * ${gb},
    volume_request_storage_byte_seconds / (86400 * day(last_day(usage_start))) * ${gb},
    persistentvolumeclaim_usage_byte_seconds / (86400 * day(last_day(usage_start))) * ${gb},
    '{"cpu": 0.0, "memory": 0.0, "storage": 0.0}' AS infrastructure_usage_cost,
    cost_category_id,
    -- TSQL:648-651: map_concat(coalesce(pod_labels, '{}'), coalesce(volume_labels, '{}'))
    coalesce(to_json(volume_labels)::VARCHAR, '{}') AS all_labels
FROM storage_rows`
    : '';

  return `-- generated by bench/summary/koku_summary.mjs for source ${config.source}, ${month}
WITH
cost_category_namespace AS (${catsSql}),
pod_hourly AS (
    SELECT li.interval_start, li.node, li.node_capacity_cpu_core_seconds, li.node_capacity_memory_byte_seconds
    FROM ${rp(hourly('pod_usage'))} AS li
    WHERE ${range('li')}
),
pod_daily_month AS (
    SELECT ${podCols}
    FROM ${rp(daily('pod_usage'))} AS li
),
pod_daily AS (
    SELECT * FROM pod_daily_month AS li WHERE ${range('li')}
),
${storageExists ? `storage_daily AS (
    SELECT sli.interval_start, sli.namespace, sli.pod, sli.persistentvolumeclaim, sli.persistentvolume,
        sli.storageclass, ${col('storage', 'csi_volume_handle', 'sli', 'VARCHAR')} AS csi_volume_handle,
        sli.persistentvolumeclaim_capacity_bytes, sli.persistentvolumeclaim_capacity_byte_seconds,
        sli.volume_request_storage_byte_seconds, sli.persistentvolumeclaim_usage_byte_seconds,
        sli.persistentvolume_labels, sli.persistentvolumeclaim_labels
    FROM ${rp(daily('storage_usage'))} AS sli
    WHERE ${range('sli')}
),` : ''}
node_labels_daily AS (
    SELECT nli.interval_start, nli.node, nli.node_labels
    FROM ${rp(daily('node_labels'))} AS nli
    WHERE ${range('nli')}
),
-- TSQL:101-120: distinct (day, node, filtered labels)
cte_ocp_node_label_line_item_daily AS (
    SELECT DISTINCT CAST(nli.interval_start AS DATE) AS usage_start, nli.node,
        ${canon(kf('nli.node_labels'))} AS node_labels
    FROM node_labels_daily AS nli
),
-- TSQL:122-141
cte_ocp_namespace_label_line_item_daily AS (
    SELECT DISTINCT CAST(nli.interval_start AS DATE) AS usage_start, nli.namespace,
        ${canon(kf('nli.namespace_labels'))} AS namespace_labels
    FROM ${rp(daily('namespace_labels'))} AS nli
    WHERE ${range('nli')}
),
-- TSQL:143-164: per hour and node the max capacity, summed over the day's hours
cte_ocp_node_capacity AS (
    SELECT CAST(nc.interval_start AS DATE) AS usage_start, nc.node,
        sum(nc.node_capacity_cpu_core_seconds) AS node_capacity_cpu_core_seconds,
        sum(nc.node_capacity_memory_byte_seconds) AS node_capacity_memory_byte_seconds
    FROM (
        SELECT li.interval_start, li.node,
            max(li.node_capacity_cpu_core_seconds) AS node_capacity_cpu_core_seconds,
            max(li.node_capacity_memory_byte_seconds) AS node_capacity_memory_byte_seconds
        FROM pod_hourly AS li
        GROUP BY li.interval_start, li.node
    ) AS nc
    GROUP BY CAST(nc.interval_start AS DATE), nc.node
),
-- TSQL:165-171
cte_ocp_cluster_capacity AS (
    SELECT nc.usage_start,
        sum(nc.node_capacity_cpu_core_seconds) AS cluster_capacity_cpu_core_seconds,
        sum(nc.node_capacity_memory_byte_seconds) AS cluster_capacity_memory_byte_seconds
    FROM cte_ocp_node_capacity AS nc
    GROUP BY nc.usage_start
),
-- TSQL:260-316: Pod rows, before the /3600 etc. (kept as the "intermediate" doubles)
pod_rows AS (
    SELECT CAST(li.interval_start AS DATE) AS usage_start,
        li.namespace,
        li.node,
        max(cat_ns.cost_category_id) AS cost_category_id,
        ${canon(`CASE WHEN li.pod_labels IS NULL THEN NULL
            ELSE map_concat(coalesce(nli.node_labels, ${empty}), coalesce(nsli.namespace_labels, ${empty}),
                            ${kf('li.pod_labels')}) END`)} AS pod_labels,
        max(li.resource_id) AS resource_id,
        sum(li.pod_usage_cpu_core_seconds) / 3600.0 AS pod_usage_cpu_core_hours,
        sum(li.pod_request_cpu_core_seconds) / 3600.0 AS pod_request_cpu_core_hours,
        sum(coalesce(li.pod_effective_usage_cpu_core_seconds,
            ${greatest('li.pod_usage_cpu_core_seconds', 'li.pod_request_cpu_core_seconds')})) / 3600.0 AS pod_effective_usage_cpu_core_hours,
        sum(li.pod_limit_cpu_core_seconds) / 3600.0 AS pod_limit_cpu_core_hours,
        sum(li.pod_usage_memory_byte_seconds) / 3600.0 * ${gb} AS pod_usage_memory_gigabyte_hours,
        sum(li.pod_request_memory_byte_seconds) / 3600.0 * ${gb} AS pod_request_memory_gigabyte_hours,
        sum(coalesce(li.pod_effective_usage_memory_byte_seconds,
            ${greatest('li.pod_usage_memory_byte_seconds', 'li.pod_request_memory_byte_seconds')})) / 3600.0 * ${gb} AS pod_effective_usage_memory_gigabyte_hours,
        sum(li.pod_limit_memory_byte_seconds) / 3600.0 * ${gb} AS pod_limit_memory_gigabyte_hours,
        max(li.node_capacity_cpu_cores) AS node_capacity_cpu_cores,
        max(nc.node_capacity_cpu_core_seconds) / 3600.0 AS node_capacity_cpu_core_hours,
        max(li.node_capacity_memory_bytes) * ${gb} AS node_capacity_memory_gigabytes,
        max(nc.node_capacity_memory_byte_seconds) / 3600.0 * ${gb} AS node_capacity_memory_gigabyte_hours,
        max(cc.cluster_capacity_cpu_core_seconds) / 3600.0 AS cluster_capacity_cpu_core_hours,
        max(cc.cluster_capacity_memory_byte_seconds) / 3600.0 * ${gb} AS cluster_capacity_memory_gigabyte_hours
    FROM pod_daily AS li
    LEFT JOIN cte_ocp_node_label_line_item_daily AS nli
        ON nli.node = li.node AND nli.usage_start = CAST(li.interval_start AS DATE)
    LEFT JOIN cte_ocp_namespace_label_line_item_daily AS nsli
        ON nsli.namespace = li.namespace AND nsli.usage_start = CAST(li.interval_start AS DATE)
    LEFT JOIN cte_ocp_node_capacity AS nc
        ON nc.usage_start = CAST(li.interval_start AS DATE) AND nc.node = li.node
    LEFT JOIN cte_ocp_cluster_capacity AS cc
        ON cc.usage_start = CAST(li.interval_start AS DATE)
    LEFT JOIN cost_category_namespace AS cat_ns
        ON li.namespace LIKE cat_ns.namespace
    WHERE li.node != ''
    GROUP BY CAST(li.interval_start AS DATE), li.namespace, li.node, 5
)${storageCtes},
-- Node roles (reportdb_accessor_trino.py:171-199): pod daily rows in range of nodes that have
-- node-label rows in range; coalesce(max(node_role), apiserver -> master, infra text -> infra,
-- worker). A fresh database: every (node, resource_id) of the query becomes a reporting_ocp_nodes
-- row, and cte_node_role (TSQL:491-498) is max(role) per (node, resource_id).
node_role_pods AS (
    SELECT ocp.node, ocp.resource_id,
        max(ocp.node_role) AS max_role,
        bool_or(ocp.namespace = 'openshift-kube-apiserver') AS has_apiserver
    FROM pod_daily AS ocp
    GROUP BY ocp.node, ocp.resource_id
),
node_role_labels AS (
    SELECT nl.node,
        bool_or(nl.node_labels LIKE '%"node_role_kubernetes_io": "infra"%') AS has_infra
    FROM node_labels_daily AS nl
    GROUP BY nl.node
),
cte_node_role AS (
    SELECT p.node, p.resource_id,
        coalesce(p.max_role, CASE WHEN p.has_apiserver THEN 'master'
                                  WHEN l.has_infra THEN 'infra'
                                  ELSE 'worker' END) AS node_role
    FROM node_role_pods AS p
    JOIN node_role_labels AS l ON p.node = l.node
),
-- TSQL:499-545
cte_unallocated_capacity AS (
    SELECT max(lids.usage_start) AS usage_start,
        CASE max(nodes.node_role)
            WHEN 'master' THEN 'Platform unallocated'
            WHEN 'infra' THEN 'Platform unallocated'
            WHEN 'worker' THEN 'Worker unallocated'
        END AS namespace,
        lids.node,
        max(lids.resource_id) AS resource_id,
        max(lids.node_capacity_cpu_core_hours) - sum(lids.pod_usage_cpu_core_hours) AS pod_usage_cpu_core_hours,
        max(lids.node_capacity_cpu_core_hours) - sum(lids.pod_request_cpu_core_hours) AS pod_request_cpu_core_hours,
        max(lids.node_capacity_cpu_core_hours) - sum(lids.pod_effective_usage_cpu_core_hours) AS pod_effective_usage_cpu_core_hours,
        max(lids.node_capacity_memory_gigabyte_hours) - sum(lids.pod_usage_memory_gigabyte_hours) AS pod_usage_memory_gigabyte_hours,
        max(lids.node_capacity_memory_gigabyte_hours) - sum(lids.pod_request_memory_gigabyte_hours) AS pod_request_memory_gigabyte_hours,
        max(lids.node_capacity_memory_gigabyte_hours) - sum(lids.pod_effective_usage_memory_gigabyte_hours) AS pod_effective_usage_memory_gigabyte_hours,
        max(lids.node_capacity_cpu_cores) AS node_capacity_cpu_cores,
        max(lids.node_capacity_cpu_core_hours) AS node_capacity_cpu_core_hours,
        max(lids.node_capacity_memory_gigabytes) AS node_capacity_memory_gigabytes,
        max(lids.node_capacity_memory_gigabyte_hours) AS node_capacity_memory_gigabyte_hours,
        max(lids.cluster_capacity_cpu_core_hours) AS cluster_capacity_cpu_core_hours,
        max(lids.cluster_capacity_memory_gigabyte_hours) AS cluster_capacity_memory_gigabyte_hours
    FROM pod_rows AS lids
    LEFT JOIN cte_node_role AS nodes
        ON lids.node = nodes.node AND lids.resource_id = nodes.resource_id
    WHERE lids.namespace != 'Platform unallocated'
        AND lids.namespace != 'Worker unallocated'
        AND lids.namespace != 'Network unattributed'
        AND lids.namespace != 'Storage unattributed'
        AND lids.node IS NOT NULL
    GROUP BY lids.node, lids.usage_start
)
SELECT 'Pod' AS data_source, usage_start, usage_start AS usage_end, namespace, node, resource_id,
    to_json(pod_labels)::VARCHAR AS pod_labels,
    pod_usage_cpu_core_hours, pod_request_cpu_core_hours, pod_effective_usage_cpu_core_hours, pod_limit_cpu_core_hours,
    pod_usage_memory_gigabyte_hours, pod_request_memory_gigabyte_hours, pod_effective_usage_memory_gigabyte_hours,
    pod_limit_memory_gigabyte_hours,
    node_capacity_cpu_cores, node_capacity_cpu_core_hours, node_capacity_memory_gigabytes,
    node_capacity_memory_gigabyte_hours, cluster_capacity_cpu_core_hours, cluster_capacity_memory_gigabyte_hours,
    NULL AS persistentvolumeclaim, NULL AS persistentvolume, NULL AS storageclass, NULL AS volume_labels,
    NULL AS persistentvolumeclaim_capacity_gigabyte, NULL AS persistentvolumeclaim_capacity_gigabyte_months,
    NULL AS volume_request_storage_gigabyte_months, NULL AS persistentvolumeclaim_usage_gigabyte_months,
    '{"cpu": 0.0, "memory": 0.0, "storage": 0.0}' AS infrastructure_usage_cost,
    cost_category_id,
    coalesce(to_json(pod_labels)::VARCHAR, '{}') AS all_labels
FROM pod_rows${storageSelect}
UNION ALL
-- TSQL:547-581: one row per matching cost-category pattern (not aggregated)
SELECT 'Pod', uc.usage_start, uc.usage_start, uc.namespace, uc.node, uc.resource_id,
    NULL,
    uc.pod_usage_cpu_core_hours, uc.pod_request_cpu_core_hours, uc.pod_effective_usage_cpu_core_hours, NULL,
    uc.pod_usage_memory_gigabyte_hours, uc.pod_request_memory_gigabyte_hours,
    uc.pod_effective_usage_memory_gigabyte_hours, NULL,
    uc.node_capacity_cpu_cores, uc.node_capacity_cpu_core_hours, uc.node_capacity_memory_gigabytes,
    uc.node_capacity_memory_gigabyte_hours, uc.cluster_capacity_cpu_core_hours, uc.cluster_capacity_memory_gigabyte_hours,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL,
    cat_ns.cost_category_id,
    '{}'
FROM cte_unallocated_capacity AS uc
LEFT JOIN cost_category_namespace AS cat_ns
    ON uc.namespace LIKE cat_ns.namespace
`;
}

// The daily file sets' locations (for DESCRIBE / existence checks by the caller).
export function inputGlobs(input, month, config) {
  const m = month.match(/^(\d{4})-(\d{2})$/);
  const part = `source=${config.source}/year=${m[1]}/month=${m[2]}`;
  const account = config.account || 'org1234567';
  const dir = (t, daily) => path.join(input, 'data/parquet', ...(daily ? ['daily'] : []), account, 'OCP', t, part);
  const has = (t, daily = true) =>
    fs.existsSync(dir(t, daily)) && fs.readdirSync(dir(t, daily)).some((f) => f.endsWith('.parquet'));
  return { dir, has, glob: (t, daily = true) => path.join(dir(t, daily), '*.parquet') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const input = get('--input');
  const month = get('--month');
  if (!input || !month) {
    console.error('usage: node bench/summary/koku_summary.mjs --input DIR --month YYYY-MM [--config FILE]');
    process.exit(2);
  }
  const config = readConfig(get('--config') || path.join(input, 'ocpagg.yaml'));
  process.stdout.write(buildSummarySql({ input, month, config }));
}
