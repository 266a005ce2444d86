#include "testing/koku_fixture.h"

#include <fmt/format.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>

#include "common/date.h"
#include "io/file.h"
#include "parquet/file_writer.h"

namespace ocpagg::testing {
namespace {

using columnar::ColumnBatch;
using columnar::Storage;
using parquet::WriterColumn;

int64_t ParseDay(const std::string& day) {
  int y = 0, m = 0, d = 0;
  std::sscanf(day.c_str(), "%d-%d-%d", &y, &m, &d);
  return DaysFromCivil({y, static_cast<uint32_t>(m), static_cast<uint32_t>(d)});
}

/// One column of a table being built.
struct Column {
  WriterColumn spec;
  ColumnBatch batch;
};

/// `storage` owns the bytes the batch's views point to (a deque: addresses never move).
Column StringColumn(const std::string& name, const std::vector<std::optional<std::string>>& values,
                    std::deque<std::string>* storage) {
  Column c{{name, WriterColumn::Type::kString, true}, {}};
  c.batch.storage = Storage::kByteArray;
  c.batch.length = values.size();
  c.batch.valid.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    c.batch.valid[i] = values[i].has_value();
    c.batch.null_count += !values[i].has_value();
    storage->push_back(values[i].value_or(""));
    c.batch.strings.push_back(storage->back());
  }
  return c;
}

Column DoubleColumn(const std::string& name, const std::vector<std::optional<double>>& values) {
  Column c{{name, WriterColumn::Type::kDouble, true}, {}};
  c.batch.storage = Storage::kDouble;
  c.batch.width = 8;
  c.batch.length = values.size();
  c.batch.fixed = Buffer(values.size() * 8);
  c.batch.valid.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i].value_or(0);
    std::memcpy(c.batch.fixed.data() + i * 8, &v, 8);
    c.batch.valid[i] = values[i].has_value();
    c.batch.null_count += !values[i].has_value();
  }
  return c;
}

Column TimestampColumn(const std::string& name, const std::vector<int64_t>& values) {
  Column c{{name, WriterColumn::Type::kTimestampMillis, true}, {}};
  c.batch.storage = Storage::kInt64;
  c.batch.width = 8;
  c.batch.length = values.size();
  c.batch.fixed = Buffer(values.size() * 8);
  if (!values.empty()) std::memcpy(c.batch.fixed.data(), values.data(), values.size() * 8);
  return c;
}

Status WriteTable(const std::string& path, std::vector<Column>& columns, const std::string& omit) {
  std::vector<WriterColumn> specs;
  std::vector<ColumnBatch> batches;
  for (Column& c : columns) {
    if (c.spec.name == omit) continue;
    specs.push_back(c.spec);
    if (c.batch.null_count == 0) c.batch.valid.clear();
    batches.push_back(std::move(c.batch));
  }
  OCPAGG_ASSIGN_OR_RETURN(auto sink, io::OpenLocalWritable(path));
  OCPAGG_ASSIGN_OR_RETURN(auto writer, parquet::FileWriter::Open(std::move(sink), specs));
  OCPAGG_RETURN_IF_ERROR(writer->Write(batches));
  return writer->Close();
}

template <typename Row, typename T>
std::vector<T> Pluck(const std::vector<Row>& rows, T Row::*member) {
  std::vector<T> out;
  for (const Row& r : rows) out.push_back(r.*member);
  return out;
}

std::vector<int64_t> Periods(size_t n, int year, int month, bool end) {
  const int64_t start = int64_t{DaysFromCivil({year, static_cast<uint32_t>(month), 1})} * 86400000;
  const int64_t next =
      int64_t{DaysFromCivil(
          {month == 12 ? year + 1 : year, static_cast<uint32_t>(month == 12 ? 1 : month + 1), 1})} *
      86400000;
  return std::vector<int64_t>(n, end ? next : start);
}

}  // namespace

int64_t Millis(const std::string& day, int hour) {
  return ParseDay(day) * 86400000 + int64_t{hour} * 3600000;
}

