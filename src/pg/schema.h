#pragma once

// Koku's tenant schema as far as the daily summary touches it, and its monthly partitions.
//
// InitSchema creates, where missing, every table the summary writes or reads (spec §3, §4):
//   reporting_tenant_api_provider              (report periods and clusters reference it)
//   reporting_ocpusagereportperiod
//   reporting_ocp_clusters, reporting_ocp_nodes
//   reporting_enabledtagkeys, reporting_tagmapping
//   reporting_ocp_cost_category (+ Koku's "Platform" row), reporting_ocp_cost_category_namespace
//     (+ Koku's four default patterns)
//   reporting_ocpusagelineitem_daily_summary   range-partitioned on usage_start, primary key
//     (usage_start, uuid), its DEFAULT partition and Koku's indexes
// A table that exists is left exactly as it is (no column, index or row is added to it), so
// running it against a Koku database, or twice, changes nothing.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pg/connection.h"

namespace ocpagg::pg {

/// The summary table (Koku's db_table; no _p suffix, spec §3).
inline constexpr std::string_view kSummaryTable = "reporting_ocpusagelineitem_daily_summary";

/// OK when `schema` is a tenant schema name ocpagg accepts: ^[a-z_][a-z0-9_]{0,62}$ (Koku's
/// acct.../org... names fit). InvalidArgument otherwise, naming the rule.
Status ValidateSchemaName(std::string_view schema);

/// `"name"` with embedded quotes doubled (PostgreSQL quote_ident, always quoting).
std::string QuoteIdent(std::string_view name);

/// `"schema"."table"`.
std::string Qualified(std::string_view schema, std::string_view table);

/// The CREATE statements of the schema's tables (for InitSchema and tests), in creation order.
/// Each entry is one table with its constraints, indexes and seed rows.
struct TableDdl {
  std::string_view table;
  std::string sql;
};
std::vector<TableDdl> SchemaDdl(std::string_view schema);

/// What InitSchema did.
struct InitReport {
  bool schema_created = false;
  std::vector<std::string> tables_created;
};

/// Creates the schema and the missing tables in one transaction (serialised against other
/// ocpagg processes with an advisory lock). Database/Unavailable from the server.
Result<InitReport> InitSchema(Connection* conn, std::string_view schema);

/// Makes sure the monthly partition reporting_ocpusagelineitem_daily_summary_YYYY_MM exists for
/// every month touching [first_day, last_day] (days since 1970-01-01), as Koku's partition
/// manager does (K:koku/masu/processor/report_parquet_processor_base.py:152-211): FOR VALUES FROM
/// the 1st TO the 1st of the next month. Rows of the month waiting in the DEFAULT partition are
/// moved into the new partition first (Koku's get_or_create_partition,
/// K:koku/koku/pg_partition.py:1809). When the schema has Koku's partitioned_tables tracking
/// table, the partition is registered there too. Runs in its own transaction under an advisory
/// lock, so that concurrent runs do not race. Returns the partitions created.
Result<std::vector<std::string>> EnsureMonthPartitions(Connection* conn, std::string_view schema,
                                                       int32_t first_day, int32_t last_day);

}  // namespace ocpagg::pg
