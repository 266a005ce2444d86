#include "cli/generate_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "cli/storage.h"
#include "common/date.h"
#include "gen/generate.h"

namespace ocpagg::cli {
namespace {

struct GenerateFlags {
  std::string out;
  std::string manifest;
  uint64_t seed = 1;
  // Scale mode.
  int clusters = 1;
  int nodes = 10;
  int pods = 20;
  int namespaces = 8;
  int days = 1;
  std::string start = "2025-10-01";
  int64_t rows = 0;
  // Both.
  bool csv = false;
  bool no_parquet = false;
  std::string account = "org1234567";
  std::string cluster_id = "test-cluster-001";
  std::string cluster_alias;
  std::string source;
  int64_t manifest_id = 1;
  int64_t file_rows = 100000;
  int64_t chunk_rows = 200000;
  std::string nise_start, nise_end;
  int threads = 0;
  bool progress = false;
  bool quiet = false;
  S3Flags s3;  // for an s3:// --out
};

Status RunGenerate(const GenerateFlags& f) {
  const bool show_progress = !f.quiet && (f.progress || isatty(STDERR_FILENO) != 0);
  const auto started = std::chrono::steady_clock::now();
  OCPAGG_ASSIGN_OR_RETURN(Storage out, OpenStorage(f.out, f.s3));
  gen::GenerateOptions options;
  options.out_dir = f.out;
  options.file_system = &out.files();
  options.seed = f.seed;
  options.parquet = !f.no_parquet;
  options.csv = f.csv;
  options.account = f.account;
  options.cluster_id = f.cluster_id;
  if (!f.cluster_alias.empty()) options.cluster_alias = f.cluster_alias;
  if (!f.source.empty()) options.source = f.source;
  options.manifest_id = f.manifest_id;
  options.file_rows = f.file_rows;
  options.chunk_rows = f.chunk_rows;
  options.threads = f.threads;
  if (show_progress) {
    options.progress = [started](int64_t done, int64_t total) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(
          stderr, "\r[generate] %lld / %lld pod rows (%.0f%%), %.1f s",
          static_cast<long long>(done), static_cast<long long>(total),
          total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0, secs);
      std::fflush(stderr);
    };
  }
  Result<gen::GenerateSummary> summary = Status::InvalidArgument("unreachable");
  if (!f.manifest.empty()) {
    if (!f.nise_start.empty()) {
      OCPAGG_ASSIGN_OR_RETURN(int64_t d, ParseDate(f.nise_start).WithContext("--nise-start-date"));
      options.start = d * 86400;
    }
    if (!f.nise_end.empty()) {
      OCPAGG_ASSIGN_OR_RETURN(int64_t d, ParseDate(f.nise_end).WithContext("--nise-end-date"));
      options.end = d * 86400;
    }
    const auto now = static_cast<int64_t>(std::time(nullptr));
    options.now_hour = now - now % 3600;
    summary = gen::GenerateFromManifest(f.manifest, options);
  } else {
    gen::ScaleOptions scale;
    scale.seed = f.seed;
    scale.clusters = f.clusters;
    scale.nodes = f.nodes;
    scale.pods = f.pods;
    scale.namespaces = f.namespaces;
    scale.days = f.days;
    scale.rows = f.rows;
    OCPAGG_ASSIGN_OR_RETURN(scale.start_day, ParseDate(f.start).WithContext("--start"));
    summary = gen::GenerateScale(scale, options);
  }
  if (show_progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) return summary.status();
  if (!f.quiet) std::printf("%s\n", summary->ToJson().c_str());
  if (show_progress) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "[generate] done in %.2f s: %lld hourly pod rows in %lld files under %s\n",
                 secs, static_cast<long long>(summary->rows["pod_usage"]),
                 static_cast<long long>(summary->files["pod_usage"]), f.out.c_str());
  }
  return Status::OK();
}

}  // namespace

