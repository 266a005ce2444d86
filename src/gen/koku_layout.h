#pragma once

// What Koku does with the operator's CSV files before Trino reads them (ocp-daily-summary.md
// §1.1-§1.4; K: = project-koku/koku @768be825): from raw frames (gen/frame.h) to the hourly and
// daily Parquet frames and their S3 keys.
//
//   1. ingest   every cell equal to a pandas NA token becomes empty; name fields are NUL-stripped
//               and HTML-escaped (K:koku/masu/external/kafka_msg_handler.py:87-111,
//               K:koku/masu/util/ocp/ocp_data_validator.py:47-65,179-203);
//   2. day split one CSV per UTC day of interval_start, `<type>.<YYYY-MM-DD>.<manifest>.<n>.csv`,
//               n counting per (type, day, manifest) (kafka_msg_handler.py:114-160);
//   3. chunks   200 000-row chunks (PARQUET_PROCESSING_BATCH_SIZE, K:koku/koku/settings.py:637);
//   4. convert  metrics to double with empty = 0.0 (`safe_float`), labels to JSON text, rows with a
//               metric > 1e18 dropped, pod effective usage = max(usage, request) per row
//               (K:koku/masu/util/ocp/ocp_post_processor.py:114-166,338-366;
//               K:koku/masu/util/ocp/common.py:386-404);
//   5. rollup   per chunk: group by the type's keys + day, sum / max, missing new columns added as
//               all-NULL strings (ocp_post_processor.py:232-255, common.py:90-384);
//   6. files    `<stem>_<chunk>.parquet` and `<stem>_daily_<chunk>.parquet` under
//               data/parquet[/daily]/<account>/OCP/<type>/source=<uuid>/year=YYYY/month=MM/
//               (K:koku/masu/util/common.py:272-292, parquet_report_processor.py:467-568).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "gen/frame.h"

namespace ocpagg::gen {

/// Koku's label text -> JSON (`process_openshift_labels_to_json`, ocp_post_processor.py:114-146):
/// split on '|', skip parts without ':', drop parts with two or more ':', remove every "label_"
/// from the key, later duplicates overwrite in place, then Python `json.dumps` (separators ", " and
/// ": ", ASCII-escaped). Empty text -> "{}".
std::string LabelsToJson(std::string_view raw);

/// The keys of a label text as Koku stores them (the JSON object's keys, unescaped, in order).
std::vector<std::string> LabelKeys(std::string_view raw);

/// True for the strings pandas reads as NA by default ("", "NA", "null", "None", "nan", ...).
bool IsPandasNaToken(std::string_view s);

/// Python `html.escape(s, quote=True)` after removing NUL bytes.
std::string HtmlEscape(std::string_view s);

/// The converted form of every string in a pool, computed once (single-threaded) and then read
/// from any number of threads. Build it after all raw strings are interned; it interns the
/// converted strings into the same pool.
class KokuStrings {
 public:
  static KokuStrings Build(StringPool* pool);
  /// A label cell -> its JSON text.
  uint32_t Label(uint32_t id) const { return label_[id]; }
  /// A name field (namespace, pod, node, ...) -> NA-blanked, NUL-stripped, HTML-escaped.
  uint32_t Name(uint32_t id) const { return name_[id]; }
  /// Any other string cell -> NA-blanked.
  uint32_t Plain(uint32_t id) const { return plain_[id]; }
  size_t size() const { return label_.size(); }

 private:
  std::vector<uint32_t> label_, name_, plain_;
};

/// Steps 1 and 4 on one chunk of raw rows: the hourly frame Koku writes (column order = CSV order
/// plus, for pod_usage, pod_effective_usage_cpu_core_seconds and
/// pod_effective_usage_memory_byte_seconds). Every raw string must be known to `strings`.
Frame ConvertChunk(const Frame& raw, const KokuStrings& strings);

/// Step 5: the daily frame of an hourly frame. Rows sorted by the group keys then day (pandas
/// groupby sort=True), sums in row order with pandas' Kahan compensation.
Frame RollupDaily(const Frame& hourly);

/// Where the files of one source go.
struct LayoutOptions {
  std::string account = "org1234567";
  std::string source;           // provider uuid
  int64_t file_rows = 100000;   // rows per uploaded CSV file before the day split (nise's
                                // --file-row-limit; the operator splits by size); <= 0: no limit
  int64_t chunk_rows = 200000;  // PARQUET_PROCESSING_BATCH_SIZE
};

/// One Parquet file to write: its path relative to the output folder and its frame.
struct OutputFile {
  std::string path;
  const Frame* frame = nullptr;
  bool daily = false;
  int64_t day = 0;  // days since the epoch of the CSV the file came from
};

using EmitFn = std::function<Status(const OutputFile&)>;

/// Counters of `<type>.<day>.<manifest>` CSV names (Koku's manifest.report_tracker).
using FileCounters = std::map<std::string, int64_t>;

/// Steps 2-6 for the rows of one report type in one upload (manifest `manifest_id`): cuts `raw`
/// into files of `file_rows`, splits each by day, chunks, converts, rolls up and hands every
/// hourly and daily file to `emit` in order. Returns the first error of `emit`.
Status ProcessUpload(const Frame& raw, const KokuStrings& strings, const LayoutOptions& options,
                     int64_t manifest_id, FileCounters* counters, const EmitFn& emit);

/// The folder of a report type's files for the month containing day `day`:
/// "data/parquet[/daily]/<account>/OCP/<type>/source=<uuid>/year=YYYY/month=MM".
std::string PartitionDir(const LayoutOptions& options, ReportType type, int64_t day, bool daily);

}  // namespace ocpagg::gen
