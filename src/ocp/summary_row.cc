#include "ocp/summary_row.h"

namespace ocpagg::ocp {
namespace {

Cell Text(std::string_view s) { return {Cell::Kind::kText, s, 0, 0}; }
Cell Text(const std::optional<std::string_view>& s) {
  return s ? Cell{Cell::Kind::kText, *s, 0, 0} : Cell{};
}
Cell Integer(std::optional<int64_t> v) {
  return v ? Cell{Cell::Kind::kInteger, {}, *v, 0} : Cell{};
}
Cell Date(int32_t days) { return {Cell::Kind::kDate, {}, days, 0}; }
Cell Number(const std::optional<double>& v) {
  return v ? Cell{Cell::Kind::kDouble, {}, 0, *v} : Cell{};
}

}  // namespace

Cell GetCell(const SummaryRow& row, size_t column) {
  // Indices follow kSummaryColumns.
  if (column >= 10 && column <= 23) return Number(row.metrics[column - 10]);
  if (column >= 28 && column <= 31) return Number(row.metrics[column - 28 + 14]);
  switch (column) {
    case 0:
      return Text(row.uuid.view());
    case 1:
      return Text(row.cluster_id);
    case 2:
      return Text(row.cluster_alias);
    case 3:
      return Text(row.data_source);
    case 4:
      return Text(row.namespace_);
    case 5:
      return Text(row.node);
    case 6:
      return Text(row.resource_id);
    case 7:
      return Date(row.usage_start);
    case 8:
      return Date(row.usage_end);
    case 9:
      return Text(row.pod_labels);
    case 24:
      return Text(row.persistentvolumeclaim);
    case 25:
      return Text(row.persistentvolume);
    case 26:
      return Text(row.storageclass);
    case 27:
      return Text(row.volume_labels);
    case 34:
      return Text(row.infrastructure_usage_cost);
    case 51:
      return Text(row.source_uuid);
    case 52:
      return Integer(row.report_period_id);
    case 53:
      return Integer(row.cost_category_id);
    case 54:
      return Text(row.all_labels);
    default:
      return Cell{};  // columns the daily-summary SQL leaves NULL
  }
}

}  // namespace ocpagg::ocp
