#include "ocp/input.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace ocpagg::ocp {
namespace {

using parquet::Annotation;
using parquet::PhysicalType;

constexpr int32_t kUnknownLow = INT32_MIN;
constexpr int32_t kUnknownHigh = INT32_MAX;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// INT96 (Impala/Spark): nanoseconds of the day, then the Julian day.
int64_t Int96ToNanos(const uint8_t* p) {
  int64_t nanos;
  int32_t julian;
  std::memcpy(&nanos, p, 8);
  std::memcpy(&julian, p + 8, 4);
  return (int64_t{julian} - 2440588) * 86400LL * 1000000000LL + nanos;
}

// Opens one input file (reads its footer) and finds the day span of each row group.
Result<InputFile> OpenInputFile(io::FileSystem& files, const io::FileInfo& info) {
  const std::string& path = info.path;
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> source,
                          files.OpenRead(path, info.size));
  OCPAGG_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(std::move(source)));
  InputFile file;
  file.path = path;
  std::optional<size_t> ts = reader->schema().Find("interval_start");
  if (!ts) {
    return Status::InvalidArgument(
        fmt::format("{}: required column 'interval_start' is missing", path));
  }
  const parquet::ColumnDescriptor& column = reader->schema().column(*ts);
  if (column.physical_type == PhysicalType::kInt64 && column.annotation == Annotation::kTimestamp) {
    file.units_per_day = column.unit == parquet::TimeUnit::kMillis   ? 86400000LL
                         : column.unit == parquet::TimeUnit::kMicros ? 86400000000LL
                                                                     : 86400000000000LL;
  } else if (column.physical_type == PhysicalType::kInt96) {
    file.units_per_day = 0;  // marks INT96
  } else {
    return Status::InvalidArgument(
        fmt::format("{}: column 'interval_start' must be a TIMESTAMP (INT64 or INT96), found {}",
                    path, parquet::PhysicalTypeName(column.physical_type)));
  }
  file.interval_start_column = *ts;
  for (size_t rg = 0; rg < reader->num_row_groups(); ++rg) {
    std::pair<int32_t, int32_t> span{kUnknownLow, kUnknownHigh};
    const parquet::ChunkStatistics stats = reader->Statistics(rg, *ts);
    if (file.units_per_day > 0 && stats.min && stats.max && stats.min->size() == 8 &&
        stats.max->size() == 8 && stats.min_is_exact && stats.max_is_exact) {
      int64_t lo, hi;
      std::memcpy(&lo, stats.min->data(), 8);
      std::memcpy(&hi, stats.max->data(), 8);
      span = {static_cast<int32_t>(FloorDiv(lo, file.units_per_day)),
              static_cast<int32_t>(FloorDiv(hi, file.units_per_day))};
    }
    file.row_group_days.push_back(span);
  }
  file.reader = std::move(reader);
  return file;
}

// A file found by the listing, and where it goes in the InputSet.
struct Candidate {
  io::FileInfo info;
  bool daily = false;
  ReportType type = ReportType::kPodUsage;
};

Status AddFiles(io::FileSystem& files, const std::string& dir, bool daily, ReportType type,
                std::vector<Candidate>* out) {
  OCPAGG_ASSIGN_OR_RETURN(std::vector<io::FileInfo> listed, files.ListFiles(dir));
  for (io::FileInfo& info : listed) {
    if (info.path.ends_with(".parquet")) out->push_back({std::move(info), daily, type});
  }
  return Status::OK();
}

// Footers are read by a few threads at once: on an object store each is a round trip.
constexpr size_t kOpenThreads = 8;

Status OpenCandidates(io::FileSystem& files, std::vector<Candidate> candidates, InputSet* set) {
  std::vector<std::optional<Result<InputFile>>> opened(candidates.size());
  std::atomic<size_t> next{0};
  const auto worker = [&] {
    for (size_t i = next.fetch_add(1); i < candidates.size(); i = next.fetch_add(1)) {
      opened[i].emplace(OpenInputFile(files, candidates[i].info));
    }
  };
  std::vector<std::thread> threads;
  const size_t count = std::min(kOpenThreads, candidates.size());
  for (size_t t = 1; t < count; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < candidates.size(); ++i) {
    Result<InputFile>& file = *opened[i];
    if (!file.ok()) return file.status();
    set->total_bytes += file->reader->file_size();
    (candidates[i].daily ? set->daily : set->hourly)[static_cast<size_t>(candidates[i].type)]
        .push_back(std::move(file).value());
  }
  return Status::OK();
}

}  // namespace

std::string_view ReportTypeName(ReportType type) {
  switch (type) {
    case ReportType::kPodUsage:
      return "pod_usage";
    case ReportType::kStorageUsage:
      return "storage_usage";
    case ReportType::kNodeLabels:
      return "node_labels";
    case ReportType::kNamespaceLabels:
      return "namespace_labels";
  }
  return "";
}

Result<InputSet> OpenInput(const std::string& root, const std::string& account,
                           const std::string& source, int32_t year, uint32_t month) {
  return OpenInput(io::LocalFileSystem(), root, account, source, year, month);
}

