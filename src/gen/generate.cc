#include "gen/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "common/date.h"
#include "gen/koku_layout.h"
#include "gen/manifest.h"
#include "gen/nise_rows.h"
#include "gen/random.h"
#include "gen/writer.h"
#include "io/file.h"
#include "ocp/config.h"

namespace ocpagg::gen {
namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

std::string UuidFromSeed(uint64_t seed, uint64_t stream) {
  Rng rng(DeriveSeed(seed, stream));
  std::string h = rng.Hex(32);
  h[12] = '4';
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4),
                     h.substr(16, 4), h.substr(20));
}

void AddFrameStats(const Frame& f, bool daily, GenerateSummary* s) {
  const std::string type(ReportTypeName(f.type));
  auto& rows = daily ? s->daily_rows : s->rows;
  auto& sums = daily ? s->daily_sums : s->sums;
  rows[type] += static_cast<int64_t>(f.rows);
  if (!daily) s->files[type] += 1;
  for (const Column& c : f.columns) {
    if (c.kind != ColumnKind::kDouble || c.all_null) continue;
    double& sum = sums[type + "." + c.name];
    for (double v : c.f64) sum += v;
  }
}

void Merge(const GenerateSummary& from, GenerateSummary* to) {
  for (const auto& [k, v] : from.rows) to->rows[k] += v;
  for (const auto& [k, v] : from.daily_rows) to->daily_rows[k] += v;
  for (const auto& [k, v] : from.files) to->files[k] += v;
  for (const auto& [k, v] : from.sums) to->sums[k] += v;
  for (const auto& [k, v] : from.daily_sums) to->daily_sums[k] += v;
}

io::FileSystem& Files(const GenerateOptions& options) {
  return options.file_system ? *options.file_system : io::LocalFileSystem();
}

EmitFn MakeEmitter(const GenerateOptions& options, GenerateSummary* summary) {
  return [&options, summary](const OutputFile& file) -> Status {
    AddFrameStats(*file.frame, file.daily, summary);
    if (!options.parquet) return Status::OK();
    return WriteParquetFile(options.out_dir + "/" + file.path, *file.frame, Files(options));
  };
}

void CollectLabelKeys(std::string_view raw, std::set<std::string>* keys) {
  for (std::string& k : LabelKeys(raw)) keys->insert(std::move(k));
}

Status WriteConfig(const GenerateOptions& options, const std::string& path,
                   const std::string& cluster_id, const std::string& source,
                   std::vector<std::string> enabled_keys,
                   std::vector<ocp::CostCategoryPattern> categories) {
  ocp::SummaryConfig config;
  config.source = source;
  config.cluster_id = cluster_id;
  config.cluster_alias = options.cluster_alias ? *options.cluster_alias : cluster_id;
  config.report_period_id = 1;
  config.account = options.account;
  config.enabled_tag_keys = std::move(enabled_keys);
  config.cost_categories = std::move(categories);
  const std::string text = FormatSummaryConfig(config) + "\n";
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> file, Files(options).OpenWrite(path));
  OCPAGG_RETURN_IF_ERROR(file->Append(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
  return file->Close();
}

// nise's monthly CSV files, split at its --file-row-limit (N:nise/report.py:925-960).
Status WriteNiseMonthCsv(const GenerateOptions& options, const NiseMonth& month) {
  const CivilDate d = CivilFromDays(static_cast<int32_t>(month.month_start / 86400));
  for (ReportType type : kAllReportTypes) {
    const Frame& f = month.Get(type);
    const std::string base =
        fmt::format("{}/csv/{}-{}-{}-{}", options.out_dir, kMonthNames[d.month - 1], d.year,
                    options.cluster_id, NiseReportTypeName(type));
    const size_t limit = options.file_rows > 0 ? static_cast<size_t>(options.file_rows) : 0;
    if (limit == 0 || f.rows < limit) {
      OCPAGG_RETURN_IF_ERROR(WriteNiseCsv(base + ".csv", f, Files(options)));
      continue;
    }
    size_t number = 0;
    for (size_t begin = 0; begin <= f.rows; begin += limit) {
      Frame part = f.EmptyLike();
      part.AppendRange(f, begin, std::min(f.rows, begin + limit));
      OCPAGG_RETURN_IF_ERROR(
          WriteNiseCsv(fmt::format("{}-{}.csv", base, ++number), part, Files(options)));
      if (begin + limit > f.rows) break;
    }
  }
  return Status::OK();
}

}  // namespace

