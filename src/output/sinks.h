#pragma once

// The outputs of `ocpagg summarize`, chosen by --output:
//
//   sqlite:PATH    (default ocpagg.db) Koku's table name and columns in an embedded SQLite file.
//                  JSON columns hold the jsonb text, numeric(33,15) columns the exact decimal
//                  text (TEXT affinity, so that no digit is lost), dates 'YYYY-MM-DD'. The run's
//                  rows replace the old ones as Koku replaces them, in one transaction.
//   csv:PATH       exactly what PostgreSQL prints for
//                  COPY reporting_ocpusagelineitem_daily_summary TO STDOUT WITH (FORMAT csv,
//                  HEADER) after Koku's insert: every column in table order, numerics with 15
//                  decimals, jsonb text, NULL as an empty field. Written to a temporary file and
//                  renamed.
//   parquet:PATH   the same columns in a Parquet file (numerics as the DOUBLE nearest to the
//                  numeric(33,15) value, jsonb as STRING, dates as DATE).
//   postgresql://... (or postgres://...) Koku's table in a tenant schema of a PostgreSQL
//                  database, replaced as Koku replaces it, in one transaction, with binary COPY
//                  (pg/summary_sink.h; docs/postgresql.md).
//
// Every sink leaves its destination untouched unless Commit() succeeds.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "ocp/sink.h"
#include "pg/connection.h"

namespace ocpagg::output {

/// What the PostgreSQL sink needs besides the DSN (the other sinks ignore it).
struct SinkOptions {
  std::string pg_schema;  // tenant schema, e.g. org1234567 (required for PostgreSQL)
  std::string cluster_id;
  std::optional<std::string> cluster_alias;
  pg::RetryPolicy connect_policy;
  pg::RetryCallback on_retry;
};

/// Opens the sink named by `spec` ("sqlite:PATH", "csv:PATH", "parquet:PATH",
/// "postgresql://..." / "postgres://..."; a bare path ending in .db/.csv/.parquet is accepted
/// too). InvalidArgument for anything else, and for PostgreSQL without a valid schema.
Result<std::unique_ptr<ocp::SummarySink>> OpenSink(const std::string& spec,
                                                   const SinkOptions& options = {});

/// True when `spec` names the PostgreSQL output.
bool IsPostgresSpec(std::string_view spec);

/// The CSV text of one cell as PostgreSQL's COPY (FORMAT csv) prints it; `null` for NULL.
void AppendCsvCell(const ocp::Cell& cell, ocp::ColumnType type, ocp::Dialect dialect,
                   std::string* out);

/// The SQL DDL of the table in SQLite (used by the SQLite sink and by tests).
std::string SqliteCreateTable();

}  // namespace ocpagg::output
