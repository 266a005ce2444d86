#include "pg/schema.h"

#include <fmt/format.h>

#include "common/date.h"
#include "ocp/summary_row.h"

namespace ocpagg::pg {
namespace {

// Column types of the summary table (K:koku/reporting/provider/ocp/models.py:142-211).
std::string SummaryColumnType(const ocp::TableColumn& column) {
  const std::string_view name = column.name;
  switch (column.type) {
    case ocp::ColumnType::kUuid:
      return "uuid";
    case ocp::ColumnType::kInteger:
      return "integer";
    case ocp::ColumnType::kText:
      return "text";
    case ocp::ColumnType::kDate:
      return "date";
    case ocp::ColumnType::kJsonb:
      return "jsonb";
    case ocp::ColumnType::kNumeric:
      return "numeric(33,15)";
    case ocp::ColumnType::kVarchar:
      if (name == "cluster_id") return "varchar(50)";
      if (name == "cluster_alias") return "varchar(256)";
      if (name == "data_source") return "varchar(64)";
      return "varchar(253)";  // Kubernetes names
  }
  return "text";
}

std::string SummaryTableDdl(std::string_view schema) {
  const std::string t = Qualified(schema, kSummaryTable);
  std::string sql = fmt::format("CREATE TABLE {} (\n", t);
  for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
    const auto& column = ocp::kSummaryColumns[c];
    const bool not_null =
        column.name == "uuid" || column.name == "usage_start" || column.name == "usage_end";
    sql +=
        fmt::format("  {} {} {}{}\n", QuoteIdent(column.name), SummaryColumnType(column),
                    not_null ? "NOT NULL" : "NULL", c + 1 < ocp::kSummaryColumns.size() ? "," : "");
  }
  // Koku's partitioned DDL (K:koku/koku/database.py:397-457): the primary key moves to
  // (partition column, pk) and a DEFAULT partition is added.
  sql += ") PARTITION BY RANGE (\"usage_start\");\n";
  const std::string table(kSummaryTable);
  sql += fmt::format("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY (\"usage_start\", \"uuid\");\n",
                     t, QuoteIdent(table + "_pk"));
  sql += fmt::format("CREATE TABLE {} PARTITION OF {} DEFAULT;\n",
                     Qualified(schema, table + "_default"), t);
  sql += fmt::format(
      "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY (\"report_period_id\") REFERENCES {} (\"id\") "
      "DEFERRABLE INITIALLY DEFERRED;\n",
      t, QuoteIdent(table + "_report_period_id_fk"),
      Qualified(schema, "reporting_ocpusagereportperiod"));
  sql += fmt::format(
      "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY (\"cost_category_id\") REFERENCES {} (\"id\") "
      "DEFERRABLE INITIALLY DEFERRED;\n",
      t, QuoteIdent(table + "_cost_category_id_fk"),
      Qualified(schema, "reporting_ocp_cost_category"));
  // Koku's indexes (models.py:130-140; 0300_squash.py:6692-6721; 0308) and Django's FK indexes.
  struct Index {
    std::string_view name, method, expr;
  };
  static constexpr Index kIndexes[] = {
      {"summary_ocp_usage_idx", "btree", "\"usage_start\""},
      {"summary_namespace_idx", "btree", "\"namespace\" varchar_pattern_ops"},
      {"summary_node_idx", "btree", "\"node\" varchar_pattern_ops"},
      {"summary_data_source_idx", "btree", "\"data_source\""},
      {"monthly_cost_type_idx", "btree", "\"monthly_cost_type\""},
      {"cost_model_rate_type_idx", "btree", "\"cost_model_rate_type\""},
      {"all_labels_idx", "gin", "\"all_labels\""},
      {"pod_labels_idx", "gin", "\"pod_labels\""},
      {"volume_labels_idx", "gin", "\"volume_labels\""},
      {"reporting_ocpusagelineitem_daily_summary_report_period_id_idx", "btree",
       "\"report_period_id\""},
      {"reporting_ocpusagelineitem_daily_summary_cost_category_id_idx", "btree",
       "\"cost_category_id\""},
  };
  for (const Index& index : kIndexes) {
    sql += fmt::format("CREATE INDEX {} ON {} USING {} ({});\n", QuoteIdent(index.name), t,
                       index.method, index.expr);
  }
  return sql;
}

std::string MonthName(int32_t year, uint32_t month) {
  return fmt::format("{:04d}_{:02d}", year, month);
}

}  // namespace

