#pragma once

// In-memory tables of the generator (module ocpagg::gen).
//
// The generator works in three stages, all on the types below:
//   nise_rows / scale   produce the operator's CSV rows ("raw" frames: label columns hold the
//                       operator's `a:b|c:d` text, numbers remember whether Python would print
//                       them as int or float, missing numbers are NaN = an empty CSV cell);
//   koku_layout         turns raw frames into what Koku writes to Parquet (hourly and daily
//                       frames: label JSON, effective usage, the daily rollup);
//   writer              turns frames into Parquet (or CSV) files.
//
// Frames are column-wise. Strings are ids into a StringPool, so a column of ten million rows holds
// ten million uint32_t and no per-row allocation happens anywhere.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ocp/input.h"

namespace ocpagg::gen {

/// Interned strings with stable views. Not thread-safe for Intern(); Get() may be called from any
/// number of threads while nobody interns.
class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  /// The id of `s`, adding it if new. Id 0 is always the empty string.
  uint32_t Intern(std::string_view s);
  /// The bytes of `id`; valid as long as the pool lives.
  std::string_view Get(uint32_t id) const { return views_[id]; }
  size_t size() const { return views_.size(); }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, uint32_t> index_;
};

/// The operator report types (Koku's report_type path component, K:koku/masu/util/ocp/common.py:
/// 90-384 OCP_REPORT_TYPES), shared with the summary's input reader. vm_usage and gpu_usage are
/// not generated.
using ocp::ReportType;
using ocp::ReportTypeName;  // "pod_usage", "storage_usage", "node_labels", "namespace_labels"
inline constexpr ReportType kAllReportTypes[] = {ReportType::kPodUsage, ReportType::kStorageUsage,
                                                 ReportType::kNodeLabels,
                                                 ReportType::kNamespaceLabels};

/// nise's CSV name part: "ocp_pod_usage", "ocp_storage_usage", "ocp_node_label",
/// "ocp_namespace_label" (N:nise/generators/ocp/ocp_generator.py:43-46).
std::string_view NiseReportTypeName(ReportType type);

enum class ColumnKind : uint8_t {
  kTimestamp,  // int64 milliseconds since the epoch, UTC wall clock
  kDouble,     // double (raw frames: NaN = empty cell)
  kString,     // StringPool id
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kString;
  bool is_label = false;  // raw frames: operator label text, converted to JSON by koku_layout
  bool all_null = false;  // a column Koku adds as all-NULL (new_required_columns); no values
  std::vector<int64_t> i64;
  std::vector<double> f64;
  std::vector<uint8_t> py_int;  // raw frames, optional: 1 = Python would print an int
  std::vector<uint32_t> ids;

  size_t size() const;
  void Reserve(size_t n);
  /// Appends row `row` of `other` (same kind).
  void AppendFrom(const Column& other, size_t row);
};

/// A table of one report type. `pool` must outlive the frame; frames that share a pool may be
/// read concurrently.
struct Frame {
  ReportType type = ReportType::kPodUsage;
  const StringPool* pool = nullptr;
  std::vector<Column> columns;
  size_t rows = 0;

  /// Index of the column named `name`, or -1.
  int Find(std::string_view name) const;
  /// A frame with the same columns and no rows.
  Frame EmptyLike() const;
  /// Appends the rows `indices` of `other` (same schema).
  void AppendRows(const Frame& other, const std::vector<uint32_t>& indices);
  /// Appends rows [begin, end) of `other` (same schema).
  void AppendRange(const Frame& other, size_t begin, size_t end);
};

/// The operator CSV columns of `type` in CSV order (nise's OCP_*_COLUMNS,
/// N:nise/generators/ocp/ocp_generator.py:51-107), with kinds; `with_node_role` appends the
/// operator 4.x `node_role` column to pod_usage.
Frame MakeRawFrame(ReportType type, const StringPool* pool, bool with_node_role = false);

/// One frame per report type (a month of nise rows, a day of scale-mode rows).
struct ReportFrames {
  Frame pod_usage, storage_usage, node_labels, namespace_labels;

  Frame& Get(ReportType type);
  const Frame& Get(ReportType type) const;
};

}  // namespace ocpagg::gen