Result<InputSet> OpenInput(io::FileSystem& files, const std::string& root,
                           const std::string& account, const std::string& source, int32_t year,
                           uint32_t month) {
  const std::string base = io::JoinPath(io::JoinPath(root, "data"), "parquet");
  OCPAGG_ASSIGN_OR_RETURN(bool base_exists, files.DirExists(base));
  if (!base_exists) {
    return Status::NotFound(fmt::format("{}: no Koku data folder ({} is missing)", root, base));
  }
  std::vector<std::string> accounts;
  if (!account.empty()) {
    accounts.push_back(account);
  } else {
    OCPAGG_ASSIGN_OR_RETURN(std::vector<std::string> dirs, files.ListDirs(base));
    for (std::string& dir : dirs) {
      if (dir != "daily") accounts.push_back(std::move(dir));
    }
  }
  std::vector<Candidate> candidates;
  const std::string partition =
      fmt::format("source={}/year={:04}/month={:02}", source, year, month);
  for (const std::string& acct : accounts) {
    for (size_t t = 0; t < kReportTypeCount; ++t) {
      const auto type = static_cast<ReportType>(t);
      const std::string rel = fmt::format("{}/OCP/{}/{}", acct, ReportTypeName(type), partition);
      OCPAGG_RETURN_IF_ERROR(
          AddFiles(files, io::JoinPath(base, rel), /*daily=*/false, type, &candidates));
      OCPAGG_RETURN_IF_ERROR(AddFiles(files, io::JoinPath(io::JoinPath(base, "daily"), rel),
                                      /*daily=*/true, type, &candidates));
    }
  }
  InputSet set;
  OCPAGG_RETURN_IF_ERROR(OpenCandidates(files, std::move(candidates), &set));
  const size_t pod = static_cast<size_t>(ReportType::kPodUsage);
  if (set.hourly[pod].empty() && set.daily[pod].empty()) {
    return Status::NotFound(
        fmt::format("{}: no pod_usage Parquet for source {} in {:04}-{:02} (looked under "
                    "{}/*/OCP/pod_usage/{})",
                    root, source, year, month, base, partition));
  }
  return set;
}

Result<std::vector<std::optional<size_t>>> ResolveColumns(const InputFile& file,
                                                          std::span<const ColumnSpec> specs) {
  std::vector<std::optional<size_t>> out;
  out.reserve(specs.size());
  const parquet::FlatSchema& schema = file.reader->schema();
  for (const ColumnSpec& spec : specs) {
    std::optional<size_t> index = schema.Find(spec.name);
    if (!index) {
      if (spec.required) {
        return Status::InvalidArgument(
            fmt::format("{}: required column '{}' is missing", file.path, spec.name));
      }
      out.push_back(std::nullopt);
      continue;
    }
    const parquet::ColumnDescriptor& c = schema.column(*index);
    bool ok = false;
    switch (spec.kind) {
      case ValueKind::kString:
        ok = c.physical_type == PhysicalType::kByteArray;
        break;
      case ValueKind::kDouble:
        ok =
            c.physical_type == PhysicalType::kDouble || c.physical_type == PhysicalType::kFloat ||
            ((c.physical_type == PhysicalType::kInt32 || c.physical_type == PhysicalType::kInt64) &&
             c.annotation != Annotation::kDecimal);
        break;
      case ValueKind::kTimestamp:
        ok = (c.physical_type == PhysicalType::kInt64 && c.annotation == Annotation::kTimestamp) ||
             c.physical_type == PhysicalType::kInt96;
        break;
    }
    if (!ok) {
      return Status::InvalidArgument(fmt::format(
          "{}: column '{}' has type {} {}, which this rule cannot read as {}", file.path, spec.name,
          parquet::PhysicalTypeName(c.physical_type), parquet::DescribeAnnotation(c),
          spec.kind == ValueKind::kString   ? "a string"
          : spec.kind == ValueKind::kDouble ? "a number"
                                            : "a timestamp"));
    }
    out.push_back(index);
  }
  return out;
}

void TimestampMillis(const columnar::ColumnBatch& batch, int64_t units_per_day,
                     std::vector<int64_t>* millis) {
  millis->resize(batch.length);
  const int64_t per_ms = units_per_day / 86400000;
  for (size_t row = 0; row < batch.length; ++row) {
    if (batch.IsNull(row)) {
      (*millis)[row] = INT64_MIN;
      continue;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(batch.Bytes(row).data());
    int64_t v;
    if (units_per_day == 0) {
      v = FloorDiv(Int96ToNanos(p), 1000000);
    } else {
      std::memcpy(&v, p, 8);
      if (per_ms > 1) v = FloorDiv(v, per_ms);
    }
    (*millis)[row] = v;
  }
}

void TimestampDays(const columnar::ColumnBatch& batch, int64_t units_per_day,
                   std::vector<int32_t>* days) {
  days->resize(batch.length);
  if (units_per_day > 0 && !batch.is_dictionary() && batch.valid.empty()) {
    const auto values = batch.values<int64_t>();
    for (size_t row = 0; row < batch.length; ++row) {
      (*days)[row] = static_cast<int32_t>(FloorDiv(values[row], units_per_day));
    }
    return;
  }
  std::vector<int64_t> millis;
  TimestampMillis(batch, units_per_day, &millis);
  for (size_t row = 0; row < batch.length; ++row) {
    (*days)[row] = millis[row] == INT64_MIN ? INT32_MIN
                                            : static_cast<int32_t>(FloorDiv(millis[row], 86400000));
  }
}

}  // namespace ocpagg::ocp
