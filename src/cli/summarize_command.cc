// `ocpagg summarize`: Koku OCP Parquet -> reporting_ocpusagelineitem_daily_summary.

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/command.h"
#include "common/date.h"
#include "ocp/summary.h"
#include "output/sinks.h"

namespace ocpagg::cli {
namespace {

struct SummarizeFlags {
  std::string input = ".";
  std::string config_path;
  std::string month;
  std::string start, end;
  std::string source, cluster_id, cluster_alias;
  int64_t report_period_id = -1;
  std::vector<std::string> enabled_tag_keys;
  bool enabled_tag_keys_given = false;
  std::string dialect = "trino";
  std::string output = "sqlite:ocpagg.db";
  int threads = 0;
  bool quiet = false;
  bool progress = false;
  std::string log_format = "text";
};

Result<int32_t> ParseDay(const std::string& text, const char* flag) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
      d > static_cast<int>(DaysInMonth(y, static_cast<uint32_t>(m)))) {
    return Status::InvalidArgument(fmt::format("{} {}: expected a date YYYY-MM-DD", flag, text));
  }
  return DaysFromCivil({y, static_cast<uint32_t>(m), static_cast<uint32_t>(d)});
}

Result<ocp::SummaryOptions> BuildOptions(const SummarizeFlags& f) {
  ocp::SummaryOptions options;
  options.input_root = f.input;
  std::string config_path = f.config_path;
  if (config_path.empty() && std::filesystem::exists(f.input + "/ocpagg.yaml")) {
    config_path = f.input + "/ocpagg.yaml";
  }
  if (!config_path.empty()) {
    OCPAGG_ASSIGN_OR_RETURN(options.config, ocp::LoadSummaryConfig(config_path));
  }
  // Flags override the config file.
  if (!f.source.empty()) options.config.source = f.source;
  if (!f.cluster_id.empty()) options.config.cluster_id = f.cluster_id;
  if (!f.cluster_alias.empty()) options.config.cluster_alias = f.cluster_alias;
  if (f.report_period_id >= 0) options.config.report_period_id = f.report_period_id;
  if (f.enabled_tag_keys_given) options.config.enabled_tag_keys = f.enabled_tag_keys;
  if (options.config.source.empty()) {
    return Status::InvalidArgument(
        "no source: give --source UUID or a config file with 'source:' (--config, or "
        "ocpagg.yaml in the input folder)");
  }
  if (options.config.cluster_id.empty()) {
    return Status::InvalidArgument(
        "no cluster id: give --cluster-id or 'cluster_id:' in the config");
  }
  if (f.dialect == "trino") {
    options.dialect = ocp::Dialect::kTrino;
  } else if (f.dialect == "postgres" || f.dialect == "postgresql") {
    options.dialect = ocp::Dialect::kPostgres;
  } else {
    return Status::InvalidArgument(
        fmt::format("--dialect {}: expected trino (Koku SaaS) or postgres (on-prem)", f.dialect));
  }
  int year = 0, month = 0;
  char tail = 0;
  if (std::sscanf(f.month.c_str(), "%d-%d%c", &year, &month, &tail) != 2 || month < 1 ||
      month > 12) {
    return Status::InvalidArgument(fmt::format("--month {}: expected YYYY-MM", f.month));
  }
  options.year = year;
  options.month = static_cast<uint32_t>(month);
  const int32_t first = DaysFromCivil({year, options.month, 1});
  const int32_t last = first + static_cast<int32_t>(DaysInMonth(year, options.month)) - 1;
  options.first_day = first;
  options.last_day = last;
  if (!f.start.empty()) {
    OCPAGG_ASSIGN_OR_RETURN(options.first_day, ParseDay(f.start, "--start"));
  }
  if (!f.end.empty()) {
    OCPAGG_ASSIGN_OR_RETURN(options.last_day, ParseDay(f.end, "--end"));
  }
  if (options.first_day < first || options.last_day > last ||
      options.first_day > options.last_day) {
    return Status::InvalidArgument(
        fmt::format("--start/--end must be a day range inside {} (got {} .. {})", f.month,
                    FormatDate(options.first_day), FormatDate(options.last_day)));
  }
  options.threads = f.threads;
  return options;
}