Status KokuFixture::Write() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::remove_all(fs::path(root) / "data", ec);
  const std::string partition =
      fmt::format("source={}/year={:04}/month={:02}", source, year, month);
  const auto dir = [&](bool daily, const char* type) {
    return (fs::path(root) / "data" / "parquet" / (daily ? "daily/" : "") / account / "OCP" / type /
            partition)
        .string();
  };
  std::deque<std::string> storage;

  const auto pod_table = [&](const std::vector<PodLine>& rows, bool hourly) {
    std::vector<Column> cols;
    cols.push_back(
        TimestampColumn("report_period_start", Periods(rows.size(), year, month, false)));
    cols.push_back(TimestampColumn("report_period_end", Periods(rows.size(), year, month, true)));
    cols.push_back(TimestampColumn("interval_start", Pluck(rows, &PodLine::interval_start)));
    if (hourly) {
      std::vector<int64_t> ends;
      for (const PodLine& r : rows) ends.push_back(r.interval_start + 3600000 - 1000);
      cols.push_back(TimestampColumn("interval_end", ends));
    }
    cols.push_back(StringColumn("namespace", Pluck(rows, &PodLine::ns), &storage));
    cols.push_back(StringColumn("node", Pluck(rows, &PodLine::node), &storage));
    cols.push_back(StringColumn("pod", Pluck(rows, &PodLine::pod), &storage));
    cols.push_back(StringColumn("pod_labels", Pluck(rows, &PodLine::labels), &storage));
    cols.push_back(StringColumn("resource_id", Pluck(rows, &PodLine::resource_id), &storage));
    cols.push_back(DoubleColumn("pod_usage_cpu_core_seconds", Pluck(rows, &PodLine::usage_cpu)));
    cols.push_back(
        DoubleColumn("pod_request_cpu_core_seconds", Pluck(rows, &PodLine::request_cpu)));
    cols.push_back(DoubleColumn("pod_limit_cpu_core_seconds", Pluck(rows, &PodLine::limit_cpu)));
    cols.push_back(DoubleColumn("pod_usage_memory_byte_seconds", Pluck(rows, &PodLine::usage_mem)));
    cols.push_back(
        DoubleColumn("pod_request_memory_byte_seconds", Pluck(rows, &PodLine::request_mem)));
    cols.push_back(DoubleColumn("pod_limit_memory_byte_seconds", Pluck(rows, &PodLine::limit_mem)));
    cols.push_back(DoubleColumn("node_capacity_cpu_cores", Pluck(rows, &PodLine::cap_cores)));
    cols.push_back(
        DoubleColumn("node_capacity_cpu_core_seconds", Pluck(rows, &PodLine::cap_cpu_seconds)));
    cols.push_back(
        DoubleColumn("node_capacity_memory_bytes", Pluck(rows, &PodLine::cap_mem_bytes)));
    cols.push_back(
        DoubleColumn("node_capacity_memory_byte_seconds", Pluck(rows, &PodLine::cap_mem_seconds)));
    if (write_node_role) {
      cols.push_back(StringColumn("node_role", Pluck(rows, &PodLine::node_role), &storage));
    }
    if (write_effective) {
      cols.push_back(DoubleColumn("pod_effective_usage_cpu_core_seconds",
                                  Pluck(rows, &PodLine::effective_cpu)));
      cols.push_back(DoubleColumn("pod_effective_usage_memory_byte_seconds",
                                  Pluck(rows, &PodLine::effective_mem)));
    }
    return cols;
  };
  const auto storage_table = [&](const std::vector<StorageLine>& rows) {
    std::vector<Column> cols;
    cols.push_back(TimestampColumn("interval_start", Pluck(rows, &StorageLine::interval_start)));
    cols.push_back(StringColumn("namespace", Pluck(rows, &StorageLine::ns), &storage));
    cols.push_back(StringColumn("pod", Pluck(rows, &StorageLine::pod), &storage));
    cols.push_back(StringColumn("persistentvolumeclaim", Pluck(rows, &StorageLine::pvc), &storage));
    cols.push_back(StringColumn("persistentvolume", Pluck(rows, &StorageLine::pv), &storage));
    cols.push_back(StringColumn("storageclass", Pluck(rows, &StorageLine::storageclass), &storage));
    cols.push_back(
        StringColumn("persistentvolume_labels", Pluck(rows, &StorageLine::pv_labels), &storage));
    cols.push_back(StringColumn("persistentvolumeclaim_labels",
                                Pluck(rows, &StorageLine::pvc_labels), &storage));
    cols.push_back(
        DoubleColumn("persistentvolumeclaim_capacity_bytes", Pluck(rows, &StorageLine::cap_bytes)));
    cols.push_back(DoubleColumn("persistentvolumeclaim_capacity_byte_seconds",
                                Pluck(rows, &StorageLine::cap_byte_seconds)));
    cols.push_back(DoubleColumn("volume_request_storage_byte_seconds",
                                Pluck(rows, &StorageLine::request_byte_seconds)));
    cols.push_back(DoubleColumn("persistentvolumeclaim_usage_byte_seconds",
                                Pluck(rows, &StorageLine::usage_byte_seconds)));
    if (write_csi) {
      cols.push_back(StringColumn("csi_volume_handle", Pluck(rows, &StorageLine::csi_volume_handle),
                                  &storage));
    }
    return cols;
  };
  const auto label_table = [&](const std::vector<LabelLine>& rows, const char* key,
                               const char* labels) {
    std::vector<Column> cols;
    cols.push_back(TimestampColumn("interval_start", Pluck(rows, &LabelLine::interval_start)));
    cols.push_back(StringColumn(key, Pluck(rows, &LabelLine::key), &storage));
    cols.push_back(StringColumn(labels, Pluck(rows, &LabelLine::labels), &storage));
    return cols;
  };

  const bool daily = write_daily;
  if (!hourly_pod.empty()) {
    auto cols = pod_table(hourly_pod, true);
    OCPAGG_RETURN_IF_ERROR(
        WriteTable(dir(false, "pod_usage") + "/pod_usage_1.parquet", cols, omit_column));
  }
  if (!daily_pod.empty()) {
    auto cols = pod_table(daily_pod, !daily);
    OCPAGG_RETURN_IF_ERROR(WriteTable(
        dir(daily, "pod_usage") + (daily ? "/pod_usage_daily_1.parquet" : "/pod_usage_2.parquet"),
        cols, omit_column));
  }
  if (!daily_storage.empty()) {
    auto cols = storage_table(daily_storage);
    OCPAGG_RETURN_IF_ERROR(
        WriteTable(dir(daily, "storage_usage") + "/storage_1.parquet", cols, omit_column));
  }
  if (!node_labels.empty()) {
    auto cols = label_table(node_labels, "node", "node_labels");
    OCPAGG_RETURN_IF_ERROR(
        WriteTable(dir(daily, "node_labels") + "/node_labels_1.parquet", cols, omit_column));
  }
  if (!namespace_labels.empty()) {
    auto cols = label_table(namespace_labels, "namespace", "namespace_labels");
    OCPAGG_RETURN_IF_ERROR(WriteTable(
        dir(daily, "namespace_labels") + "/namespace_labels_1.parquet", cols, omit_column));
  }
  return Status::OK();
}

}  // namespace ocpagg::testing
