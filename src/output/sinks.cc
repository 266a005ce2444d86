#include "output/sinks.h"

#include <fmt/format.h>

#include "output/sinks_internal.h"
#include "pg/schema.h"
#include "pg/summary_sink.h"

namespace ocpagg::output {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool IsPostgresSpec(std::string_view spec) {
  return spec.substr(0, 13) == "postgresql://" || spec.substr(0, 11) == "postgres://";
}

Result<std::unique_ptr<ocp::SummarySink>> OpenSink(const std::string& spec,
                                                   const SinkOptions& options) {
  if (IsPostgresSpec(spec)) {
    if (options.pg_schema.empty()) {
      return Status::InvalidArgument(
          fmt::format("--output {}: give the tenant schema with --schema", pg::RedactDsn(spec)));
    }
    OCPAGG_RETURN_IF_ERROR(pg::ValidateSchemaName(options.pg_schema));
    pg::SummarySinkOptions o;
    o.dsn = spec;
    o.schema = options.pg_schema;
    o.cluster_id = options.cluster_id;
    o.cluster_alias = options.cluster_alias;
    o.connect_policy = options.connect_policy;
    o.on_retry = options.on_retry;
    return std::unique_ptr<ocp::SummarySink>(std::make_unique<pg::PgSummarySink>(std::move(o)));
  }
  const size_t colon = spec.find(':');
  std::string kind = colon == std::string::npos ? "" : spec.substr(0, colon);
  std::string path = colon == std::string::npos ? spec : spec.substr(colon + 1);
  if (kind.empty() || kind.size() == 1) {  // no prefix (or a Windows-like drive letter)
    path = spec;
    if (EndsWith(spec, ".csv")) kind = "csv";
    if (EndsWith(spec, ".db") || EndsWith(spec, ".sqlite")) kind = "sqlite";
    if (EndsWith(spec, ".parquet")) kind = "parquet";
  }
  if (path.empty()) {
    return Status::InvalidArgument(fmt::format("--output {}: the path is missing", spec));
  }
  if (kind == "csv") return MakeCsvSink(path);
  if (kind == "sqlite") return MakeSqliteSink(path);
  if (kind == "parquet") return MakeParquetSink(path);
  return Status::InvalidArgument(fmt::format(
      "--output {}: expected sqlite:PATH, csv:PATH, parquet:PATH or postgresql://...", spec));
}

}  // namespace ocpagg::output