Status ValidateSchemaName(std::string_view schema) {
  bool ok = !schema.empty() && schema.size() <= 63 &&
            ((schema[0] >= 'a' && schema[0] <= 'z') || schema[0] == '_');
  for (char c : schema) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!ok) {
    return Status::InvalidArgument(fmt::format(
        "schema '{}': expected a lowercase PostgreSQL name, ^[a-z_][a-z0-9_]{{0,62}}$ (such as "
        "Koku's org1234567)",
        schema));
  }
  return Status::OK();
}

std::string QuoteIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string Qualified(std::string_view schema, std::string_view table) {
  return QuoteIdent(schema) + "." + QuoteIdent(table);
}

std::vector<TableDdl> SchemaDdl(std::string_view schema) {
  const auto q = [&](std::string_view table) { return Qualified(schema, table); };
  std::vector<TableDdl> ddl;
  // K:koku/reporting/provider/models.py:11-22 (0300_squash.py:153). Koku's provider_id references
  // public.api_provider, outside the tenant schema; ocpagg keeps the column without that key.
  ddl.push_back({"reporting_tenant_api_provider",
                 fmt::format("CREATE TABLE {0} (\"uuid\" uuid NOT NULL PRIMARY KEY, \"name\" text "
                             "NOT NULL, \"type\" text NOT NULL, \"provider_id\" uuid NULL);\n"
                             "CREATE INDEX \"reporting_tenant_api_provider_provider_id_idx\" ON "
                             "{0} (\"provider_id\");\n",
                             q("reporting_tenant_api_provider"))});
  // K:koku/reporting/provider/ocp/models.py:70-90 (0300_squash.py:1692; unique_together).
  ddl.push_back(
      {"reporting_ocpusagereportperiod",
       fmt::format("CREATE TABLE {0} (\"id\" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS "
                   "IDENTITY, \"cluster_id\" varchar(50) NOT NULL, \"cluster_alias\" varchar(256) "
                   "NULL, \"report_period_start\" timestamp with time zone NOT NULL, "
                   "\"report_period_end\" timestamp with time zone NOT NULL, "
                   "\"ocp_on_cloud_updated_datetime\" timestamp with time zone NULL, "
                   "\"summary_data_creation_datetime\" timestamp with time zone NULL, "
                   "\"summary_data_updated_datetime\" timestamp with time zone NULL, "
                   "\"derived_cost_datetime\" timestamp with time zone NULL, \"provider_id\" uuid "
                   "NOT NULL, CONSTRAINT \"reporting_ocpusagereportperiod_unique\" UNIQUE "
                   "(\"cluster_id\", \"report_period_start\", \"provider_id\"), CONSTRAINT "
                   "\"reporting_ocpusagereportperiod_provider_id_fk\" FOREIGN KEY "
                   "(\"provider_id\") REFERENCES {1} (\"uuid\") DEFERRABLE INITIALLY DEFERRED);\n"
                   "CREATE INDEX \"reporting_ocpusagereportperiod_provider_id_idx\" ON {0} "
                   "(\"provider_id\");\n",
                   q("reporting_ocpusagereportperiod"), q("reporting_tenant_api_provider"))});
  // K:koku/reporting/provider/ocp/models.py (OCPCluster; 0300_squash.py:4464).
  ddl.push_back(
      {"reporting_ocp_clusters",
       fmt::format("CREATE TABLE {0} (\"uuid\" uuid NOT NULL PRIMARY KEY, \"cluster_id\" text NOT "
                   "NULL, \"cluster_alias\" text NULL, \"provider_id\" uuid NOT NULL, CONSTRAINT "
                   "\"reporting_ocp_clusters_unique\" UNIQUE (\"cluster_id\", \"cluster_alias\", "
                   "\"provider_id\"), CONSTRAINT \"reporting_ocp_clusters_provider_id_fk\" FOREIGN "
                   "KEY (\"provider_id\") REFERENCES {1} (\"uuid\") DEFERRABLE INITIALLY "
                   "DEFERRED);\n"
                   "CREATE INDEX \"reporting_ocp_clusters_provider_id_idx\" ON {0} "
                   "(\"provider_id\");\n",
                   q("reporting_ocp_clusters"), q("reporting_tenant_api_provider"))});
  // K:koku/reporting/provider/ocp/models.py:285-299 (OCPNode; 0300_squash.py:5371; 0338).
  ddl.push_back(
      {"reporting_ocp_nodes",
       fmt::format("CREATE TABLE {0} (\"uuid\" uuid NOT NULL PRIMARY KEY, \"node\" text NOT NULL, "
                   "\"resource_id\" text NULL, \"node_capacity_cpu_cores\" numeric(18,2) NULL, "
                   "\"node_role\" text NULL, \"cluster_id\" uuid NOT NULL, \"architecture\" text "
                   "NULL, CONSTRAINT \"reporting_ocp_nodes_cluster_id_fk\" FOREIGN KEY "
                   "(\"cluster_id\") REFERENCES {1} (\"uuid\") DEFERRABLE INITIALLY DEFERRED);\n"
                   "CREATE INDEX \"reporting_ocp_nodes_cluster_id_idx\" ON {0} (\"cluster_id\");\n",
                   q("reporting_ocp_nodes"), q("reporting_ocp_clusters"))});
  // K:koku/reporting/provider/all/models.py:8-24 (0302_unified_enabledtags.py).
  ddl.push_back(
      {"reporting_enabledtagkeys",
       fmt::format("CREATE TABLE {0} (\"uuid\" uuid NOT NULL PRIMARY KEY, \"key\" varchar(512) NOT "
                   "NULL, \"enabled\" boolean NOT NULL, \"provider_type\" varchar(50) NOT NULL, "
                   "CONSTRAINT \"reporting_enabledtagkeys_unique\" UNIQUE (\"key\", "
                   "\"provider_type\"));\n"
                   "CREATE INDEX \"tag_enabled_key_index\" ON {0} (\"key\", \"enabled\");\n"
                   "CREATE INDEX \"tag_provider_type_index\" ON {0} (\"provider_type\");\n",
                   q("reporting_enabledtagkeys"))});
  // K:koku/reporting/provider/all/models.py:27-40 (0317_tagmapping.py).
  ddl.push_back(
      {"reporting_tagmapping",
       fmt::format("CREATE TABLE {0} (\"id\" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS "
                   "IDENTITY, \"child_id\" uuid NOT NULL UNIQUE, \"parent_id\" uuid NOT NULL, "
                   "CONSTRAINT \"reporting_tagmapping_unique\" UNIQUE (\"parent_id\", "
                   "\"child_id\"), CONSTRAINT \"reporting_tagmapping_child_id_fk\" FOREIGN KEY "
                   "(\"child_id\") REFERENCES {1} (\"uuid\") DEFERRABLE INITIALLY DEFERRED, "
                   "CONSTRAINT \"reporting_tagmapping_parent_id_fk\" FOREIGN KEY (\"parent_id\") "
                   "REFERENCES {1} (\"uuid\") DEFERRABLE INITIALLY DEFERRED);\n"
                   "CREATE INDEX \"reporting_tagmapping_parent_id_idx\" ON {0} (\"parent_id\");\n",
                   q("reporting_tagmapping"), q("reporting_enabledtagkeys"))});
  // K:koku/reporting/provider/ocp/models.py:508-520 (0300_squash.py:175, add_platform_category
  // :123-133; the namespace column was removed in 0316).
  ddl.push_back(
      {"reporting_ocp_cost_category",
       fmt::format("CREATE TABLE {0} (\"id\" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS "
                   "IDENTITY, \"name\" text NOT NULL UNIQUE, \"description\" text NOT NULL, "
                   "\"source_type\" text NOT NULL, \"system_default\" boolean NOT NULL, \"label\" "
                   "text[] NOT NULL);\n"
                   "INSERT INTO {0} (\"name\", \"description\", \"source_type\", "
                   "\"system_default\", \"label\") VALUES ('Platform', 'Default OpenShift projects "
                   "bucketed into a Platform group', 'OCP', true, '{{}}');\n",
                   q("reporting_ocp_cost_category"))});
  // K:koku/reporting/provider/ocp/models.py:523-533; default patterns:
  // K:koku/reporting/migrations/0315_openshiftcostcategorynamespace.py:6-20.
  ddl.push_back(
      {"reporting_ocp_cost_category_namespace",
       fmt::format("CREATE TABLE {0} (\"id\" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS "
                   "IDENTITY, \"namespace\" text NOT NULL UNIQUE, \"system_default\" boolean NOT "
                   "NULL, \"cost_category_id\" integer NOT NULL, CONSTRAINT "
                   "\"reporting_ocp_cost_category_namespace_cost_category_id_fk\" FOREIGN KEY "
                   "(\"cost_category_id\") REFERENCES {1} (\"id\") DEFERRABLE INITIALLY "
                   "DEFERRED);\n"
                   "CREATE INDEX \"reporting_ocp_cost_category_namespace_cost_category_id_idx\" "
                   "ON {0} (\"cost_category_id\");\n"
                   "INSERT INTO {0} (\"namespace\", \"system_default\", \"cost_category_id\") "
                   "SELECT ns, true, c.\"id\" FROM {1} c, unnest(ARRAY['openshift-%', 'kube-%', "
                   "'Platform unallocated', 'openshift']) WITH ORDINALITY AS d(ns, o) WHERE "
                   "c.\"name\" = 'Platform' ORDER BY o;\n",
                   q("reporting_ocp_cost_category_namespace"), q("reporting_ocp_cost_category"))});
  ddl.push_back({kSummaryTable, SummaryTableDdl(schema)});
  return ddl;
}