std::string GenerateSummary::ToJson() const {
  std::string out = "{";
  const auto add_map = [&](const char* name, const auto& map, bool first) {
    if (!first) out += ", ";
    out += fmt::format("\"{}\": {{", name);
    bool f = true;
    for (const auto& [k, v] : map) {
      if (!f) out += ", ";
      f = false;
      out += fmt::format("\"{}\": {}", k, v);
    }
    out += "}";
  };
  out += "\"sources\": [";
  for (size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format(R"({{"cluster_id": "{}", "source": "{}", "config": "{}"}})",
                       sources[i].cluster_id, sources[i].source, sources[i].config_path);
  }
  out += "]";
  add_map("rows", rows, false);
  add_map("daily_rows", daily_rows, false);
  add_map("files", files, false);
  add_map("sums", sums, false);
  add_map("daily_sums", daily_sums, false);
  out += "}";
  return out;
}

Result<GenerateSummary> GenerateFromManifest(const std::string& manifest_path,
                                             const GenerateOptions& options) {
  OCPAGG_ASSIGN_OR_RETURN(Manifest manifest, LoadManifest(manifest_path));
  StringPool pool;
  NiseOptions nise;
  nise.seed = options.seed;
  nise.cli_start = options.start;
  nise.cli_end = options.end;
  nise.now_hour = options.now_hour;
  OCPAGG_ASSIGN_OR_RETURN(std::vector<NiseMonth> months, GenerateNiseRows(manifest, nise, &pool));
  // Label keys, from the raw label cells.
  std::set<std::string> keys;
  for (const NiseMonth& m : months) {
    for (ReportType type : kAllReportTypes) {
      const Frame& f = m.Get(type);
      std::set<uint32_t> ids;
      for (const Column& c : f.columns) {
        if (c.is_label) ids.insert(c.ids.begin(), c.ids.end());
      }
      for (uint32_t id : ids) {
        CollectLabelKeys(IsPandasNaToken(pool.Get(id)) ? "" : pool.Get(id), &keys);
      }
    }
  }
  const KokuStrings strings = KokuStrings::Build(&pool);
  LayoutOptions layout;
  layout.account = options.account;
  layout.source = options.source ? *options.source : UuidFromSeed(options.seed, 7);
  layout.file_rows = options.file_rows;
  layout.chunk_rows = options.chunk_rows;
  GenerateSummary summary;
  const EmitFn emit = MakeEmitter(options, &summary);
  FileCounters counters;
  int64_t total = 0;
  for (const NiseMonth& m : months) total += static_cast<int64_t>(m.pod_usage.rows);
  int64_t done = 0;
  for (size_t i = 0; i < months.size(); ++i) {
    const int64_t manifest_id = options.manifest_id + static_cast<int64_t>(i);
    for (ReportType type : kAllReportTypes) {
      OCPAGG_RETURN_IF_ERROR(
          ProcessUpload(months[i].Get(type), strings, layout, manifest_id, &counters, emit));
    }
    if (options.csv) OCPAGG_RETURN_IF_ERROR(WriteNiseMonthCsv(options, months[i]));
    done += static_cast<int64_t>(months[i].pod_usage.rows);
    if (options.progress) options.progress(done, total);
  }
  const std::string config_path = options.out_dir + "/ocpagg.yaml";
  OCPAGG_RETURN_IF_ERROR(WriteConfig(options, config_path, options.cluster_id, layout.source,
                                     {keys.begin(), keys.end()}, ocp::DefaultCostCategories()));
  summary.sources.push_back({options.cluster_id, layout.source, config_path});
  return summary;
}

