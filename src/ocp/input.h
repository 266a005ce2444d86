#pragma once

// Koku-layout OCP Parquet input (spec §1.2): finding the files of a source and month, checking
// their columns, and reading the row groups that hold a given day.
//
//   hourly
//   <root>/data/parquet/<account>/OCP/<report_type>/source=<uuid>/year=YYYY/month=MM/*.parquet
//   daily
//   <root>/data/parquet/daily/<account>/OCP/<report_type>/source=<uuid>/year=YYYY/month=MM/*.parquet
//
// Row groups are matched to days through the min/max statistics of `interval_start`, so a day
// reads only its own row groups; a row group without statistics is read for every day.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "common/result.h"
#include "io/file_system.h"
#include "parquet/file_reader.h"

namespace ocpagg::ocp {

enum class ReportType : uint8_t { kPodUsage, kStorageUsage, kNodeLabels, kNamespaceLabels };
inline constexpr size_t kReportTypeCount = 4;

/// Koku's folder name: "pod_usage", "storage_usage", "node_labels", "namespace_labels".
std::string_view ReportTypeName(ReportType type);

/// How a column is used: strings, metrics (read as double) or timestamps (read as milliseconds).
enum class ValueKind : uint8_t { kString, kDouble, kTimestamp };

struct ColumnSpec {
  std::string_view name;
  ValueKind kind;
  bool required;  // missing required columns are an error; optional ones read as NULL
};

/// One Parquet file of the input, opened (footer read), with the day span of each row group.
struct InputFile {
  std::string path;
  std::unique_ptr<parquet::FileReader> reader;
  size_t interval_start_column = 0;
  int64_t units_per_day = 86400000;                         // of interval_start (ms, us or ns)
  std::vector<std::pair<int32_t, int32_t>> row_group_days;  // [min, max] day, inclusive
};

/// All input files of one source and month.
struct InputSet {
  std::vector<InputFile> hourly[kReportTypeCount];
  std::vector<InputFile> daily[kReportTypeCount];
  uint64_t total_bytes = 0;
};

/// Finds and opens the files under `root` of `files` (the local disk, or S3 with s3:// paths;
/// footers are read by a few threads at once). `account` empty = every account folder. NotFound
/// when the source has no pod usage file for the month; Corruption/NotSupported name the file.
Result<InputSet> OpenInput(io::FileSystem& files, const std::string& root,
                           const std::string& account, const std::string& source, int32_t year,
                           uint32_t month);

/// The same on the local file system.
Result<InputSet> OpenInput(const std::string& root, const std::string& account,
                           const std::string& source, int32_t year, uint32_t month);

/// The columns of `specs` in `file`: the column index, or nullopt for a missing optional
/// column. InvalidArgument names the file and the column when a required column is missing or
/// has a type the rule cannot use.
Result<std::vector<std::optional<size_t>>> ResolveColumns(const InputFile& file,
                                                          std::span<const ColumnSpec> specs);

/// Days since 1970-01-01 of each row's timestamp (NULL timestamps get INT32_MIN).
void TimestampDays(const columnar::ColumnBatch& batch, int64_t units_per_day,
                   std::vector<int32_t>* days);

/// A timestamp column's values converted to milliseconds (NULL -> INT64_MIN).
void TimestampMillis(const columnar::ColumnBatch& batch, int64_t units_per_day,
                     std::vector<int64_t>* millis);

}  // namespace ocpagg::ocp