Result<InitReport> InitSchema(Connection* conn, std::string_view schema) {
  OCPAGG_RETURN_IF_ERROR(ValidateSchemaName(schema));
  InitReport report;
  OCPAGG_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(conn));
  OCPAGG_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                     {"ocpagg:ddl:" + std::string(schema)})
                             .status());
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult exists,
      conn->Query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {std::string(schema)}));
  if (exists.rows() == 0) {
    OCPAGG_RETURN_IF_ERROR(conn->Exec("CREATE SCHEMA " + QuoteIdent(schema)));
    report.schema_created = true;
  }
  for (const TableDdl& table : SchemaDdl(schema)) {
    OCPAGG_ASSIGN_OR_RETURN(QueryResult found, conn->Query("SELECT to_regclass($1) IS NOT NULL",
                                                           {Qualified(schema, table.table)}));
    if (found.Get(0, 0) == "t") continue;
    OCPAGG_RETURN_IF_ERROR(conn->Exec(table.sql));
    report.tables_created.emplace_back(table.table);
  }
  OCPAGG_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<std::vector<std::string>> EnsureMonthPartitions(Connection* conn, std::string_view schema,
                                                       int32_t first_day, int32_t last_day) {
  OCPAGG_RETURN_IF_ERROR(ValidateSchemaName(schema));
  const std::string parent = Qualified(schema, kSummaryTable);
  std::vector<std::string> created;
  OCPAGG_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(conn));
  OCPAGG_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_xact_lock(hashtext($1))",
                                     {"ocpagg:partitions:" + std::string(schema)})
                             .status());
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult tracking,
      conn->Query("SELECT to_regclass($1) IS NOT NULL", {Qualified(schema, "partitioned_tables")}));
  const bool has_tracking = tracking.Get(0, 0) == "t";
  // The DEFAULT partition, whatever its name.
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult def,
      conn->Query("SELECT n.nspname, c.relname FROM pg_partitioned_table p JOIN pg_class c ON "
                  "c.oid = p.partdefid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                  "p.partrelid = to_regclass($1)",
                  {parent}));
  std::optional<std::string> default_partition;
  if (def.rows() == 1) default_partition = Qualified(def.Get(0, 0), def.Get(0, 1));

  CivilDate month = CivilFromDays(first_day);
  month.day = 1;
  const CivilDate last = CivilFromDays(last_day);
  while (month.year < last.year || (month.year == last.year && month.month <= last.month)) {
    CivilDate next = month;
    next.month = month.month == 12 ? 1 : month.month + 1;
    next.year = month.month == 12 ? month.year + 1 : month.year;
    const std::string from = FormatDate(DaysFromCivil(month));
    const std::string to = FormatDate(DaysFromCivil(next));
    const std::string name =
        fmt::format("{}_{}", kSummaryTable, MonthName(month.year, month.month));
    const std::string qualified = Qualified(schema, name);
    OCPAGG_ASSIGN_OR_RETURN(QueryResult found,
                            conn->Query("SELECT to_regclass($1) IS NOT NULL", {qualified}));
    if (found.Get(0, 0) != "t") {
      bool waiting = false;
      if (default_partition) {
        OCPAGG_ASSIGN_OR_RETURN(
            QueryResult rows,
            conn->Query(fmt::format("SELECT EXISTS (SELECT 1 FROM {} WHERE usage_start >= $1 AND "
                                    "usage_start < $2)",
                                    *default_partition),
                        {from, to}));
        waiting = rows.Get(0, 0) == "t";
      }
      if (waiting) {
        // Koku detaches, moves the rows out of DEFAULT and re-attaches
        // (K:koku/koku/pg_partition.py:1855-1868); the same in one transaction.
        OCPAGG_RETURN_IF_ERROR(conn->Exec(fmt::format(
            "CREATE TABLE {0} (LIKE {1} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);\n"
            "WITH moved AS (DELETE FROM {2} WHERE usage_start >= '{3}' AND usage_start < '{4}' "
            "RETURNING *) INSERT INTO {0} SELECT * FROM moved;\n"
            "ALTER TABLE {1} ATTACH PARTITION {0} FOR VALUES FROM ('{3}') TO ('{4}');",
            qualified, parent, *default_partition, from, to)));
      } else {
        OCPAGG_RETURN_IF_ERROR(
            conn->Exec(fmt::format("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ('{}') TO "
                                   "('{}')",
                                   qualified, parent, from, to)));
      }
      created.push_back(name);
    }
    if (has_tracking) {
      // Koku's tracking row (report_parquet_processor_base.py:183-192); its trigger's CREATE
      // TABLE IF NOT EXISTS finds the partition made above.
      OCPAGG_RETURN_IF_ERROR(
          conn->Query(
                  fmt::format(
                      "INSERT INTO {0} (schema_name, table_name, partition_of_table_name, "
                      "partition_type, partition_col, partition_parameters, active) SELECT $1, "
                      "$2, $3, 'range', 'usage_start', $4::jsonb, true WHERE NOT EXISTS (SELECT 1 "
                      "FROM {0} WHERE schema_name = $1 AND table_name = $2)",
                      Qualified(schema, "partitioned_tables")),
                  {std::string(schema), name, std::string(kSummaryTable),
                   fmt::format(R"({{"default": false, "from": "{}", "to": "{}"}})", from, to)})
              .status());
    }
    month = next;
  }
  OCPAGG_RETURN_IF_ERROR(tx.Commit());
  return created;
}

}  // namespace ocpagg::pg