void AddGenerateCommand(CLI::App& app, std::vector<Command>* commands) {
  auto f = std::make_shared<GenerateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write Koku-layout OCP Parquet (hourly + daily pod_usage, storage_usage, node_labels, "
      "namespace_labels under DIR/data/parquet/...) and DIR/ocpagg.yaml, from a nise static "
      "manifest (--manifest) or synthetic data of a given size (scale mode, the default). Prints "
      "a JSON summary (rows, files, sums) on stdout. docs/generator.md");
  cmd->add_option("--out", f->out,
                  "Output folder (created if missing), or an S3 prefix s3://bucket/prefix "
                  "(docs/s3.md)")
      ->required();
  cmd->add_option("--manifest", f->manifest,
                  "nise static OCP manifest (YAML): produce the rows nise would produce, with "
                  "its quirks (docs/generator.md); without it: scale mode");
  cmd->add_option("--seed", f->seed,
                  "Seed of every random value; the same seed gives byte-identical files")
      ->capture_default_str();
  cmd->add_option("--clusters", f->clusters, "Scale mode: clusters (one source each)")
      ->capture_default_str();
  cmd->add_option("--nodes", f->nodes, "Scale mode: nodes per cluster")->capture_default_str();
  cmd->add_option("--pods", f->pods,
                  "Scale mode: pods running at once per node (overridden by --rows)")
      ->capture_default_str();
  cmd->add_option("--namespaces", f->namespaces,
                  "Scale mode: user namespaces per cluster (plus 4 platform ones)")
      ->capture_default_str();
  cmd->add_option("--days", f->days, "Scale mode: days of data")->capture_default_str();
  cmd->add_option("--start", f->start, "Scale mode: first day, YYYY-MM-DD")->capture_default_str();
  cmd->add_option("--rows", f->rows,
                  "Scale mode: exactly N hourly pod rows (sizes --pods to reach it; 0 = no cap)")
      ->capture_default_str();
  cmd->add_flag("--csv", f->csv,
                "Also write the operator CSV files (nise's format) under DIR/csv/");
  cmd->add_flag("--no-parquet", f->no_parquet, "Do not write Parquet (use with --csv)");
  cmd->add_option("--account", f->account, "Account (org id) path component of Koku's layout")
      ->capture_default_str();
  cmd->add_option("--cluster-id", f->cluster_id,
                  "Manifest mode: cluster id (nise's --ocp-cluster-id) for ocpagg.yaml and CSV "
                  "names")
      ->capture_default_str();
  cmd->add_option("--cluster-alias", f->cluster_alias,
                  "Cluster alias written to ocpagg.yaml (default: the cluster id / 'OCP Cluster "
                  "NN')");
  cmd->add_option("--source", f->source,
                  "Manifest mode: provider uuid (default: derived from --seed)");
  cmd->add_option("--manifest-id", f->manifest_id,
                  "First Koku manifest id in file names (one per month in manifest mode, one per "
                  "day in scale mode)")
      ->capture_default_str();
  cmd->add_option("--file-rows", f->file_rows,
                  "Rows per uploaded CSV file before Koku's per-day split (nise's "
                  "--file-row-limit; several files per day make several daily rows per pod)")
      ->capture_default_str();
  cmd->add_option("--chunk-rows", f->chunk_rows,
                  "Rows per Parquet file (Koku's PARQUET_PROCESSING_BATCH_SIZE)")
      ->capture_default_str();
  cmd->add_option("--nise-start-date", f->nise_start,
                  "Manifest mode: nise's --start-date for generators without start_date");
  cmd->add_option("--nise-end-date", f->nise_end,
                  "Manifest mode: nise's --end-date for generators without end_date");
  cmd->add_option("--threads", f->threads, "Worker threads (default: one per core)");
  cmd->add_flag("--progress", f->progress, "Print progress even when stderr is not a terminal");
  cmd->add_flag("--quiet", f->quiet, "Print nothing but errors (no JSON summary)");
  AddS3Flags(cmd, &f->s3);
  commands->push_back({cmd, [f] { return RunGenerate(*f); }});
}

}  // namespace ocpagg::cli
