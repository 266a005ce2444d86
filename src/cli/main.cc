// ocpagg: the command-line entry point. The only place that prints errors or picks exit codes:
// 0 success, 1 failure (the Status message on one stderr line), 2 usage error.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/parquet_commands.h"
#include "common/status.h"

namespace {

int Finish(const ocpagg::Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "ocpagg: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "ocpagg: OpenShift cost data (Koku OCP Parquet) to Koku's daily usage summary, without "
      "Trino."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ocpagg 0.1.0");

  CLI::App* parquet = app.add_subcommand("parquet", "Look inside Parquet files");
  parquet->require_subcommand(1);

  std::string path;
  CLI::App* inspect = parquet->add_subcommand(
      "inspect", "Schema, row groups, encodings, codecs, sizes, statistics");
  inspect->add_option("FILE", path, "Parquet file")->required();

  std::vector<std::string> columns;
  int64_t limit = -1;
  CLI::App* cat = parquet->add_subcommand("cat", "Print rows as CSV (header first)");
  cat->add_option("FILE", path, "Parquet file")->required();
  cat->add_option("--columns", columns, "Columns to print, comma-separated (default: all)")
      ->delimiter(',');
  cat->add_option("--limit", limit, "Print at most N rows (default: all)");

  bool json = false;
  bool no_crc = false;
  CLI::App* stats = parquet->add_subcommand(
      "stats", "Per-column count, nulls, min, max, sums, first values and sha256 of all values");
  stats->add_option("FILE", path, "Parquet file")->required();
  stats->add_flag("--json", json, "Print JSON (the only format so far; accepted for clarity)");
  stats->add_flag("--no-crc", no_crc, "Do not verify page checksums");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*inspect) return Finish(ocpagg::cli::RunParquetInspect(path, stdout));
  if (*cat) return Finish(ocpagg::cli::RunParquetCat(path, columns, limit, stdout));
  if (*stats) return Finish(ocpagg::cli::RunParquetStats(path, !no_crc, stdout));
  return 2;
}
