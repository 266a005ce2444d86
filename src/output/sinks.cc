#include "output/sinks.h"

#include <fmt/format.h>

#include "output/sinks_internal.h"

namespace ocpagg::output {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Result<std::unique_ptr<ocp::SummarySink>> OpenSink(const std::string& spec) {
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
  return Status::InvalidArgument(
      fmt::format("--output {}: expected sqlite:PATH, csv:PATH or parquet:PATH", spec));
}

}  // namespace ocpagg::output
