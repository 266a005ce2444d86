#pragma once

// One row of reporting_ocpusagelineitem_daily_summary, and the table's columns in Koku's order.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocpagg::ocp {

/// The numeric(33,15) columns the daily-summary SQL writes (spec §3), in table order.
enum class Metric : uint8_t {
  kPodUsageCpuCoreHours,
  kPodRequestCpuCoreHours,
  kPodEffectiveUsageCpuCoreHours,
  kPodLimitCpuCoreHours,
  kPodUsageMemoryGigabyteHours,
  kPodRequestMemoryGigabyteHours,
  kPodEffectiveUsageMemoryGigabyteHours,
  kPodLimitMemoryGigabyteHours,
  kNodeCapacityCpuCores,
  kNodeCapacityCpuCoreHours,
  kNodeCapacityMemoryGigabytes,
  kNodeCapacityMemoryGigabyteHours,
  kClusterCapacityCpuCoreHours,
  kClusterCapacityMemoryGigabyteHours,
  kPersistentvolumeclaimCapacityGigabyte,
  kPersistentvolumeclaimCapacityGigabyteMonths,
  kVolumeRequestStorageGigabyteMonths,
  kPersistentvolumeclaimUsageGigabyteMonths,
  kCount,
};
inline constexpr size_t kMetricCount = static_cast<size_t>(Metric::kCount);

