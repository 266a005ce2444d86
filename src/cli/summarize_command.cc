// `ocpagg summarize`: Koku OCP Parquet -> reporting_ocpusagelineitem_daily_summary.

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <thread>

#include "cli/command.h"
#include "cli/storage.h"
#include "common/date.h"
#include "ocp/summary.h"
#include "output/sinks.h"
#include "pg/side_inputs.h"
#include "pg/summary_sink.h"
#include "s3/s3_file.h"

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
  std::string schema;
  int threads = 0;
  bool quiet = false;
  bool progress = false;
  std::string log_format = "text";
  S3Flags s3;  // for an s3:// --input or --config
};

Result<ocp::SummaryOptions> BuildOptions(const SummarizeFlags& f, const Storage& input) {
  ocp::SummaryOptions options;
  options.input_root = f.input;
  options.file_system = &input.files();
  std::string config_path = f.config_path;
  if (config_path.empty()) {
    OCPAGG_ASSIGN_OR_RETURN(bool found, FileExists(input, f.input, "ocpagg.yaml"));
    if (found) config_path = io::JoinPath(f.input, "ocpagg.yaml");
  }
  if (!config_path.empty()) {
    if (s3::IsS3Path(config_path)) {
      OCPAGG_ASSIGN_OR_RETURN(std::string text, ReadTextFile(config_path, f.s3));
      OCPAGG_ASSIGN_OR_RETURN(options.config, ocp::ParseSummaryConfig(text, config_path));
    } else {
      OCPAGG_ASSIGN_OR_RETURN(options.config, ocp::LoadSummaryConfig(config_path));
    }
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
    OCPAGG_ASSIGN_OR_RETURN(options.first_day, ParseDate(f.start).WithContext("--start"));
  }
  if (!f.end.empty()) {
    OCPAGG_ASSIGN_OR_RETURN(options.last_day, ParseDate(f.end).WithContext("--end"));
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

// A whole run into PostgreSQL is retried this often when it fails transiently (server restart,
// lost connection, serialization failure); each attempt redoes the transaction from the start.
constexpr pg::RetryPolicy kRunRetry{5, 0.5, 8.0};

// PostgreSQL output: the side inputs come from the tenant schema (spec §4), and the report period
// is found or created as Koku's create_bill does.
Status LoadSideInputsFromDatabase(const SummarizeFlags& flags, const pg::RetryCallback& on_retry,
                                  ocp::SummaryOptions* options) {
  OCPAGG_ASSIGN_OR_RETURN(pg::Connection conn,
                          pg::Connection::Open(flags.output, pg::RetryPolicy{}, on_retry));
  OCPAGG_ASSIGN_OR_RETURN(pg::SideInputs side, pg::ReadSideInputs(&conn, flags.schema));
  options->config.enabled_tag_keys = std::move(side.enabled_tag_keys);
  options->config.cost_categories = std::move(side.cost_categories);
  options->config.tag_mappings = std::move(side.tag_mappings);
  options->config.node_roles.clear();  // reporting_ocp_nodes is read by the sink
  pg::ReportPeriodKey key;
  key.source = options->config.source;
  key.cluster_id = options->config.cluster_id;
  key.cluster_alias = options->config.cluster_alias;
  key.year = options->year;
  key.month = options->month;
  OCPAGG_ASSIGN_OR_RETURN(options->config.report_period_id,
                          pg::FindOrCreateReportPeriod(&conn, flags.schema, key));
  return Status::OK();
}

std::string LandingJson(const pg::LandingStats& s, int64_t report_period_id) {
  return fmt::format(
      ", \"report_period_id\": {}, \"landing\": {{\"rows\": {}, \"copy_bytes\": {}, "
      "\"rows_deleted\": {}, \"partitions_created\": {}, \"seconds\": {:.3f}, "
      "\"connect_seconds\": {:.3f}, \"prepare_seconds\": {:.3f}, \"copy_seconds\": {:.3f}, "
      "\"nodes_seconds\": {:.3f}, \"commit_seconds\": {:.3f}}}",
      report_period_id, s.rows, s.copy_bytes, s.rows_deleted, s.partitions_created,
      s.total_seconds(), s.connect_seconds, s.prepare_seconds, s.copy_seconds, s.nodes_seconds,
      s.commit_seconds);
}

Status RunSummarize(const SummarizeFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  OCPAGG_ASSIGN_OR_RETURN(Storage input, OpenStorage(flags.input, flags.s3));
  OCPAGG_ASSIGN_OR_RETURN(ocp::SummaryOptions options, BuildOptions(flags, input));
  const bool postgres = output::IsPostgresSpec(flags.output);
  if (postgres && (flags.report_period_id >= 0 || flags.enabled_tag_keys_given)) {
    return Status::InvalidArgument(
        "--report-period-id and --enabled-tag-keys do not apply to a PostgreSQL output: the "
        "report period and the enabled keys come from the database");
  }
  if (!postgres && !flags.schema.empty()) {
    return Status::InvalidArgument("--schema applies only to a postgresql:// output");
  }
  const bool show_progress = !flags.quiet && (flags.progress || ::isatty(STDERR_FILENO));
  const pg::RetryCallback on_retry = [&](const Status& failure, double delay) {
    if (flags.quiet) return;
    fmt::print(stderr, "ocpagg: summarize: {}; retrying in {:.1f} s\n", failure.message(), delay);
  };
  output::SinkOptions sink_options;
  sink_options.pg_schema = flags.schema;
  sink_options.cluster_id = options.config.cluster_id;
  sink_options.cluster_alias = options.config.cluster_alias;
  sink_options.on_retry = on_retry;

  ocp::SummaryReport report;
  std::unique_ptr<ocp::SummarySink> sink;
  std::mt19937_64 rng(std::random_device{}());
  const int attempts = postgres ? kRunRetry.max_attempts : 1;
  Status status;
  for (int attempt = 1;; ++attempt) {
    report = {};
    sink.reset();
    status = Status::OK();
    if (postgres) status = LoadSideInputsFromDatabase(flags, on_retry, &options);
    if (status.ok()) {
      Result<std::unique_ptr<ocp::SummarySink>> opened =
          output::OpenSink(flags.output, sink_options);
      if (!opened.ok()) return opened.status();
      sink = std::move(opened).value();
      status = ocp::RunSummary(options, sink.get(), &report, [&](const ocp::SummaryProgress& p) {
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
      if (!status.ok()) status = status.WithContext(fmt::format("summarize into {}", sink->name()));
    }
    if (status.ok() || !status.IsUnavailable() || attempt >= attempts) break;
    // Transient: drop the connection (the server rolls back) and redo the whole transaction.
    sink.reset();
    const double delay = pg::BackoffDelay(kRunRetry, attempt, &rng);
    if (!flags.quiet) {
      fmt::print(stderr, "ocpagg: summarize: attempt {} of {} failed ({}); retrying in {:.1f} s\n",
                 attempt, attempts, status.message(), delay);
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
  if (!status.ok()) {
    if (status.IsUnavailable() && attempts > 1) {
      return status.WithContext(fmt::format("gave up after {} attempts", attempts));
    }
    return status;
  }
  std::optional<pg::LandingStats> landing;
  if (const auto* pg_sink = dynamic_cast<const pg::PgSummarySink*>(sink.get())) {
    landing = pg_sink->stats();
  }
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
               "\"fanned_out_line_items\": {}, \"seconds\": {:.3f}, \"peak_rss_mib\": {:.1f}{}}}\n",
               sink->name(), report.days, report.input_files, report.input_bytes, rows_read,
               report.hourly_pod_rows, report.pod_rows, report.storage_rows, report.node_label_rows,
               report.namespace_label_rows, report.rows_pod, report.rows_storage,
               report.rows_unallocated, report.fanned_out_line_items, seconds, peak_mib,
               landing ? LandingJson(*landing, options.config.report_period_id) : "");
    if (input.client) {
      fmt::print(stderr, "{}", S3TrafficReport(input.client->stats(), report.input_bytes, true));
    }
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
  if (landing) {
    fmt::print(stderr,
               "  landed   {} rows under report period {} ({} old rows deleted, {} partition(s) "
               "created) in {:.2f} s: connect {:.2f}, partitions + delete {:.2f}, COPY {:.2f}, "
               "nodes {:.2f}, commit {:.2f}\n",
               landing->rows, options.config.report_period_id, landing->rows_deleted,
               landing->partitions_created, landing->total_seconds(), landing->connect_seconds,
               landing->prepare_seconds, landing->copy_seconds, landing->nodes_seconds,
               landing->commit_seconds);
  }
  if (input.client) {
    fmt::print(stderr, "{}", S3TrafficReport(input.client->stats(), report.input_bytes, false));
  }
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
                  "Folder holding Koku's data/parquet/... layout (as `ocpagg generate` writes it), "
                  "or an S3 prefix s3://bucket/prefix (docs/s3.md)")
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
                  "sqlite:PATH (embedded default), csv:PATH (PostgreSQL COPY CSV text), "
                  "parquet:PATH or postgresql://[user@]host[:port]/db[?sslmode=...] (Koku's table "
                  "in the --schema tenant schema; missing parts come from the PG* environment "
                  "variables; docs/postgresql.md)")
      ->capture_default_str();
  cmd->add_option("--schema", flags->schema,
                  "PostgreSQL output: the tenant schema (e.g. org1234567), prepared by "
                  "`ocpagg db init`; enabled tag keys, cost categories, tag mappings, node roles "
                  "and the report period are then read from it");
  cmd->add_option("--threads", flags->threads, "Worker threads (default: one per core)");
  cmd->add_flag("--quiet", flags->quiet, "Print nothing but errors");
  cmd->add_flag("--progress", flags->progress, "Print progress even when stderr is not a terminal");
  cmd->add_option("--log-format", flags->log_format, "text or json (progress and final report)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddS3Flags(cmd, &flags->s3);
  commands->push_back({cmd, [flags] { return RunSummarize(*flags); }});
}

}  // namespace ocpagg::cli
