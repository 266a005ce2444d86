#pragma once

// `ocpagg generate`: the driver that ties the module together (module overview: gen/frame.h).
//
//   manifest mode  nise manifest -> nise rows (nise_rows.h) -> Koku layout (koku_layout.h) ->
//                  Parquet (writer.h); one upload (= Koku manifest) per calendar month, as nise
//                  run with --insights-upload --daily-reports would send it.
//   scale mode     plan (scale.h) -> per cluster and day, on `threads` threads -> the same
//                  layout; one upload per day.
// Both write `ocpagg.yaml` (ocp/config.h) beside the data and can add the operator CSV files.
// Output is byte-identical for the same inputs and seed, whatever the thread count.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "gen/frame.h"
#include "gen/scale.h"
#include "io/file_system.h"

namespace ocpagg::gen {

struct GenerateOptions {
  std::string out_dir;
  io::FileSystem* file_system = nullptr;  // where out_dir is; not owned; null = local
  uint64_t seed = 1;
  bool parquet = true;
  bool csv = false;  // also write the operator CSV files under out_dir/csv/
  std::string account = "org1234567";
  std::string cluster_id = "test-cluster-001";  // manifest mode (scale mode names its own)
  std::optional<std::string> cluster_alias;
  std::optional<std::string> source;  // manifest mode provider uuid; default: derived from seed
  int64_t manifest_id = 1;            // first Koku manifest id
  int64_t file_rows = 100000;         // rows per uploaded CSV before the day split
  int64_t chunk_rows = 200000;        // PARQUET_PROCESSING_BATCH_SIZE
  int threads = 0;                    // 0: all cores
  // Manifest mode: nise's --start-date / --end-date (seconds) and "now" (whole hour).
  std::optional<int64_t> start, end;
  int64_t now_hour = 0;
  /// Called now and then with (rows done, rows expected) of pod usage; may be empty.
  std::function<void(int64_t, int64_t)> progress;
};

/// What was written, for the caller to print and tests to check. Sums are over the hourly files.
struct GenerateSummary {
  struct Source {
    std::string cluster_id, source, config_path;
  };
  std::vector<Source> sources;
  std::map<std::string, int64_t> rows;        // report type -> hourly rows written
  std::map<std::string, int64_t> daily_rows;  // report type -> daily rows written
  std::map<std::string, int64_t> files;       // report type -> hourly files
  std::map<std::string, double> sums;         // "<type>.<column>" -> sum over hourly rows
  std::map<std::string, double> daily_sums;   // "<type>.<column>" -> sum over daily rows
  /// JSON object text (stable key order).
  std::string ToJson() const;
};

/// Manifest mode. Errors name the manifest and the place in it, or the file being written.
Result<GenerateSummary> GenerateFromManifest(const std::string& manifest_path,
                                             const GenerateOptions& options);

/// Scale mode.
Result<GenerateSummary> GenerateScale(const ScaleOptions& scale, const GenerateOptions& options);

}  // namespace ocpagg::gen