/// The 36 characters of a uuid ("58f1cc01-1066-47c5-ae2f-2d1953d331f8"), stored in the row.
class UuidText {
 public:
  UuidText() { text_.fill('0'); }
  /// Takes the first 36 characters of `text` (padding with '0').
  UuidText& operator=(std::string_view text) {
    text_.fill('0');
    for (size_t i = 0; i < text_.size() && i < text.size(); ++i) text_[i] = text[i];
    size_ = std::min(text.size(), text_.size());
    return *this;
  }
  std::string_view view() const { return {text_.data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  size_t size() const { return size_; }
  char operator[](size_t i) const { return text_[i]; }

 private:
  std::array<char, 36> text_;
  size_t size_ = 36;
};

/// Values are the unrounded doubles of Koku's intermediate table; sinks round them to
/// numeric(33,15) in the run's dialect (numeric.h).
///
/// Lifetime: the text fields are views into memory that the producer of the rows owns. Rows from
/// RunSummary stay valid until RunSummary returns; a sink that keeps rows after Write() returns
/// must copy their text.
struct SummaryRow {
  UuidText uuid;  // v4, lowercase with dashes
  int64_t report_period_id = 0;
  std::optional<int64_t> cost_category_id;
  std::string_view cluster_id;
  std::optional<std::string_view> cluster_alias;
  std::string_view data_source;  // "Pod" or "Storage" (unallocated rows are "Pod")
  std::optional<std::string_view> namespace_;
  std::optional<std::string_view> node;
  std::optional<std::string_view> resource_id;
  int32_t usage_start = 0;  // days since 1970-01-01
  int32_t usage_end = 0;
  std::optional<std::string_view> pod_labels;  // jsonb text
  std::array<std::optional<double>, kMetricCount> metrics{};
  std::optional<std::string_view> persistentvolumeclaim;
  std::optional<std::string_view> persistentvolume;
  std::optional<std::string_view> storageclass;
  std::optional<std::string_view> volume_labels;              // jsonb text
  std::optional<std::string_view> all_labels;                 // jsonb text
  std::optional<std::string_view> infrastructure_usage_cost;  // jsonb text
  std::string_view source_uuid;

  std::optional<double>& metric(Metric m) { return metrics[static_cast<size_t>(m)]; }
  const std::optional<double>& metric(Metric m) const { return metrics[static_cast<size_t>(m)]; }
};

/// PostgreSQL types of the table's columns.
enum class ColumnType : uint8_t { kUuid, kInteger, kVarchar, kText, kDate, kJsonb, kNumeric };

struct TableColumn {
  std::string_view name;
  ColumnType type;
};

/// Every column of Koku's reporting_ocpusagelineitem_daily_summary in physical order: the
/// CreateModel field order of K:koku/reporting/migrations/0300_squash.py:5701-5877 (foreign keys
/// report_period_id and cost_category_id last), then the columns added later: all_labels (0308),
/// infrastructure_data_in/out_gigabytes (0319), cost_model_gpu_cost (0339).
inline constexpr std::array<TableColumn, 58> kSummaryColumns = {{
    {"uuid", ColumnType::kUuid},
    {"cluster_id", ColumnType::kVarchar},
    {"cluster_alias", ColumnType::kVarchar},
    {"data_source", ColumnType::kVarchar},
    {"namespace", ColumnType::kVarchar},
    {"node", ColumnType::kVarchar},
    {"resource_id", ColumnType::kVarchar},
    {"usage_start", ColumnType::kDate},
    {"usage_end", ColumnType::kDate},
    {"pod_labels", ColumnType::kJsonb},
    {"pod_usage_cpu_core_hours", ColumnType::kNumeric},
    {"pod_request_cpu_core_hours", ColumnType::kNumeric},
    {"pod_effective_usage_cpu_core_hours", ColumnType::kNumeric},
    {"pod_limit_cpu_core_hours", ColumnType::kNumeric},
    {"pod_usage_memory_gigabyte_hours", ColumnType::kNumeric},
    {"pod_request_memory_gigabyte_hours", ColumnType::kNumeric},
    {"pod_effective_usage_memory_gigabyte_hours", ColumnType::kNumeric},
    {"pod_limit_memory_gigabyte_hours", ColumnType::kNumeric},
    {"node_capacity_cpu_cores", ColumnType::kNumeric},
    {"node_capacity_cpu_core_hours", ColumnType::kNumeric},
    {"node_capacity_memory_gigabytes", ColumnType::kNumeric},
    {"node_capacity_memory_gigabyte_hours", ColumnType::kNumeric},
    {"cluster_capacity_cpu_core_hours", ColumnType::kNumeric},
    {"cluster_capacity_memory_gigabyte_hours", ColumnType::kNumeric},
    {"persistentvolumeclaim", ColumnType::kVarchar},
    {"persistentvolume", ColumnType::kVarchar},
    {"storageclass", ColumnType::kVarchar},
    {"volume_labels", ColumnType::kJsonb},
    {"persistentvolumeclaim_capacity_gigabyte", ColumnType::kNumeric},
    {"persistentvolumeclaim_capacity_gigabyte_months", ColumnType::kNumeric},
    {"volume_request_storage_gigabyte_months", ColumnType::kNumeric},
    {"persistentvolumeclaim_usage_gigabyte_months", ColumnType::kNumeric},
    {"infrastructure_raw_cost", ColumnType::kNumeric},
    {"infrastructure_project_raw_cost", ColumnType::kNumeric},
    {"infrastructure_usage_cost", ColumnType::kJsonb},
    {"infrastructure_markup_cost", ColumnType::kNumeric},
    {"infrastructure_project_markup_cost", ColumnType::kNumeric},
    {"infrastructure_monthly_cost", ColumnType::kNumeric},
    {"infrastructure_monthly_cost_json", ColumnType::kJsonb},
    {"supplementary_usage_cost", ColumnType::kJsonb},
    {"supplementary_monthly_cost", ColumnType::kNumeric},
    {"supplementary_monthly_cost_json", ColumnType::kJsonb},
    {"infrastructure_project_monthly_cost", ColumnType::kJsonb},
    {"supplementary_project_monthly_cost", ColumnType::kJsonb},
    {"cost_model_cpu_cost", ColumnType::kNumeric},
    {"cost_model_memory_cost", ColumnType::kNumeric},
    {"cost_model_rate_type", ColumnType::kText},
    {"cost_model_volume_cost", ColumnType::kNumeric},
    {"monthly_cost_type", ColumnType::kText},
    {"distributed_cost", ColumnType::kNumeric},
    {"raw_currency", ColumnType::kText},
    {"source_uuid", ColumnType::kUuid},
    {"report_period_id", ColumnType::kInteger},
    {"cost_category_id", ColumnType::kInteger},
    {"all_labels", ColumnType::kJsonb},
    {"infrastructure_data_in_gigabytes", ColumnType::kNumeric},
    {"infrastructure_data_out_gigabytes", ColumnType::kNumeric},
    {"cost_model_gpu_cost", ColumnType::kNumeric},
}};

/// A cell of a row as the sinks see it: NULL, text, an integer, a date or an unrounded double.
struct Cell {
  enum class Kind : uint8_t { kNull, kText, kInteger, kDate, kDouble } kind = Kind::kNull;
  std::string_view text;  // kText (uuid, varchar, text, jsonb)
  int64_t integer = 0;    // kInteger, kDate (days since 1970-01-01)
  double number = 0;      // kDouble
};

/// The cell of `row` in table column `column` (index into kSummaryColumns).
Cell GetCell(const SummaryRow& row, size_t column);

}  // namespace ocpagg::ocp