Status RunSummarize(const SummarizeFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  OCPAGG_ASSIGN_OR_RETURN(ocp::SummaryOptions options, BuildOptions(flags));
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<ocp::SummarySink> sink, output::OpenSink(flags.output));
  const bool show_progress = !flags.quiet && (flags.progress || ::isatty(STDERR_FILENO));
  ocp::SummaryReport report;
  Status status = ocp::RunSummary(options, sink.get(), &report, [&](const ocp::SummaryProgress& p) {
    if (!show_progress) return;
    if (flags.log_format == "json") {
      fmt::print(
          stderr,
          "{{\"event\": \"progress\", \"days_done\": {}, \"days\": {}, \"rows_read\": {}}}\n",
          p.days_done, p.days_total, p.rows_read);
    } else {
      fmt::print(stderr, "\rocpagg: summarize: day {}/{}, {} input rows read", p.days_done,
                 p.days_total, p.rows_read);
      if (p.days_done == p.days_total) fmt::print(stderr, "\n");
    }
  });
  if (!status.ok()) return status.WithContext(fmt::format("summarize into {}", sink->name()));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  const uint64_t rows_read = report.hourly_pod_rows + report.pod_rows + report.storage_rows +
                             report.node_label_rows + report.namespace_label_rows;
  if (flags.quiet) return Status::OK();
  if (flags.log_format == "json") {
    fmt::print(stderr,
               "{{\"event\": \"done\", \"output\": \"{}\", \"days\": {}, \"input_files\": {}, "
               "\"input_bytes\": {}, \"rows_read\": {}, \"hourly_pod_rows\": {}, \"pod_rows\": {}, "
               "\"storage_rows\": {}, \"node_label_rows\": {}, \"namespace_label_rows\": {}, "
               "\"rows_pod\": {}, \"rows_storage\": {}, \"rows_unallocated\": {}, "
               "\"fanned_out_line_items\": {}, \"seconds\": {:.3f}, \"peak_rss_mib\": {:.1f}}}\n",
               sink->name(), report.days, report.input_files, report.input_bytes, rows_read,
               report.hourly_pod_rows, report.pod_rows, report.storage_rows, report.node_label_rows,
               report.namespace_label_rows, report.rows_pod, report.rows_storage,
               report.rows_unallocated, report.fanned_out_line_items, seconds, peak_mib);
    return Status::OK();
  }
  fmt::print(
      stderr,
      "ocpagg: summarize: {} day(s) {} .. {} of source {} into {}\n"
      "  read     {} files ({:.1f} MiB): {} hourly pod, {} {}pod, {} storage, {} node-label, "
      "{} namespace-label rows\n"
      "  wrote    {} Pod, {} Storage, {} unallocated rows\n"
      "  fan-out  {} line items counted more than once (Koku's label / cost-category / "
      "shared-volume joins)\n"
      "  took     {:.2f} s, peak memory {:.0f} MiB\n",
      report.days, FormatDate(options.first_day), FormatDate(options.last_day),
      options.config.source, sink->name(), report.input_files,
      static_cast<double>(report.input_bytes) / 1048576.0, report.hourly_pod_rows, report.pod_rows,
      report.daily_derived_from_hourly ? "(hourly, no daily files) " : "daily ",
      report.storage_rows, report.node_label_rows, report.namespace_label_rows, report.rows_pod,
      report.rows_storage, report.rows_unallocated, report.fanned_out_line_items, seconds,
      peak_mib);
  return Status::OK();
}

}  // namespace

void AddSummarizeCommand(CLI::App& app, std::vector<Command>* commands) {
  // The flag values live as long as the callback that reads them (shared by both).
  auto flags = std::make_shared<SummarizeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "summarize",
      "Compute reporting_ocpusagelineitem_daily_summary for one source and month from Koku-layout "
      "OCP Parquet (hourly and daily pod, storage, node-label and namespace-label files), with "
      "Koku's SQL semantics");
  cmd->add_option("--input", flags->input,
                  "Folder holding Koku's data/parquet/... layout (as `ocpagg generate` writes it)")
      ->capture_default_str();
  cmd->add_option(
      "--config", flags->config_path,
      "Side inputs (source, cluster, enabled tag keys, cost categories, node roles, tag "
      "mappings), docs/config.md; default: ocpagg.yaml in the input folder if present");
  cmd->add_option("--month", flags->month, "Month to summarize, YYYY-MM")->required();
  cmd->add_option("--start", flags->start,
                  "First day (YYYY-MM-DD, inside the month; default: the 1st)");
  cmd->add_option("--end", flags->end,
                  "Last day (YYYY-MM-DD, inside the month; default: the last)");
  cmd->add_option("--source", flags->source, "Provider uuid (overrides the config)");
  cmd->add_option("--cluster-id", flags->cluster_id, "Cluster id (overrides the config)");
  cmd->add_option("--cluster-alias", flags->cluster_alias, "Cluster alias (overrides the config)");
  cmd->add_option("--report-period-id", flags->report_period_id,
                  "reporting_ocpusagereportperiod id written on every row (overrides the config)");
  cmd->add_option("--enabled-tag-keys", flags->enabled_tag_keys,
                  "Enabled OCP label keys, comma-separated (overrides the config)")
      ->delimiter(',')
      ->each([flags](const std::string&) { flags->enabled_tag_keys_given = true; });
  cmd->add_option("--dialect", flags->dialect,
                  "trino: Koku SaaS semantics (default); postgres: Koku's on-prem PostgreSQL port "
                  "(NULL handling and numeric rounding differ, docs/parity.md)")
      ->capture_default_str();
  cmd->add_option("--output", flags->output,
                  "sqlite:PATH (embedded default), csv:PATH (PostgreSQL COPY CSV text) or "
                  "parquet:PATH")
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "Worker threads (default: one per core)");
  cmd->add_flag("--quiet", flags->quiet, "Print nothing but errors");
  cmd->add_flag("--progress", flags->progress, "Print progress even when stderr is not a terminal");
  cmd->add_option("--log-format", flags->log_format, "text or json (progress and final report)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  commands->push_back({cmd, [flags] { return RunSummarize(*flags); }});
}

}  // namespace ocpagg::cli