Result<GenerateSummary> GenerateScale(const ScaleOptions& scale, const GenerateOptions& options) {
  StringPool pool;
  const ScalePlan plan = MakeScalePlan(scale, &pool);
  const KokuStrings strings = KokuStrings::Build(&pool);
  const size_t clusters = plan.clusters.size();
  const auto days = static_cast<size_t>(plan.options.days);
  const size_t tasks = clusters * days;
  int64_t total = 0;
  for (size_t c = 0; c < clusters; ++c) {
    for (size_t d = 0; d < days; ++d) {
      const int64_t cap = plan.pod_row_caps[c][d];
      total += cap >= 0 ? cap : plan.pod_rows[c][d];
    }
  }
  std::vector<GenerateSummary> task_summaries(tasks);
  std::vector<Status> task_status(tasks);
  std::atomic<size_t> next{0};
  std::atomic<int64_t> done{0};
  std::mutex progress_mu;
  const auto worker = [&]() {
    while (true) {
      const size_t t = next.fetch_add(1);
      if (t >= tasks) return;
      const size_t c = t / days;
      const int d = static_cast<int>(t % days);
      const ScaleCluster& cl = plan.clusters[c];
      DayFrames frames = GenerateScaleDay(plan, c, d, &pool);
      LayoutOptions layout;
      layout.account = options.account;
      layout.source = cl.source;
      layout.file_rows = options.file_rows;
      layout.chunk_rows = options.chunk_rows;
      FileCounters counters;
      const EmitFn emit = MakeEmitter(options, &task_summaries[t]);
      // One upload (Koku manifest) per day and cluster, as the operator's daily reports.
      const int64_t manifest_id = options.manifest_id + d;
      Status st;
      for (ReportType type : kAllReportTypes) {
        st = ProcessUpload(frames.Get(type), strings, layout, manifest_id, &counters, emit);
        if (!st.ok()) break;
        if (options.csv) {
          st =
              WriteNiseCsv(fmt::format("{}/csv/{}/{}-{}.csv", options.out_dir, cl.cluster_id,
                                       FormatDate(static_cast<int32_t>(plan.options.start_day + d)),
                                       NiseReportTypeName(type)),
                           frames.Get(type), Files(options));
          if (!st.ok()) break;
        }
      }
      task_status[t] = st;
      const int64_t now = done.fetch_add(static_cast<int64_t>(frames.pod_usage.rows)) +
                          static_cast<int64_t>(frames.pod_usage.rows);
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mu);
        options.progress(now, total);
      }
    }
  };
  size_t threads = options.threads > 0 ? static_cast<size_t>(options.threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, tasks);
  std::vector<std::thread> pool_threads;
  for (size_t i = 1; i < threads; ++i) pool_threads.emplace_back(worker);
  worker();
  for (std::thread& th : pool_threads) th.join();
  GenerateSummary summary;
  for (size_t t = 0; t < tasks; ++t) {
    OCPAGG_RETURN_IF_ERROR(task_status[t]);
    Merge(task_summaries[t], &summary);
  }
  // Side inputs: a config per cluster; ocpagg.yaml is the first cluster's.
  for (size_t c = 0; c < clusters; ++c) {
    const ScaleCluster& cl = plan.clusters[c];
    std::vector<std::string> enabled;
    for (const std::string& k : cl.label_keys) {
      // A few keys stay disabled, as new keys are in Koku (ocp-daily-summary.md §4).
      if (k == "instance" || k == "customer" || k == "sla" || k == "kubernetes_io_hostname") {
        continue;
      }
      enabled.push_back(k);
    }
    std::vector<ocp::CostCategoryPattern> categories = ocp::DefaultCostCategories();
    categories.push_back({2, "payments-%"});
    GenerateOptions per = options;
    per.cluster_alias =
        options.cluster_alias ? *options.cluster_alias : fmt::format("OCP Cluster {:02d}", c + 1);
    const std::string path = c == 0
                                 ? options.out_dir + "/ocpagg.yaml"
                                 : fmt::format("{}/ocpagg.{}.yaml", options.out_dir, cl.cluster_id);
    OCPAGG_RETURN_IF_ERROR(WriteConfig(per, path, cl.cluster_id, cl.source, enabled, categories));
    summary.sources.push_back({cl.cluster_id, cl.source, path});
  }
  return summary;
}

}  // namespace ocpagg::gen
