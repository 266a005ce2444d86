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
//
// Every sink leaves its destination untouched unless Commit() succeeds.

#include <memory>
#include <string>

#include "common/result.h"
#include "ocp/sink.h"

namespace ocpagg::output {

/// Opens the sink named by `spec` ("sqlite:PATH", "csv:PATH", "parquet:PATH"; a bare path ending
/// in .db/.csv/.parquet is accepted too). InvalidArgument for anything else.
Result<std::unique_ptr<ocp::SummarySink>> OpenSink(const std::string& spec);

/// The CSV text of one cell as PostgreSQL's COPY (FORMAT csv) prints it; `null` for NULL.
void AppendCsvCell(const ocp::Cell& cell, ocp::ColumnType type, ocp::Dialect dialect,
                   std::string* out);

/// The SQL DDL of the table in SQLite (used by the SQLite sink and by tests).
std::string SqliteCreateTable();

}  // namespace ocpagg::output
