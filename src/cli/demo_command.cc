// `ocpagg demo`: a small cluster month, generated, summarized into the embedded database, and a
// table of usage per namespace.

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/command.h"
#include "common/date.h"
#include "gen/generate.h"
#include "ocp/config.h"
#include "ocp/summary.h"
#include "output/sinks.h"

namespace ocpagg::cli {
namespace {

struct DemoFlags {
  std::string dir = "ocpagg-demo";
  std::string db = "ocpagg.db";
  int nodes = 6;
  int pods = 12;
  uint64_t seed = 42;
};

Status PrintUsagePerNamespace(const std::string& db_path, const std::string& source) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Database(fmt::format("sqlite:{}: {}", db_path, message));
  }
  const std::string sql = fmt::format(
      "SELECT CASE WHEN namespace IS NULL THEN '(node without role)' WHEN namespace = '' THEN "
      "'(unclaimed volumes)' ELSE namespace END, "
      "sum(CASE WHEN data_source = 'Pod' THEN CAST(pod_usage_cpu_core_hours AS REAL) END), "
      "sum(CAST(pod_request_cpu_core_hours AS REAL)), "
      "sum(CAST(pod_usage_memory_gigabyte_hours AS REAL)), "
      "sum(CAST(persistentvolumeclaim_usage_gigabyte_months AS REAL)), count(*) "
      "FROM reporting_ocpusagelineitem_daily_summary WHERE source_uuid = '{}' "
      "GROUP BY 1 ORDER BY 2 DESC",
      source);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    Status s = Status::Database(fmt::format("sqlite:{}: {}", db_path, sqlite3_errmsg(db)));
    sqlite3_close(db);
    return s;
  }
  fmt::print("{:<28} {:>14} {:>14} {:>16} {:>14} {:>6}\n", "namespace", "cpu core-h",
             "cpu request-h", "memory GiB-h", "storage GiB-mo", "rows");
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto number = [&](int col) {
      return sqlite3_column_type(stmt, col) == SQLITE_NULL
                 ? std::string("-")
                 : fmt::format("{:.2f}", sqlite3_column_double(stmt, col));
    };
    fmt::print("{:<28} {:>14} {:>14} {:>16} {:>14} {:>6}\n",
               reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), number(1), number(2),
               number(3), number(4), sqlite3_column_int64(stmt, 5));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return Status::OK();
}

Status RunDemo(const DemoFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  // 1. A month (October 2025) of a small cluster, in Koku's layout.
  gen::ScaleOptions scale;
  scale.seed = flags.seed;
  scale.nodes = flags.nodes;
  scale.pods = flags.pods;
  scale.days = 31;
  scale.start_day = DaysFromCivil({2025, 10, 1});
  gen::GenerateOptions generate;
  generate.out_dir = flags.dir;
  generate.seed = flags.seed;
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(flags.dir) / "data", ec);
  OCPAGG_ASSIGN_OR_RETURN(gen::GenerateSummary generated, gen::GenerateScale(scale, generate));
  if (generated.sources.empty()) return Status::InvalidArgument("demo: nothing was generated");
  fmt::print("generated {} hourly pod rows for {} nodes in {}/ (Koku's layout)\n",
             generated.rows["pod_usage"], flags.nodes, flags.dir);

  // 2. The summary into the embedded database.
  ocp::SummaryOptions options;
  options.input_root = flags.dir;
  OCPAGG_ASSIGN_OR_RETURN(options.config, ocp::LoadSummaryConfig(generated.sources[0].config_path));
  options.year = 2025;
  options.month = 10;
  options.first_day = DaysFromCivil({2025, 10, 1});
  options.last_day = DaysFromCivil({2025, 10, 31});
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<ocp::SummarySink> sink,
                          output::OpenSink("sqlite:" + flags.db));
  ocp::SummaryReport report;
  OCPAGG_RETURN_IF_ERROR(ocp::RunSummary(options, sink.get(), &report));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(
      "summarized October 2025 into {} (table reporting_ocpusagelineitem_daily_summary): "
      "{} Pod, {} Storage, {} unallocated rows; {:.2f} s in all\n\n",
      flags.db, report.rows_pod, report.rows_storage, report.rows_unallocated, seconds);

  // 3. What a Koku user would look at first: usage per namespace.
  OCPAGG_RETURN_IF_ERROR(PrintUsagePerNamespace(flags.db, options.config.source));
  fmt::print(
      "\nQuery it yourself: sqlite3 {} \"SELECT * FROM reporting_ocpusagelineitem_daily_summary "
      "LIMIT 5\"\n",
      flags.db);
  return Status::OK();
}

}  // namespace

void AddDemoCommand(CLI::App& app, std::vector<Command>* commands) {
  // The flag values live as long as the callback that reads them (shared by both).
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Generate a month of a small cluster, summarize it into the embedded SQLite database and "
      "print usage per namespace");
  cmd->add_option("--dir", flags->dir, "Folder for the generated Parquet")->capture_default_str();
  cmd->add_option("--db", flags->db, "SQLite database to write")->capture_default_str();
  cmd->add_option("--nodes", flags->nodes, "Nodes of the demo cluster")->capture_default_str();
  cmd->add_option("--pods", flags->pods, "Pods per node")->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  commands->push_back({cmd, [flags] { return RunDemo(*flags); }});
}

}  // namespace ocpagg::cli
