#include "gen/frame.h"

#include <cstring>

namespace ocpagg::gen {

StringPool::StringPool() { Intern(""); }

uint32_t StringPool::Intern(std::string_view s) {
  if (auto it = index_.find(s); it != index_.end()) return it->second;
  std::string_view stored;
  if (!s.empty()) {
    if (blocks_.empty() || block_used_ + s.size() > block_size_) {
      block_size_ = std::max<size_t>(64 * 1024, s.size());
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      block_used_ = 0;
    }
    char* dst = blocks_.back().get() + block_used_;
    std::memcpy(dst, s.data(), s.size());
    block_used_ += s.size();
    stored = std::string_view(dst, s.size());
  }
  const auto id = static_cast<uint32_t>(views_.size());
  views_.push_back(stored);
  index_.emplace(stored, id);
  return id;
}

std::string_view NiseReportTypeName(ReportType type) {
  switch (type) {
    case ReportType::kPodUsage:
      return "ocp_pod_usage";
    case ReportType::kStorageUsage:
      return "ocp_storage_usage";
    case ReportType::kNodeLabels:
      return "ocp_node_label";
    case ReportType::kNamespaceLabels:
      return "ocp_namespace_label";
  }
  return "";
}

size_t Column::size() const {
  switch (kind) {
    case ColumnKind::kTimestamp:
      return i64.size();
    case ColumnKind::kDouble:
      return f64.size();
    case ColumnKind::kString:
      return ids.size();
  }
  return 0;
}

void Column::Reserve(size_t n) {
  switch (kind) {
    case ColumnKind::kTimestamp:
      i64.reserve(n);
      break;
    case ColumnKind::kDouble:
      f64.reserve(n);
      break;
    case ColumnKind::kString:
      ids.reserve(n);
      break;
  }
}

void Column::AppendFrom(const Column& other, size_t row) {
  if (all_null) return;
  switch (kind) {
    case ColumnKind::kTimestamp:
      i64.push_back(other.i64[row]);
      break;
    case ColumnKind::kDouble:
      f64.push_back(other.f64[row]);
      if (!other.py_int.empty()) {
        py_int.resize(f64.size() - 1, 0);
        py_int.push_back(other.py_int[row]);
      }
      break;
    case ColumnKind::kString:
      ids.push_back(other.ids[row]);
      break;
  }
}

int Frame::Find(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Frame Frame::EmptyLike() const {
  Frame out;
  out.type = type;
  out.pool = pool;
  out.columns.reserve(columns.size());
  for (const Column& c : columns) {
    Column n;
    n.name = c.name;
    n.kind = c.kind;
    n.is_label = c.is_label;
    n.all_null = c.all_null;
    out.columns.push_back(std::move(n));
  }
  return out;
}

void Frame::AppendRows(const Frame& other, const std::vector<uint32_t>& indices) {
  for (size_t c = 0; c < columns.size(); ++c) {
    Column& dst = columns[c];
    const Column& src = other.columns[c];
    dst.Reserve(dst.size() + indices.size());
    for (uint32_t r : indices) dst.AppendFrom(src, r);
  }
  rows += indices.size();
}

void Frame::AppendRange(const Frame& other, size_t begin, size_t end) {
  for (size_t c = 0; c < columns.size(); ++c) {
    Column& dst = columns[c];
    const Column& src = other.columns[c];
    if (dst.all_null) continue;
    switch (dst.kind) {
      case ColumnKind::kTimestamp:
        dst.i64.insert(dst.i64.end(), src.i64.begin() + begin, src.i64.begin() + end);
        break;
      case ColumnKind::kDouble:
        if (!src.py_int.empty() || !dst.py_int.empty()) {
          dst.py_int.resize(dst.f64.size(), 0);
          if (src.py_int.empty()) {
            dst.py_int.resize(dst.f64.size() + (end - begin), 0);
          } else {
            dst.py_int.insert(dst.py_int.end(), src.py_int.begin() + begin,
                              src.py_int.begin() + end);
          }
        }
        dst.f64.insert(dst.f64.end(), src.f64.begin() + begin, src.f64.begin() + end);
        break;
      case ColumnKind::kString:
        dst.ids.insert(dst.ids.end(), src.ids.begin() + begin, src.ids.begin() + end);
        break;
    }
  }
  rows += end - begin;
}

namespace {

struct Spec {
  const char* name;
  ColumnKind kind;
  bool label;
};

constexpr ColumnKind kT = ColumnKind::kTimestamp;
constexpr ColumnKind kD = ColumnKind::kDouble;
constexpr ColumnKind kS = ColumnKind::kString;

// N:nise/generators/ocp/ocp_generator.py:51-107 (OCP_POD_USAGE_COLUMNS, OCP_STORAGE_COLUMNS,
// OCP_NODE_LABEL_COLUMNS, OCP_NAMESPACE_LABEL_COLUMNS).
constexpr Spec kPod[] = {{"report_period_start", kT, false},
                         {"report_period_end", kT, false},
                         {"interval_start", kT, false},
                         {"interval_end", kT, false},
                         {"pod", kS, false},
                         {"namespace", kS, false},
                         {"node", kS, false},
                         {"resource_id", kS, false},
                         {"pod_usage_cpu_core_seconds", kD, false},
                         {"pod_request_cpu_core_seconds", kD, false},
                         {"pod_limit_cpu_core_seconds", kD, false},
                         {"pod_usage_memory_byte_seconds", kD, false},
                         {"pod_request_memory_byte_seconds", kD, false},
                         {"pod_limit_memory_byte_seconds", kD, false},
                         {"node_capacity_cpu_cores", kD, false},
                         {"node_capacity_cpu_core_seconds", kD, false},
                         {"node_capacity_memory_bytes", kD, false},
                         {"node_capacity_memory_byte_seconds", kD, false},
                         {"pod_labels", kS, true}};
constexpr Spec kStorage[] = {{"report_period_start", kT, false},
                             {"report_period_end", kT, false},
                             {"interval_start", kT, false},
                             {"interval_end", kT, false},
                             {"namespace", kS, false},
                             {"pod", kS, false},
                             {"node", kS, false},
                             {"persistentvolumeclaim", kS, false},
                             {"persistentvolume", kS, false},
                             {"storageclass", kS, false},
                             {"csi_driver", kS, false},
                             {"csi_volume_handle", kS, false},
                             {"persistentvolumeclaim_capacity_bytes", kD, false},
                             {"persistentvolumeclaim_capacity_byte_seconds", kD, false},
                             {"volume_request_storage_byte_seconds", kD, false},
                             {"persistentvolumeclaim_usage_byte_seconds", kD, false},
                             {"persistentvolume_labels", kS, true},
                             {"persistentvolumeclaim_labels", kS, true}};
constexpr Spec kNodeLabels[] = {{"report_period_start", kT, false},
                                {"report_period_end", kT, false},
                                {"interval_start", kT, false},
                                {"interval_end", kT, false},
                                {"node", kS, false},
                                {"node_labels", kS, true}};
constexpr Spec kNamespaceLabels[] = {
    {"report_period_start", kT, false}, {"report_period_end", kT, false},
    {"interval_start", kT, false},      {"interval_end", kT, false},
    {"namespace", kS, false},           {"namespace_labels", kS, true}};

template <size_t N>
void AddColumns(const Spec (&specs)[N], Frame* frame) {
  for (const Spec& s : specs) {
    Column c;
    c.name = s.name;
    c.kind = s.kind;
    c.is_label = s.label;
    frame->columns.push_back(std::move(c));
  }
}

}  // namespace

Frame MakeRawFrame(ReportType type, const StringPool* pool, bool with_node_role) {
  Frame f;
  f.type = type;
  f.pool = pool;
  switch (type) {
    case ReportType::kPodUsage:
      AddColumns(kPod, &f);
      if (with_node_role) {
        Column c;
        c.name = "node_role";
        c.kind = ColumnKind::kString;
        f.columns.push_back(std::move(c));
      }
      break;
    case ReportType::kStorageUsage:
      AddColumns(kStorage, &f);
      break;
    case ReportType::kNodeLabels:
      AddColumns(kNodeLabels, &f);
      break;
    case ReportType::kNamespaceLabels:
      AddColumns(kNamespaceLabels, &f);
      break;
  }
  return f;
}

Frame& ReportFrames::Get(ReportType type) {
  switch (type) {
    case ReportType::kPodUsage:
      return pod_usage;
    case ReportType::kStorageUsage:
      return storage_usage;
    case ReportType::kNodeLabels:
      return node_labels;
    case ReportType::kNamespaceLabels:
      return namespace_labels;
  }
  return pod_usage;
}

const Frame& ReportFrames::Get(ReportType type) const {
  return const_cast<ReportFrames*>(this)->Get(type);  // NOLINT: same selection, read-only use
}

}  // namespace ocpagg::gen
