#include "ocp/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/date.h"
#include "ocp/input.h"
#include "ocp/labels.h"
#include "ocp/sql_like.h"

namespace ocpagg::ocp {
namespace {

using columnar::ColumnBatch;

constexpr uint32_t kNullId = UINT32_MAX;
constexpr double kSecondsPerHour = 3600.0;
// power(2, -30): bytes to binary gigabytes (spec notation 2^-30).
constexpr double kPerGibibyte = 1.0 / 1073741824.0;

// The always-enabled label key (TSQL:96, spec §2.2 A).
constexpr std::string_view kVmLabelKey = "vm_kubevirt_io_name";
// The infrastructure_usage_cost literal (TSQL:253,377,660 / PSQL) as stored in jsonb (spec §2.5
// #11): Trino's json_parse (releases up to 480) reads the decimals as doubles.
constexpr std::string_view kInfraUsageCostTrino = R"({"cpu": 0.0, "memory": 0.0, "storage": 0.0})";
constexpr std::string_view kInfraUsageCostPostgres =
    R"({"cpu": 0.000000000, "memory": 0.000000000, "storage": 0.000000000})";
// Text that makes a node 'infra' in the role pre-step (reportdb_accessor_trino.py:171-199).
constexpr std::string_view kInfraLabelText = R"("node_role_kubernetes_io": "infra")";
// The namespaces of unallocated rows (TSQL:510-514).
constexpr std::string_view kPlatformUnallocated = "Platform unallocated";
constexpr std::string_view kWorkerUnallocated = "Worker unallocated";

// ---------------------------------------------------------------------------------------------
// SQL aggregate helpers: sum and max ignore NULL and are NULL over no value.

struct SumAcc {
  double value = 0;
  bool any = false;
  void Add(double v) {
    value += v;
    any = true;
  }
  void Add(const SumAcc& other) {
    if (other.any) Add(other.value);
  }
  std::optional<double> get() const { return any ? std::optional<double>(value) : std::nullopt; }
};

struct MaxAcc {
  double value = 0;
  bool any = false;
  void Add(double v) {
    if (!any || v > value) value = v;
    any = true;
  }
  void Add(const std::optional<double>& v) {
    if (v) Add(*v);
  }
  std::optional<double> get() const { return any ? std::optional<double>(value) : std::nullopt; }
};

std::optional<double> Div(const std::optional<double>& a, double b) {
  return a ? std::optional<double>(*a / b) : std::nullopt;
}
std::optional<double> Mul(const std::optional<double>& a, double b) {
  return a ? std::optional<double>(*a * b) : std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Strings of one day task, interned to ids.

class StringPool {
 public:
  uint32_t Intern(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    storage_.emplace_back(s);
    const auto id = static_cast<uint32_t>(storage_.size() - 1);
    ids_.emplace(storage_.back(), id);
    return id;
  }
  std::string_view Get(uint32_t id) const { return storage_[id]; }
  std::optional<std::string_view> Optional(uint32_t id) const {
    return id == kNullId ? std::nullopt : std::optional<std::string_view>(storage_[id]);
  }
  /// SQL max over varchar: byte order; NULL ignored.
  uint32_t Max(uint32_t a, uint32_t b) const {
    if (a == kNullId) return b;
    if (b == kNullId) return a;
    return Get(a) < Get(b) ? b : a;
  }

 private:
  std::deque<std::string> storage_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

void StringIds(const ColumnBatch* batch, size_t rows, StringPool* pool,
               std::vector<uint32_t>* ids) {
  ids->assign(rows, kNullId);
  if (batch == nullptr) return;  // a missing optional column reads as NULL
  if (batch->is_dictionary()) {
    const ColumnBatch& dict = *batch->dictionary;
    std::vector<uint32_t> remap(dict.length);
    for (size_t i = 0; i < dict.length; ++i) remap[i] = pool->Intern(dict.strings[i]);
    for (size_t r = 0; r < rows; ++r) {
      if (!batch->IsNull(r)) (*ids)[r] = remap[batch->indices[r]];
    }
    return;
  }
  for (size_t r = 0; r < rows; ++r) {
    if (!batch->IsNull(r)) (*ids)[r] = pool->Intern(batch->strings[r]);
  }
}

/// A numeric column as doubles; `valid` empty when no value is NULL.
struct Doubles {
  std::vector<double> values;
  std::vector<uint8_t> valid;
  bool IsNull(size_t r) const { return !valid.empty() && !valid[r]; }
  std::optional<double> Get(size_t r) const {
    return IsNull(r) ? std::nullopt : std::optional<double>(values[r]);
  }
};

double ValueAsDouble(const ColumnBatch& b, size_t r) {
  const auto* p = reinterpret_cast<const uint8_t*>(b.Bytes(r).data());
  switch (b.storage) {
    case columnar::Storage::kDouble: {
      double v;
      std::memcpy(&v, p, 8);
      return v;
    }
    case columnar::Storage::kFloat: {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case columnar::Storage::kInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case columnar::Storage::kInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return static_cast<double>(v);
    }
    default:
      return 0;
  }
}

void ToDoubles(const ColumnBatch* batch, size_t rows, Doubles* out) {
  out->values.assign(rows, 0.0);
  out->valid.clear();
  if (batch == nullptr) {
    out->valid.assign(rows, 0);
    return;
  }
  if (batch->storage == columnar::Storage::kDouble && !batch->is_dictionary()) {
    std::memcpy(out->values.data(), batch->fixed.data(), rows * sizeof(double));
  } else if (batch->storage == columnar::Storage::kDouble && batch->is_dictionary()) {
    const auto dict = batch->dictionary->values<double>();
    for (size_t r = 0; r < rows; ++r) out->values[r] = dict[batch->indices[r]];
  } else {
    for (size_t r = 0; r < rows; ++r) out->values[r] = ValueAsDouble(*batch, r);
  }
  if (batch->null_count > 0) out->valid = batch->valid;
}

// ---------------------------------------------------------------------------------------------
// Reading the row groups of one day.

/// The resolved columns of every input file, per use.
struct FileColumns {
  const InputFile* file;
  std::vector<std::optional<size_t>> columns;  // per ColumnSpec
};

struct DayRows {
  std::vector<const ColumnBatch*> columns;  // per ColumnSpec; nullptr = missing optional
  std::vector<uint32_t> rows;               // rows of the day
  std::vector<int64_t> interval_start_ms;   // per row of the row group (when asked for)
  size_t length = 0;
};

template <typename Fn>
Status ForEachRowGroupOfDay(const std::vector<FileColumns>& files, int32_t day, bool want_millis,
                            uint64_t* rows_read, Fn&& fn) {
  parquet::ReadOptions options;
  options.keep_dictionary = true;
  std::vector<int32_t> days;
  for (const FileColumns& fc : files) {
    const InputFile& file = *fc.file;
    for (size_t rg = 0; rg < file.row_group_days.size(); ++rg) {
      const auto [lo, hi] = file.row_group_days[rg];
      if (day < lo || day > hi) continue;
      std::vector<size_t> wanted = {file.interval_start_column};
      for (const auto& c : fc.columns) {
        if (c) wanted.push_back(*c);
      }
      OCPAGG_ASSIGN_OR_RETURN(std::vector<ColumnBatch> batches,
                              file.reader->ReadColumns(rg, wanted, options));
      DayRows day_rows;
      day_rows.length = batches[0].length;
      size_t next = 1;
      for (const auto& c : fc.columns) day_rows.columns.push_back(c ? &batches[next++] : nullptr);
      if (want_millis || lo != hi) {
        TimestampMillis(batches[0], file.units_per_day, &day_rows.interval_start_ms);
      }
      if (lo == day && hi == day) {
        day_rows.rows.resize(day_rows.length);
        for (size_t r = 0; r < day_rows.length; ++r) day_rows.rows[r] = static_cast<uint32_t>(r);
      } else {
        for (size_t r = 0; r < day_rows.length; ++r) {
          const int64_t ms = day_rows.interval_start_ms[r];
          if (ms == INT64_MIN) continue;
          const int64_t d = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
          if (d == day) day_rows.rows.push_back(static_cast<uint32_t>(r));
        }
      }
      *rows_read += day_rows.rows.size();
      Status status = fn(day_rows);
      if (!status.ok()) {
        return status.WithContext(fmt::format("{}: row group {}", file.path, rg));
      }
    }
  }
  return Status::OK();
}

// Column lists per use (spec §1.3; the columns each SQL statement reads).
enum HourlyPodCol { kHpNode, kHpCapCpuSeconds, kHpCapMemSeconds };
constexpr ColumnSpec kHourlyPodSpecs[] = {
    {"node", ValueKind::kString, true},
    {"node_capacity_cpu_core_seconds", ValueKind::kDouble, true},
    {"node_capacity_memory_byte_seconds", ValueKind::kDouble, true},
};

enum PodCol {
  kPNamespace,
  kPNode,
  kPPod,
  kPPodLabels,
  kPResourceId,
  kPUsageCpu,
  kPRequestCpu,
  kPEffectiveCpu,
  kPLimitCpu,
  kPUsageMem,
  kPRequestMem,
  kPEffectiveMem,
  kPLimitMem,
  kPCapCores,
  kPCapMemBytes,
  kPNodeRole,
};
constexpr ColumnSpec kPodSpecs[] = {
    {"namespace", ValueKind::kString, true},
    {"node", ValueKind::kString, true},
    {"pod", ValueKind::kString, true},
    {"pod_labels", ValueKind::kString, true},
    {"resource_id", ValueKind::kString, true},
    {"pod_usage_cpu_core_seconds", ValueKind::kDouble, true},
    {"pod_request_cpu_core_seconds", ValueKind::kDouble, true},
    {"pod_effective_usage_cpu_core_seconds", ValueKind::kDouble, false},
    {"pod_limit_cpu_core_seconds", ValueKind::kDouble, true},
    {"pod_usage_memory_byte_seconds", ValueKind::kDouble, true},
    {"pod_request_memory_byte_seconds", ValueKind::kDouble, true},
    {"pod_effective_usage_memory_byte_seconds", ValueKind::kDouble, false},
    {"pod_limit_memory_byte_seconds", ValueKind::kDouble, true},
    {"node_capacity_cpu_cores", ValueKind::kDouble, true},
    {"node_capacity_memory_bytes", ValueKind::kDouble, true},
    {"node_role", ValueKind::kString, false},
};

enum StorageCol {
  kSNamespace,
  kSPod,
  kSPvc,
  kSPv,
  kSStorageClass,
  kSPvLabels,
  kSPvcLabels,
  kSCapBytes,
  kSCapByteSeconds,
  kSRequestByteSeconds,
  kSUsageByteSeconds,
  kSCsiVolumeHandle,
};
constexpr ColumnSpec kStorageSpecs[] = {
    {"namespace", ValueKind::kString, true},
    {"pod", ValueKind::kString, true},
    {"persistentvolumeclaim", ValueKind::kString, true},
    {"persistentvolume", ValueKind::kString, true},
    {"storageclass", ValueKind::kString, true},
    {"persistentvolume_labels", ValueKind::kString, true},
    {"persistentvolumeclaim_labels", ValueKind::kString, true},
    {"persistentvolumeclaim_capacity_bytes", ValueKind::kDouble, true},
    {"persistentvolumeclaim_capacity_byte_seconds", ValueKind::kDouble, true},
    {"volume_request_storage_byte_seconds", ValueKind::kDouble, true},
    {"persistentvolumeclaim_usage_byte_seconds", ValueKind::kDouble, true},
    {"csi_volume_handle", ValueKind::kString, false},
};

constexpr ColumnSpec kNodeLabelSpecs[] = {
    {"node", ValueKind::kString, true},
    {"node_labels", ValueKind::kString, true},
};
constexpr ColumnSpec kNamespaceLabelSpecs[] = {
    {"namespace", ValueKind::kString, true},
    {"namespace_labels", ValueKind::kString, true},
};

// ---------------------------------------------------------------------------------------------
// Run-wide, read-only context shared by the day tasks.

struct RunContext {
  const SummaryOptions* options;
  std::vector<std::string> enabled_keys;  // K, sorted (spec §2.2 A)
  bool keys_null = false;                 // Trino: no enabled key -> K is NULL -> every filter {}
  std::vector<FileColumns> hourly_pod, pod, storage, node_labels, namespace_labels;
  bool storage_exists = false;
  std::vector<CostCategoryPattern> categories;
};

// ---------------------------------------------------------------------------------------------
// What one day produces.

/// Per (node, resource_id): what the role pre-step needs (reportdb_accessor_trino.py:171-199).
struct RoleFacts {
  uint32_t max_role = kNullId;  // max(node_role), into the day's pool
  bool apiserver = false;       // 'openshift-kube-apiserver' among the namespaces
  MaxAcc capacity_cores;
};

/// Per (usage day, node): the unallocated row's inputs (TSQL:491-567), from the day's Pod rows.
struct UnallocatedInputs {
  std::string node;
  std::optional<std::string> max_resource_id;
  std::set<std::string> resource_ids;  // for the role join
  SumAcc sums[6];                      // usage/request/effective cpu, then memory
  MaxAcc caps[6];  // node cap cores, cpu core hours, mem GB, mem GB hours, cluster cpu, mem
};

struct DayResult {
  int32_t day = 0;
  std::vector<SummaryRow> rows;  // Pod and Storage rows
  std::vector<UnallocatedInputs> unallocated;
  // Role pre-step facts, with strings (pools are per day).
  std::map<std::pair<std::string, std::string>,
           std::tuple<std::optional<std::string>, bool, MaxAcc>>
      roles;
  std::set<std::string> nodes_with_labels;
  std::set<std::string> infra_nodes;
  std::map<std::string, std::string> max_label_text;  // per node, max(raw node_labels text)
  uint64_t rows_read = 0;
  uint64_t hourly_rows = 0, pod_rows = 0, storage_rows = 0, node_label_rows = 0,
           namespace_label_rows = 0;
  uint64_t fanned_out = 0;
  uint64_t rows_pod = 0, rows_storage = 0;
  PreparedRows prepared;  // rows (or their encoding) for the sink, made on the worker
};

/// Tag mapping post-step (spec §2.11; K:koku/masu/database/sql/openshift/
/// ocp_tag_mapping_update_daily_summary.sql): child keys become their parent key; when a row
/// has both a child and its parent, every child key is dropped instead.
class TagMapper {
 public:
  explicit TagMapper(const SummaryConfig& config) {
    std::set<std::string> enabled(config.enabled_tag_keys.begin(), config.enabled_tag_keys.end());
    for (const TagMapping& m : config.tag_mappings) {
      // Only enabled OCP child keys are mapped (the SQL's cte_tag_key_mapping).
      if (enabled.count(m.child)) parents_[m.child] = m.parent;
    }
  }
  bool empty() const { return parents_.empty(); }

  /// The mapped jsonb text of `text`, or nullptr when the row is left alone. The text lives as
  /// long as the mapper.
  const std::string* Map(std::string_view text) {
    auto cached = cache_.find(std::string(text));
    if (cached != cache_.end()) return cached->second ? &*cached->second : nullptr;
    std::optional<std::string> out;
    Result<LabelMap> map = ParseLabelJson(text);
    if (map.ok() && !map->empty()) {
      bool has_child = false, child_and_parent = false;
      std::set<std::string> keys;
      for (const Label& l : *map) keys.insert(l.key);
      for (const auto& [child, parent] : parents_) {
        if (keys.count(child)) {
          has_child = true;
          if (keys.count(parent)) child_and_parent = true;
        }
      }
      if (has_child) {
        // jsonb_object_agg over jsonb_object_keys order (length, then bytes); a later
        // duplicate key replaces an earlier one.
        std::vector<const Label*> order;
        for (const Label& l : *map) order.push_back(&l);
        std::sort(order.begin(), order.end(), [](const Label* a, const Label* b) {
          if (a->key.size() != b->key.size()) return a->key.size() < b->key.size();
          return a->key < b->key;
        });
        std::map<std::string, Label> result;
        for (const Label* l : order) {
          auto parent = parents_.find(l->key);
          if (child_and_parent && parent != parents_.end()) continue;
          Label copy = *l;
          if (parent != parents_.end() && !parent->second.empty()) copy.key = parent->second;
          result[copy.key] = copy;
        }
        LabelMap mapped;
        for (auto& [k, l] : result) mapped.push_back(std::move(l));
        out = FormatJsonb(mapped);
      }
    }
    auto inserted = cache_.emplace(std::string(text), std::move(out)).first;
    return inserted->second ? &*inserted->second : nullptr;
  }

 private:
  std::map<std::string, std::string> parents_;
  std::unordered_map<std::string, std::optional<std::string>> cache_;
};

/// A random (version 4, variant 10) uuid, lowercase with dashes.
void UuidV4(std::mt19937_64& rng, UuidText* out) {
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  char text[36];
  size_t pos = 0;
  const auto put = [&](uint64_t value, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) text[pos++] = kHex[(value >> (4 * i)) & 15];
  };
  put(hi >> 32, 8);
  text[pos++] = '-';
  put((hi >> 16) & 0xffff, 4);
  text[pos++] = '-';
  put(hi & 0xffff, 4);
  text[pos++] = '-';
  put(lo >> 48, 4);
  text[pos++] = '-';
  put(lo & 0xffffffffffffULL, 12);
  *out = std::string_view(text, sizeof(text));
}

/// A stable, readable order: Pod rows, then Storage; by namespace, node, labels inside each.
/// Sorts indices and moves each row once (rows are large).
void SortDayRows(std::vector<SummaryRow>& rows) {
  std::vector<uint32_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const SummaryRow& a = rows[x];
    const SummaryRow& b = rows[y];
    return std::tie(a.usage_start, a.data_source, a.namespace_, a.node, a.persistentvolumeclaim,
                    a.persistentvolume, a.pod_labels, a.volume_labels, a.resource_id,
                    a.storageclass, a.cost_category_id) <
           std::tie(b.usage_start, b.data_source, b.namespace_, b.node, b.persistentvolumeclaim,
                    b.persistentvolume, b.pod_labels, b.volume_labels, b.resource_id,
                    b.storageclass, b.cost_category_id);
  });
  std::vector<SummaryRow> sorted;
  sorted.reserve(rows.size());
  for (uint32_t i : order) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
}

/// A hash map that iterates in insertion order. Group sums are added in that order, which
/// follows the rows of the input files, so results do not depend on interned ids (which differ
/// with the thread a day runs on) and are the same from run to run.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class InsertionOrderedMap {
 public:
  Value& operator[](const Key& key) {
    auto [it, inserted] = index_.try_emplace(key, entries_.size());
    if (inserted) entries_.emplace_back(key, Value{});
    return entries_[it->second].second;
  }
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<Key, size_t, Hash> index_;
  std::vector<std::pair<Key, Value>> entries_;
};

/// What a worker thread keeps from one day to the next: interned strings, parsed and filtered
/// label maps and their merges, cost-category matches, the tag mapper and the uuid generator.
/// The rows of every day point into it, so it lives until RunSummary returns. Strings, label
/// texts and mapped labels are never moved once created (deques and node-based maps), so the
/// writing thread can read rows while the worker goes on to the next day.
struct WorkerState {
  explicit WorkerState(const SummaryConfig& config, uint64_t seed) : tags(config), rng(seed) {}
  StringPool pool;
  LabelPool labels;
  std::vector<uint32_t> label_of_text;  // text id -> filtered label id, kUnset when not yet
  // namespace id -> (max matching category id, number of matching patterns), kUnset count when
  // not yet known.
  std::vector<std::pair<std::optional<int64_t>, uint32_t>> category_of_namespace;
  TagMapper tags;
  std::mt19937_64 rng;
};
constexpr uint32_t kUnset = UINT32_MAX - 1;

// ---------------------------------------------------------------------------------------------
// The day task.

class DayTask {
 public:
  DayTask(const RunContext& ctx, int32_t day, WorkerState* ws)
      : ctx_(ctx), day_(day), ws_(*ws), pool_(ws->pool), labels_(ws->labels) {
    result_.day = day;
    dialect_ = ctx.options->dialect;
  }

  Result<DayResult> Run();

 private:
  /// Label id of a label text: parsed, filtered by K (spec §2.2 A; §2.5 #2, #3).
  Result<uint32_t> FilteredLabels(uint32_t text_id);
  Status ReadLabels(const std::vector<FileColumns>& files, bool node_side, uint64_t* count);
  Status ReadCapacity();
  Status ReadStorageLines();
  Status ReadPods();
  Status JoinPodLines();
  Status BuildStorageGroups();
  void EmitPodRows();
  void EmitStorageRows();
  /// Tag mapping, uuids and the order of the day's rows (done here, on the worker).
  void FinishRows();
  std::optional<int64_t> MaxCategory(uint32_t namespace_id, size_t* copies);
  /// Merged (node labels, namespace labels) of every NL x NSL combination of (node, namespace):
  /// the copies a line item is joined into before its own labels are merged (spec §6.4).
  const std::vector<uint32_t>& BaseLabels(uint32_t node, uint32_t ns);
  SummaryRow BaseRow(std::string_view data_source) const;

  const RunContext& ctx_;
  const int32_t day_;
  Dialect dialect_;
  DayResult result_;
  WorkerState& ws_;
  StringPool& pool_;
  LabelPool& labels_;

  // NL / NSL: distinct filtered label ids per node / namespace (kNullLabels for NULL maps).
  std::unordered_map<uint32_t, std::vector<uint32_t>> node_labels_, namespace_labels_;
  // NC per node id and CC (spec §2.2 D, E).
  struct Capacity {
    SumAcc cpu, mem;
  };
  std::unordered_map<uint32_t, Capacity> node_capacity_;
  std::vector<uint32_t> capacity_order_;  // nodes of node_capacity_ in first-seen order
  Capacity cluster_capacity_;
  bool any_capacity_ = false;
  // BaseLabels() per (node id << 32 | namespace id).
  std::unordered_map<uint64_t, std::vector<uint32_t>> base_labels_;

  // Pod groups (spec §2.2 H), keyed by (namespace, node, labels).
  struct PodKey {
    uint32_t ns, node, labels;
    bool operator==(const PodKey&) const = default;
  };
  struct PodKeyHash {
    size_t operator()(const PodKey& k) const {
      return (size_t{k.ns} * 0x9e3779b97f4a7c15ULL) ^ (size_t{k.node} * 0xc2b2ae3d27d4eb4fULL) ^
             k.labels;
    }
  };
  struct PodGroup {
    SumAcc usage_cpu, request_cpu, effective_cpu, limit_cpu;
    SumAcc usage_mem, request_mem, effective_mem, limit_mem;
    MaxAcc cap_cores, cap_mem_bytes;
    uint32_t resource_id = kNullId;
    std::optional<int64_t> category;
  };
  InsertionOrderedMap<PodKey, PodGroup, PodKeyHash> pod_groups_;
  // The day's pod lines summed per (namespace, node, label text id) before the joins.
  using RawPodKey = PodKey;
  struct RawPodGroup {
    SumAcc sums[8];  // usage/request/effective/limit cpu, then memory
    MaxAcc cap_cores, cap_mem_bytes;
    uint32_t resource_id = kNullId;
    uint64_t lines = 0;
  };
  InsertionOrderedMap<RawPodKey, RawPodGroup, PodKeyHash> raw_pod_groups_;
  // The day's storage lines (read before the pods, so that only their pods are remembered).
  struct StorageLine {
    uint32_t ns, pod, pvc, pv, storageclass, csi, pv_labels, pvc_labels;
    std::optional<double> cap_bytes, cap_bs, request_bs, usage_bs;
  };
  std::vector<StorageLine> storage_lines_;
  std::unordered_set<uint64_t> storage_pods_;  // (namespace id << 32 | pod id)
  // For the volume-to-node map: (namespace << 32 | pod) -> distinct (node, resource_id).
  std::unordered_map<uint64_t, std::vector<std::pair<uint32_t, uint32_t>>> pod_nodes_;
  // Role pre-step facts per (node id << 32 | resource_id id); turned into strings at the end.
  std::unordered_map<uint64_t, RoleFacts> role_facts_;

  // Storage groups (spec §2.2 I).
  struct StorageKey {
    uint32_t ns, node, resource_id, pvc, pv, storageclass, csi, labels;
    bool operator==(const StorageKey&) const = default;
  };
  struct StorageKeyHash {
    size_t operator()(const StorageKey& k) const {
      size_t h = 0;
      for (uint32_t v :
           {k.ns, k.node, k.resource_id, k.pvc, k.pv, k.storageclass, k.csi, k.labels}) {
        h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
      }
      return h;
    }
  };
  struct StorageGroup {
    MaxAcc cap_bytes;
    SumAcc cap_byte_seconds, request_byte_seconds, usage_byte_seconds;
    std::optional<int64_t> node_count;  // max(nc.node_count)
    std::optional<int64_t> category;
  };
  InsertionOrderedMap<StorageKey, StorageGroup, StorageKeyHash> storage_groups_;
};

Result<uint32_t> DayTask::FilteredLabels(uint32_t text_id) {
  if (text_id == kNullId) {
    // Trino: json_parse(NULL) is NULL and poisons map_concat; PostgreSQL: filter_json_by_keys
    // returns '{}' (PSQL:12-27). Spec §2.5 #3.
    return dialect_ == Dialect::kTrino ? LabelPool::kNullLabels : LabelPool::kEmptyLabels;
  }
  if (text_id < ws_.label_of_text.size() && ws_.label_of_text[text_id] != kUnset) {
    return ws_.label_of_text[text_id];
  }
  const std::string_view text = pool_.Get(text_id);
  uint32_t id = LabelPool::kEmptyLabels;
  bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank && dialect_ == Dialect::kTrino) {
    return Status::InvalidArgument(
        "blank label text: Trino's json_parse fails on it (spec §2.5 #3); the PostgreSQL "
        "dialect reads it as {}");
  }
  if (!blank) {
    Result<LabelMap> map = ParseLabelJson(text);
    if (!map.ok()) {
      return map.status().WithContext(fmt::format("label text '{}'", text.substr(0, 80)));
    }
    id = ctx_.keys_null ? LabelPool::kEmptyLabels
                        : labels_.Intern(FilterLabels(*map, ctx_.enabled_keys));
  }
  if (ws_.label_of_text.size() <= text_id) ws_.label_of_text.resize(text_id + 1, kUnset);
  ws_.label_of_text[text_id] = id;
  return id;
}

Status DayTask::ReadLabels(const std::vector<FileColumns>& files, bool node_side, uint64_t* count) {
  auto& target = node_side ? node_labels_ : namespace_labels_;
  std::vector<uint32_t> keys, texts;
  std::set<std::pair<uint32_t, uint32_t>> seen;
  return ForEachRowGroupOfDay(files, day_, false, count, [&](const DayRows& rows) -> Status {
    StringIds(rows.columns[0], rows.length, &pool_, &keys);
    StringIds(rows.columns[1], rows.length, &pool_, &texts);
    for (uint32_t r : rows.rows) {
      OCPAGG_ASSIGN_OR_RETURN(uint32_t label_id, FilteredLabels(texts[r]));
      // DISTINCT (day, node, filtered labels): TSQL:101-120 / 122-141.
      if (seen.emplace(keys[r], label_id).second) target[keys[r]].push_back(label_id);
      if (node_side && keys[r] != kNullId) {
        const std::string node(pool_.Get(keys[r]));
        result_.nodes_with_labels.insert(node);
        if (texts[r] != kNullId) {
          const std::string_view text = pool_.Get(texts[r]);
          auto [it, inserted] = result_.max_label_text.emplace(node, std::string(text));
          if (!inserted && it->second < text) it->second = std::string(text);
        }
        if (texts[r] != kNullId && pool_.Get(texts[r]).find(kInfraLabelText) != std::string::npos) {
          result_.infra_nodes.insert(node);
        }
      }
    }
    return Status::OK();
  });
}

Status DayTask::ReadCapacity() {
  // NC: per (interval_start, node) the max of the hourly capacities, summed over the day's
  // hours; CC: their sum over nodes, '' included (TSQL:143-171, spec §2.2 D, E).
  // Rows on the hour (all of Koku's) go to a [node][hour] table; any other interval_start to a
  // map keyed by (interval_start, node).
  constexpr int64_t kHourMs = 3600000;
  const int64_t day_ms = int64_t{day_} * 86400000;
  using HourCaps = std::pair<MaxAcc, MaxAcc>;
  std::unordered_map<uint32_t, uint32_t> dense;  // node id -> row of `on_the_hour`
  std::vector<uint32_t> dense_nodes;
  std::vector<std::array<HourCaps, 24>> on_the_hour;
  std::map<std::pair<int64_t, uint32_t>, HourCaps> other;
  std::vector<uint32_t> nodes;
  Doubles cpu, mem;
  OCPAGG_RETURN_IF_ERROR(ForEachRowGroupOfDay(
      ctx_.hourly_pod, day_, true, &result_.hourly_rows, [&](const DayRows& rows) -> Status {
        StringIds(rows.columns[kHpNode], rows.length, &pool_, &nodes);
        ToDoubles(rows.columns[kHpCapCpuSeconds], rows.length, &cpu);
        ToDoubles(rows.columns[kHpCapMemSeconds], rows.length, &mem);
        for (uint32_t r : rows.rows) {
          const int64_t offset = rows.interval_start_ms[r] - day_ms;
          HourCaps* slot;
          if (offset >= 0 && offset < 24 * kHourMs && offset % kHourMs == 0) {
            auto [it, inserted] = dense.try_emplace(nodes[r], static_cast<uint32_t>(dense.size()));
            if (inserted) {
              dense_nodes.push_back(nodes[r]);
              on_the_hour.emplace_back();
            }
            slot = &on_the_hour[it->second][static_cast<size_t>(offset / kHourMs)];
          } else {
            slot = &other[{rows.interval_start_ms[r], nodes[r]}];
          }
          slot->first.Add(cpu.Get(r));
          slot->second.Add(mem.Get(r));
        }
        return Status::OK();
      }));
  const auto add = [&](uint32_t node, const HourCaps& caps) {
    auto [it, inserted] = node_capacity_.try_emplace(node);
    if (inserted) capacity_order_.push_back(node);
    Capacity& c = it->second;
    if (caps.first.any) c.cpu.Add(caps.first.value);
    if (caps.second.any) c.mem.Add(caps.second.value);
  };
  for (size_t i = 0; i < dense_nodes.size(); ++i) {
    for (const HourCaps& caps : on_the_hour[i]) {
      if (caps.first.any || caps.second.any) {
        add(dense_nodes[i], caps);
      } else {
        // A node row whose capacities are NULL.
        if (node_capacity_.try_emplace(dense_nodes[i]).second) {
          capacity_order_.push_back(dense_nodes[i]);
        }
      }
    }
  }
  for (const auto& [key, caps] : other) add(key.second, caps);
  for (uint32_t node : capacity_order_) {
    const Capacity& c = node_capacity_.at(node);
    cluster_capacity_.cpu.Add(c.cpu);
    cluster_capacity_.mem.Add(c.mem);
  }
  any_capacity_ = !node_capacity_.empty();
  return Status::OK();
}

std::optional<int64_t> DayTask::MaxCategory(uint32_t namespace_id, size_t* copies) {
  // LEFT JOIN reporting_ocp_cost_category_namespace ON namespace LIKE pattern: one copy of the
  // line item per matching pattern (at least one), max(cost_category_id) over them (TSQL:302).
  if (namespace_id == kNullId) {
    *copies = 1;
    return std::nullopt;
  }
  auto& cache = ws_.category_of_namespace;
  if (cache.size() <= namespace_id) cache.resize(namespace_id + 1, {std::nullopt, kUnset});
  auto& entry = cache[namespace_id];
  if (entry.second == kUnset) {
    entry = {std::nullopt, 0};
    const std::string_view ns = pool_.Get(namespace_id);
    for (const CostCategoryPattern& p : ctx_.categories) {
      if (SqlLike(ns, p.namespace_pattern, dialect_ == Dialect::kPostgres)) {
        ++entry.second;
        entry.first = entry.first ? std::max(*entry.first, p.id) : p.id;
      }
    }
  }
  *copies = std::max<size_t>(1, entry.second);
  return entry.first;
}

const std::vector<uint32_t>& DayTask::BaseLabels(uint32_t node, uint32_t ns) {
  const uint64_t key = (uint64_t{node} << 32) | ns;
  auto it = base_labels_.find(key);
  if (it != base_labels_.end()) return it->second;
  static const std::vector<uint32_t> kNoLabels = {LabelPool::kNullLabels};
  const auto nl_it = node == kNullId ? node_labels_.end() : node_labels_.find(node);
  const auto nsl_it = ns == kNullId ? namespace_labels_.end() : namespace_labels_.find(ns);
  const std::vector<uint32_t>& nls = nl_it == node_labels_.end() ? kNoLabels : nl_it->second;
  const std::vector<uint32_t>& nsls =
      nsl_it == namespace_labels_.end() ? kNoLabels : nsl_it->second;
  std::vector<uint32_t> bases;
  bases.reserve(nls.size() * nsls.size());
  for (uint32_t nl : nls) {
    for (uint32_t nsl : nsls) {
      // coalesce(nl, {}) || coalesce(nsl, {}): namespace labels win over node labels.
      bases.push_back(labels_.Merge(nl == LabelPool::kNullLabels ? LabelPool::kEmptyLabels : nl,
                                    nsl == LabelPool::kNullLabels ? LabelPool::kEmptyLabels : nsl));
    }
  }
  return base_labels_.emplace(key, std::move(bases)).first->second;
}

Status DayTask::ReadPods() {
  // Pod rows: TSQL:260-316 / PSQL:238-290. Each daily line item is joined with every NL row of
  // its node, every NSL row of its namespace and every matching cost category; every copy is
  // summed into the group of its merged labels (spec §6.4 fan-out).
  std::vector<uint32_t> ns, node, pod, pod_labels, rid, role;
  Doubles m[8], cap_cores, cap_mem;
  const uint32_t apiserver = pool_.Intern("openshift-kube-apiserver");
  return ForEachRowGroupOfDay(
      ctx_.pod, day_, false, &result_.pod_rows, [&](const DayRows& rows) -> Status {
        const size_t n = rows.length;
        StringIds(rows.columns[kPNamespace], n, &pool_, &ns);
        StringIds(rows.columns[kPNode], n, &pool_, &node);
        // Pod names matter only for the volume-to-node map of the day's storage lines.
        StringIds(storage_pods_.empty() ? nullptr : rows.columns[kPPod], n, &pool_, &pod);
        StringIds(rows.columns[kPPodLabels], n, &pool_, &pod_labels);
        StringIds(rows.columns[kPResourceId], n, &pool_, &rid);
        StringIds(rows.columns[kPNodeRole], n, &pool_, &role);
        for (int i = 0; i < 8; ++i) ToDoubles(rows.columns[kPUsageCpu + i], n, &m[i]);
        ToDoubles(rows.columns[kPCapCores], n, &cap_cores);
        ToDoubles(rows.columns[kPCapMemBytes], n, &cap_mem);
        for (uint32_t r : rows.rows) {
          // Facts for the volume-to-node map (no node filter, TSQL:175-204) and the role pre-step.
          if (!storage_pods_.empty() && ns[r] != kNullId && pod[r] != kNullId) {
            const uint64_t key = (uint64_t{ns[r]} << 32) | pod[r];
            if (storage_pods_.count(key)) {
              auto& nodes = pod_nodes_[key];
              const std::pair<uint32_t, uint32_t> where{node[r], rid[r]};
              if (std::find(nodes.begin(), nodes.end(), where) == nodes.end()) {
                nodes.push_back(where);
              }
            }
          }
          if (node[r] != kNullId && rid[r] != kNullId) {
            RoleFacts& facts = role_facts_[(uint64_t{node[r]} << 32) | rid[r]];
            facts.max_role = pool_.Max(facts.max_role, role[r]);
            facts.apiserver = facts.apiserver || ns[r] == apiserver;
            facts.capacity_cores.Add(cap_cores.Get(r));
          }
          // li.node != '' (TSQL:307) also drops NULL nodes.
          if (node[r] == kNullId || pool_.Get(node[r]).empty()) continue;
          // coalesce(eff, greatest(usage, request)); Trino's greatest is NULL when an argument is
          // NULL, PostgreSQL's ignores NULLs (spec §2.5 #6).
          const auto effective = [&](int eff, int usage, int request) -> std::optional<double> {
            if (auto e = m[eff].Get(r)) return e;
            auto u = m[usage].Get(r), q = m[request].Get(r);
            if (u && q) return std::max(*u, *q);
            if (dialect_ == Dialect::kTrino) return std::nullopt;
            return u ? u : q;
          };
          const std::optional<double> values[8] = {
              m[0].Get(r), m[1].Get(r), effective(2, 0, 1), m[3].Get(r),
              m[4].Get(r), m[5].Get(r), effective(6, 4, 5), m[7].Get(r)};
          // Lines with the same namespace, node and label text end in the same groups, so they
          // are summed here once and joined with NL, NSL and the cost categories per distinct
          // (namespace, node, label text) in JoinPodLines().
          RawPodGroup& g = raw_pod_groups_[RawPodKey{ns[r], node[r], pod_labels[r]}];
          for (int i = 0; i < 8; ++i) {
            if (values[i]) g.sums[i].Add(*values[i]);
          }
          g.cap_cores.Add(cap_cores.Get(r));
          g.cap_mem_bytes.Add(cap_mem.Get(r));
          g.resource_id = pool_.Max(g.resource_id, rid[r]);
          ++g.lines;
        }
        return Status::OK();
      });
}

Status DayTask::JoinPodLines() {
  // Pod rows: TSQL:260-316. Each line is joined with every NL row of its node, every NSL row of
  // its namespace and every matching cost category; each copy is summed into the group of its
  // merged labels (spec §6.4 fan-out). Done here per distinct (namespace, node, label text):
  // the copies of a set of lines add their sums as the lines would, one after another.
  for (const auto& [key, raw] : raw_pod_groups_) {
    OCPAGG_ASSIGN_OR_RETURN(uint32_t own_labels, FilteredLabels(key.labels));
    const std::vector<uint32_t>& bases = BaseLabels(key.node, key.ns);
    size_t copies = 1;
    const std::optional<int64_t> category = MaxCategory(key.ns, &copies);
    if (bases.size() * copies > 1) result_.fanned_out += raw.lines;
    for (uint32_t base : bases) {
      // map_concat(coalesce(nl, {}), coalesce(nsl, {}), pod): pod > namespace > node; a NULL pod
      // map makes the whole map NULL (Trino).
      const uint32_t merged = own_labels == LabelPool::kNullLabels
                                  ? LabelPool::kNullLabels
                                  : labels_.Merge(base, own_labels);
      PodGroup& g = pod_groups_[PodKey{key.ns, key.node, merged}];
      for (size_t c = 0; c < copies; ++c) {
        SumAcc* sums[8] = {&g.usage_cpu, &g.request_cpu, &g.effective_cpu, &g.limit_cpu,
                           &g.usage_mem, &g.request_mem, &g.effective_mem, &g.limit_mem};
        for (int i = 0; i < 8; ++i) sums[i]->Add(raw.sums[i]);
      }
      g.cap_cores.Add(raw.cap_cores.get());
      g.cap_mem_bytes.Add(raw.cap_mem_bytes.get());
      g.resource_id = pool_.Max(g.resource_id, raw.resource_id);
      if (category) g.category = g.category ? std::max(*g.category, *category) : *category;
    }
  }
  return Status::OK();
}

Status DayTask::ReadStorageLines() {
  if (!ctx_.storage_exists) return Status::OK();
  std::vector<uint32_t> ids[8];
  Doubles m[4];
  return ForEachRowGroupOfDay(
      ctx_.storage, day_, false, &result_.storage_rows, [&](const DayRows& rows) -> Status {
        const size_t n = rows.length;
        const int string_cols[8] = {kSNamespace,       kSPod,      kSPvc,      kSPv, kSStorageClass,
                                    kSCsiVolumeHandle, kSPvLabels, kSPvcLabels};
        for (int i = 0; i < 8; ++i) StringIds(rows.columns[string_cols[i]], n, &pool_, &ids[i]);
        for (int i = 0; i < 4; ++i) ToDoubles(rows.columns[kSCapBytes + i], n, &m[i]);
        for (uint32_t r : rows.rows) {
          storage_lines_.push_back({ids[0][r], ids[1][r], ids[2][r], ids[3][r], ids[4][r],
                                    ids[5][r], ids[6][r], ids[7][r], m[0].Get(r), m[1].Get(r),
                                    m[2].Get(r), m[3].Get(r)});
          if (ids[0][r] != kNullId && ids[1][r] != kNullId) {
            storage_pods_.insert((uint64_t{ids[0][r]} << 32) | ids[1][r]);
          }
        }
        return Status::OK();
      });
}

Status DayTask::BuildStorageGroups() {
  if (storage_lines_.empty()) return Status::OK();
  // VN: DISTINCT (pvc, pv, pod, namespace, node, resource_id) of storage lines joined with the
  // day's pod lines on (namespace, pod) (TSQL:175-204); VNC: distinct nodes per PV (205-212).
  struct VnRow {
    uint32_t pv, node, resource_id;
    auto operator<=>(const VnRow&) const = default;
  };
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, std::set<VnRow>> vn;  // (pvc, pod, ns)
  std::map<uint32_t, std::set<uint32_t>> pv_nodes;
  for (const StorageLine& s : storage_lines_) {
    if (s.ns == kNullId || s.pod == kNullId) continue;  // NULL never joins
    auto it = pod_nodes_.find((uint64_t{s.ns} << 32) | s.pod);
    if (it == pod_nodes_.end()) continue;
    for (const auto& [node, rid] : it->second) {
      vn[{s.pvc, s.pod, s.ns}].insert(VnRow{s.pv, node, rid});
      if (node != kNullId) pv_nodes[s.pv].insert(node);  // count(DISTINCT node) skips NULL
    }
  }
  // The LEFT JOIN to VN matches on (usage_start, pvc, pod, namespace) (TSQL:412-416), so a NULL
  // pvc never matches.
  static const std::set<VnRow> kNoMatch = {VnRow{kNullId, kNullId, kNullId}};
  for (const StorageLine& s : storage_lines_) {
    const std::set<VnRow>* matches = &kNoMatch;
    if (s.pvc != kNullId && s.pod != kNullId && s.ns != kNullId) {
      auto it = vn.find({s.pvc, s.pod, s.ns});
      if (it != vn.end()) matches = &it->second;
    }
    std::optional<int64_t> node_count;
    if (auto it = pv_nodes.find(s.pv); s.pv != kNullId && it != pv_nodes.end()) {
      node_count = static_cast<int64_t>(it->second.size());
    }
    OCPAGG_ASSIGN_OR_RETURN(uint32_t pv_labels, FilteredLabels(s.pv_labels));
    OCPAGG_ASSIGN_OR_RETURN(uint32_t pvc_labels, FilteredLabels(s.pvc_labels));
    size_t copies = 1;
    const std::optional<int64_t> category = MaxCategory(s.ns, &copies);
    size_t total_copies = 0;
    for (const VnRow& v : *matches) {
      // NL of the PVC's pod node (none without a match), NSL of the storage namespace.
      for (uint32_t base : BaseLabels(v.node, s.ns)) {
        total_copies += copies;
        uint32_t merged = LabelPool::kNullLabels;
        if (pv_labels != LabelPool::kNullLabels && pvc_labels != LabelPool::kNullLabels) {
          // map_concat(node, namespace, PV, PVC): PVC > PV > namespace > node (TSQL:389-403).
          merged = labels_.Merge(labels_.Merge(base, pv_labels), pvc_labels);
        }
        StorageGroup& g = storage_groups_[StorageKey{s.ns, v.node, v.resource_id, s.pvc, s.pv,
                                                     s.storageclass, s.csi, merged}];
        for (size_t c = 0; c < copies; ++c) {
          g.cap_bytes.Add(s.cap_bytes);
          if (s.cap_bs) g.cap_byte_seconds.Add(*s.cap_bs);
          if (s.request_bs) g.request_byte_seconds.Add(*s.request_bs);
          if (s.usage_bs) g.usage_byte_seconds.Add(*s.usage_bs);
        }
        if (node_count) {
          g.node_count = g.node_count ? std::max(*g.node_count, *node_count) : *node_count;
        }
        if (category) g.category = g.category ? std::max(*g.category, *category) : *category;
      }
    }
    if (total_copies > 1) ++result_.fanned_out;
  }
  return Status::OK();
}

SummaryRow DayTask::BaseRow(std::string_view data_source) const {
  const SummaryConfig& config = ctx_.options->config;
  SummaryRow row;
  row.report_period_id = config.report_period_id;
  row.cluster_id = config.cluster_id;
  if (config.cluster_alias) row.cluster_alias = *config.cluster_alias;
  row.data_source = data_source;
  row.usage_start = day_;
  row.usage_end = day_;
  row.source_uuid = config.source;
  row.infrastructure_usage_cost =
      dialect_ == Dialect::kTrino ? kInfraUsageCostTrino : kInfraUsageCostPostgres;
  return row;
}

void DayTask::EmitPodRows() {
  const bool pg = dialect_ == Dialect::kPostgres;
  std::unordered_map<uint32_t, size_t> unallocated_index;  // node id -> result_.unallocated
  for (auto& [key, g] : pod_groups_) {
    SummaryRow row = BaseRow("Pod");
    row.namespace_ = pool_.Optional(key.ns);
    row.node = pool_.Optional(key.node);
    row.resource_id = pool_.Optional(g.resource_id);
    row.cost_category_id = g.category;
    if (key.labels != LabelPool::kNullLabels) row.pod_labels = labels_.Jsonb(key.labels);
    // all_labels = map_concat(coalesce(pod_labels, '{}'), coalesce(volume_labels, '{}'))
    // (TSQL:646-649).
    row.all_labels = row.pod_labels.value_or("{}");
    // TSQL:294-305: sums / 3600.0, memory * 2^-30, division first (spec §2.6).
    row.metric(Metric::kPodUsageCpuCoreHours) = Div(g.usage_cpu.get(), kSecondsPerHour);
    row.metric(Metric::kPodRequestCpuCoreHours) = Div(g.request_cpu.get(), kSecondsPerHour);
    row.metric(Metric::kPodEffectiveUsageCpuCoreHours) =
        Div(g.effective_cpu.get(), kSecondsPerHour);
    row.metric(Metric::kPodLimitCpuCoreHours) = Div(g.limit_cpu.get(), kSecondsPerHour);
    row.metric(Metric::kPodUsageMemoryGigabyteHours) =
        Mul(Div(g.usage_mem.get(), kSecondsPerHour), kPerGibibyte);
    row.metric(Metric::kPodRequestMemoryGigabyteHours) =
        Mul(Div(g.request_mem.get(), kSecondsPerHour), kPerGibibyte);
    row.metric(Metric::kPodEffectiveUsageMemoryGigabyteHours) =
        Mul(Div(g.effective_mem.get(), kSecondsPerHour), kPerGibibyte);
    row.metric(Metric::kPodLimitMemoryGigabyteHours) =
        Mul(Div(g.limit_mem.get(), kSecondsPerHour), kPerGibibyte);
    row.metric(Metric::kNodeCapacityCpuCores) = g.cap_cores.get();
    row.metric(Metric::kNodeCapacityMemoryGigabytes) = Mul(g.cap_mem_bytes.get(), kPerGibibyte);
    // Node and cluster capacity: NULL without an NC / CC row in Trino, coalesce(.., 0) in the
    // PostgreSQL port (PSQL:259-263, spec §2.5 #4).
    std::optional<double> nc_cpu, nc_mem, cc_cpu, cc_mem;
    if (auto it = node_capacity_.find(key.node); it != node_capacity_.end()) {
      nc_cpu = it->second.cpu.get();
      nc_mem = it->second.mem.get();
    }
    if (any_capacity_) {
      cc_cpu = cluster_capacity_.cpu.get();
      cc_mem = cluster_capacity_.mem.get();
    }
    if (pg) {
      nc_cpu = nc_cpu.value_or(0);
      nc_mem = nc_mem.value_or(0);
      cc_cpu = cc_cpu.value_or(0);
      cc_mem = cc_mem.value_or(0);
    }
    row.metric(Metric::kNodeCapacityCpuCoreHours) = Div(nc_cpu, kSecondsPerHour);
    row.metric(Metric::kNodeCapacityMemoryGigabyteHours) =
        Mul(Div(nc_mem, kSecondsPerHour), kPerGibibyte);
    row.metric(Metric::kClusterCapacityCpuCoreHours) = Div(cc_cpu, kSecondsPerHour);
    row.metric(Metric::kClusterCapacityMemoryGigabyteHours) =
        Mul(Div(cc_mem, kSecondsPerHour), kPerGibibyte);

    // Unallocated inputs (TSQL:491-567): Pod rows whose namespace is known and not one of the
    // four synthetic names, grouped by node.
    static const std::set<std::string_view> kSynthetic = {
        "Platform unallocated", "Worker unallocated", "Network unattributed",
        "Storage unattributed"};
    if (row.namespace_ && !kSynthetic.count(*row.namespace_) && row.node) {
      auto [it, inserted] = unallocated_index.emplace(key.node, result_.unallocated.size());
      if (inserted) {
        result_.unallocated.emplace_back();
        result_.unallocated.back().node = std::string(*row.node);
      }
      UnallocatedInputs& u = result_.unallocated[it->second];
      if (row.resource_id) {
        if (!u.max_resource_id || *u.max_resource_id < *row.resource_id) {
          u.max_resource_id = std::string(*row.resource_id);
        }
        u.resource_ids.emplace(*row.resource_id);
      }
      const Metric sum_metrics[6] = {
          Metric::kPodUsageCpuCoreHours,          Metric::kPodRequestCpuCoreHours,
          Metric::kPodEffectiveUsageCpuCoreHours, Metric::kPodUsageMemoryGigabyteHours,
          Metric::kPodRequestMemoryGigabyteHours, Metric::kPodEffectiveUsageMemoryGigabyteHours};
      const Metric max_metrics[6] = {
          Metric::kNodeCapacityCpuCores,        Metric::kNodeCapacityCpuCoreHours,
          Metric::kNodeCapacityMemoryGigabytes, Metric::kNodeCapacityMemoryGigabyteHours,
          Metric::kClusterCapacityCpuCoreHours, Metric::kClusterCapacityMemoryGigabyteHours};
      for (int i = 0; i < 6; ++i) {
        if (auto v = row.metric(sum_metrics[i])) u.sums[i].Add(*v);
        u.caps[i].Add(row.metric(max_metrics[i]));
      }
    }
    result_.rows.push_back(std::move(row));
  }
}

void DayTask::EmitStorageRows() {
  const bool pg = dialect_ == Dialect::kPostgres;
  const CivilDate date = CivilFromDays(day_);
  // 86400 * D(d): seconds in the month of the day (TSQL:347-365, spec §2.2 I).
  const double month_seconds = 86400.0 * DaysInMonth(date.year, date.month);
  for (auto& [key, g] : storage_groups_) {
    SummaryRow row = BaseRow("Storage");
    row.namespace_ = pool_.Optional(key.ns);
    row.node = pool_.Optional(key.node);
    row.resource_id = pool_.Optional(key.resource_id);
    row.persistentvolumeclaim = pool_.Optional(key.pvc);
    row.persistentvolume = pool_.Optional(key.pv);
    row.storageclass = pool_.Optional(key.storageclass);
    row.cost_category_id = g.category;
    if (key.labels != LabelPool::kNullLabels) row.volume_labels = labels_.Jsonb(key.labels);
    row.all_labels = row.volume_labels.value_or("{}");
    // sum / max(node_count): NULL without a VNC row in Trino, / coalesce(max, 1) in the
    // PostgreSQL port (PSQL:380-381, spec §2.5 #5).
    std::optional<double> divisor;
    if (g.node_count) divisor = static_cast<double>(*g.node_count);
    if (pg && !divisor) divisor = 1.0;
    const auto divided = [&](const SumAcc& s) -> std::optional<double> {
      if (!s.any || !divisor) return std::nullopt;
      return s.value / *divisor;
    };
    row.metric(Metric::kPersistentvolumeclaimCapacityGigabyte) =
        Mul(g.cap_bytes.get(), kPerGibibyte);
    row.metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths) =
        Mul(Div(g.cap_byte_seconds.get(), month_seconds), kPerGibibyte);
    row.metric(Metric::kVolumeRequestStorageGigabyteMonths) =
        Mul(Div(divided(g.request_byte_seconds), month_seconds), kPerGibibyte);
    row.metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths) =
        Mul(Div(divided(g.usage_byte_seconds), month_seconds), kPerGibibyte);
    result_.rows.push_back(std::move(row));
  }
}

void DayTask::FinishRows() {
  SortDayRows(result_.rows);
  for (SummaryRow& row : result_.rows) {
    UuidV4(ws_.rng, &row.uuid);
    (row.data_source == "Pod" ? result_.rows_pod : result_.rows_storage) += 1;
    if (ws_.tags.empty()) continue;
    std::optional<std::string_view>& labels =
        row.data_source == "Storage" ? row.volume_labels : row.pod_labels;
    if (!labels) continue;
    if (const std::string* mapped = ws_.tags.Map(*labels)) {
      labels = *mapped;
      row.all_labels = *mapped;
    }
  }
}

Result<DayResult> DayTask::Run() {
  OCPAGG_RETURN_IF_ERROR(ReadLabels(ctx_.node_labels, true, &result_.node_label_rows));
  OCPAGG_RETURN_IF_ERROR(ReadLabels(ctx_.namespace_labels, false, &result_.namespace_label_rows));
  OCPAGG_RETURN_IF_ERROR(ReadCapacity());
  OCPAGG_RETURN_IF_ERROR(ReadStorageLines());
  OCPAGG_RETURN_IF_ERROR(ReadPods());
  OCPAGG_RETURN_IF_ERROR(JoinPodLines());
  OCPAGG_RETURN_IF_ERROR(BuildStorageGroups());
  EmitPodRows();
  EmitStorageRows();
  FinishRows();
  for (const auto& [key, facts] : role_facts_) {
    auto& out = result_.roles[{std::string(pool_.Get(static_cast<uint32_t>(key >> 32))),
                               std::string(pool_.Get(static_cast<uint32_t>(key)))}];
    if (facts.max_role != kNullId) std::get<0>(out) = std::string(pool_.Get(facts.max_role));
    std::get<1>(out) = facts.apiserver;
    std::get<2>(out) = facts.capacity_cores;
  }
  result_.rows_read = result_.hourly_rows + result_.pod_rows + result_.storage_rows +
                      result_.node_label_rows + result_.namespace_label_rows;
  return std::move(result_);
}

// ---------------------------------------------------------------------------------------------
// Finishing: roles and unallocated rows, tag mapping, ordering, uuids.

Status PrepareContext(const SummaryOptions& options, const InputSet& input, RunContext* ctx,
                      SummaryReport* report) {
  ctx->options = &options;
  // K = ['vm_kubevirt_io_name'] || array_agg(enabled keys); Trino: NULL when no key is enabled
  // (spec §2.2 A, §2.5 #2).
  ctx->enabled_keys = options.config.enabled_tag_keys;
  if (ctx->enabled_keys.empty() && options.dialect == Dialect::kTrino) ctx->keys_null = true;
  ctx->enabled_keys.emplace_back(kVmLabelKey);
  std::sort(ctx->enabled_keys.begin(), ctx->enabled_keys.end());
  ctx->enabled_keys.erase(std::unique(ctx->enabled_keys.begin(), ctx->enabled_keys.end()),
                          ctx->enabled_keys.end());
  ctx->categories = options.config.cost_categories;

  const auto resolve = [&](const std::vector<InputFile>& files, std::span<const ColumnSpec> specs,
                           std::vector<FileColumns>* out) -> Status {
    for (const InputFile& f : files) {
      OCPAGG_ASSIGN_OR_RETURN(auto columns, ResolveColumns(f, specs));
      out->push_back({&f, std::move(columns)});
    }
    return Status::OK();
  };
  const auto daily_or_hourly = [&](ReportType type) -> const std::vector<InputFile>& {
    const size_t t = static_cast<size_t>(type);
    if (!input.daily[t].empty()) return input.daily[t];
    if (!input.hourly[t].empty()) report->daily_derived_from_hourly = true;
    return input.hourly[t];
  };
  const size_t pod = static_cast<size_t>(ReportType::kPodUsage);
  // Capacity comes from the hourly table only (TSQL:143-164; spec §6.2): without hourly files
  // there is no NC row, as in Koku.
  OCPAGG_RETURN_IF_ERROR(resolve(input.hourly[pod], kHourlyPodSpecs, &ctx->hourly_pod));
  OCPAGG_RETURN_IF_ERROR(resolve(daily_or_hourly(ReportType::kPodUsage), kPodSpecs, &ctx->pod));
  const auto& storage = daily_or_hourly(ReportType::kStorageUsage);
  ctx->storage_exists = !storage.empty();
  OCPAGG_RETURN_IF_ERROR(resolve(storage, kStorageSpecs, &ctx->storage));
  OCPAGG_RETURN_IF_ERROR(
      resolve(daily_or_hourly(ReportType::kNodeLabels), kNodeLabelSpecs, &ctx->node_labels));
  OCPAGG_RETURN_IF_ERROR(resolve(daily_or_hourly(ReportType::kNamespaceLabels),
                                 kNamespaceLabelSpecs, &ctx->namespace_labels));
  for (size_t t = 0; t < kReportTypeCount; ++t) {
    report->input_files += input.hourly[t].size() + input.daily[t].size();
  }
  report->input_bytes = input.total_bytes;
  return Status::OK();
}

/// The node rows of the role pre-step over the whole range (spec §2.1;
/// reportdb_accessor_trino.py:171-199): per (node, resource_id) of the pod rows whose node has a
/// node-label row in the range (the pre-step's LEFT JOIN is an inner join: its WHERE filters on
/// nl), role = coalesce(max(node_role), master if openshift-kube-apiserver is among its
/// namespaces, infra if a label text of the node contains '"node_role_kubernetes_io": "infra"',
/// worker).
std::vector<DerivedNode> DeriveNodes(const std::vector<DayResult>& days) {
  std::map<std::pair<std::string, std::string>,
           std::tuple<std::optional<std::string>, bool, MaxAcc>>
      facts;
  std::set<std::string> nodes_with_labels, infra_nodes;
  std::map<std::string, std::string> max_label_text;
  for (const DayResult& d : days) {
    nodes_with_labels.insert(d.nodes_with_labels.begin(), d.nodes_with_labels.end());
    infra_nodes.insert(d.infra_nodes.begin(), d.infra_nodes.end());
    for (const auto& [node, text] : d.max_label_text) {
      auto [it, inserted] = max_label_text.emplace(node, text);
      if (!inserted && it->second < text) it->second = text;
    }
    for (const auto& [key, f] : d.roles) {
      auto& merged = facts[key];
      const auto& role = std::get<0>(f);
      if (role && (!std::get<0>(merged) || *std::get<0>(merged) < *role))
        std::get<0>(merged) = role;
      std::get<1>(merged) = std::get<1>(merged) || std::get<1>(f);
      std::get<2>(merged).Add(std::get<2>(f).get());
    }
  }
  std::vector<DerivedNode> out;
  for (const auto& [key, f] : facts) {
    if (!nodes_with_labels.count(key.first)) continue;
    DerivedNode node;
    node.node = key.first;
    node.resource_id = key.second;
    node.node_capacity_cpu_cores = std::get<2>(f).get();
    node.node_role = std::get<0>(f)                 ? *std::get<0>(f)
                     : std::get<1>(f)               ? "master"
                     : infra_nodes.count(key.first) ? "infra"
                                                    : "worker";
    // lower(json_extract_scalar(max(node_labels), '$.kubernetes_io_arch'))
    if (auto it = max_label_text.find(key.first); it != max_label_text.end()) {
      Result<LabelMap> labels = ParseLabelJson(it->second);
      if (labels.ok()) {
        for (const Label& l : *labels) {
          if (l.key == "kubernetes_io_arch" && !l.is_null) {
            std::string arch = l.value;
            for (char& c : arch) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            node.architecture = arch;
          }
        }
      }
    }
    out.push_back(std::move(node));
  }
  return out;
}

/// Unallocated rows of one day (TSQL:461-581).
std::vector<SummaryRow> UnallocatedRows(const SummaryOptions& options, const DayResult& day,
                                        const NodeRoles& roles) {
  std::vector<SummaryRow> out;
  const SummaryConfig& config = options.config;
  for (const UnallocatedInputs& u : day.unallocated) {
    // max(role) over the day's Pod rows of the node, joined on (node, resource_id).
    std::optional<std::string> role;
    for (const std::string& rid : u.resource_ids) {
      auto it = roles.find({u.node, rid});
      if (it != roles.end() && (!role || *role < it->second)) role = it->second;
    }
    std::optional<std::string_view> ns;
    if (role == "master" || role == "infra") ns = kPlatformUnallocated;
    if (role == "worker") ns = kWorkerUnallocated;
    SummaryRow row;
    row.report_period_id = config.report_period_id;
    row.cluster_id = config.cluster_id;
    if (config.cluster_alias) row.cluster_alias = *config.cluster_alias;
    row.data_source = "Pod";
    row.namespace_ = ns;
    row.node = u.node;
    if (u.max_resource_id) row.resource_id = *u.max_resource_id;
    row.usage_start = day.day;
    row.usage_end = day.day;
    row.source_uuid = config.source;
    row.all_labels = "{}";
    // max(capacity) - sum(pod values): may be negative; NULL when the capacity is NULL.
    const Metric value_metrics[6] = {
        Metric::kPodUsageCpuCoreHours,          Metric::kPodRequestCpuCoreHours,
        Metric::kPodEffectiveUsageCpuCoreHours, Metric::kPodUsageMemoryGigabyteHours,
        Metric::kPodRequestMemoryGigabyteHours, Metric::kPodEffectiveUsageMemoryGigabyteHours};
    const Metric cap_metrics[6] = {
        Metric::kNodeCapacityCpuCores,        Metric::kNodeCapacityCpuCoreHours,
        Metric::kNodeCapacityMemoryGigabytes, Metric::kNodeCapacityMemoryGigabyteHours,
        Metric::kClusterCapacityCpuCoreHours, Metric::kClusterCapacityMemoryGigabyteHours};
    for (int i = 0; i < 6; ++i) row.metric(cap_metrics[i]) = u.caps[i].get();
    for (int i = 0; i < 6; ++i) {
      const std::optional<double> cap = i < 3 ? u.caps[1].get() : u.caps[3].get();
      const std::optional<double> sum = u.sums[i].get();
      if (cap && sum) row.metric(value_metrics[i]) = *cap - *sum;
    }
    // LEFT JOIN cost categories ON namespace LIKE pattern, not aggregated: one row per match.
    std::vector<std::optional<int64_t>> categories;
    if (ns) {
      for (const CostCategoryPattern& p : config.cost_categories) {
        if (SqlLike(*ns, p.namespace_pattern, options.dialect == Dialect::kPostgres)) {
          categories.push_back(p.id);
        }
      }
    }
    if (categories.empty()) categories.push_back(std::nullopt);
    for (const auto& category : categories) {
      SummaryRow copy = row;
      copy.cost_category_id = category;
      out.push_back(std::move(copy));
    }
  }
  return out;
}

}  // namespace

Status RunSummary(const SummaryOptions& options, SummarySink* sink, SummaryReport* report,
                  const std::function<void(const SummaryProgress&)>& progress) {
  if (options.first_day > options.last_day) {
    return Status::InvalidArgument("the day range is empty (start after end)");
  }
  OCPAGG_ASSIGN_OR_RETURN(
      InputSet input, OpenInput(options.file_system ? *options.file_system : io::LocalFileSystem(),
                                options.input_root, options.config.account, options.config.source,
                                options.year, options.month));
  RunContext ctx;
  OCPAGG_RETURN_IF_ERROR(PrepareContext(options, input, &ctx, report));

  SummaryRunInfo info;
  info.source = options.config.source;
  info.report_period_id = options.config.report_period_id;
  info.first_day = options.first_day;
  info.last_day = options.last_day;
  info.dialect = options.dialect;
  OCPAGG_RETURN_IF_ERROR(sink->Begin(info));

  const int days = options.last_day - options.first_day + 1;
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, days);

  // Day tasks run on `threads` workers; the caller's thread hands finished days to the sink in
  // day order. Results wait in `done` only until the days before them are written.
  std::mutex mu;
  std::condition_variable cv;
  std::map<int, Result<DayResult>> done;
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  int consumed = 0;  // days handed to the sink (guarded by mu)
  // One state per worker: the rows of its days point into it, so it lives to the end.
  std::random_device seed_source;
  std::vector<std::unique_ptr<WorkerState>> states;
  for (int w = 0; w < threads; ++w) {
    states.push_back(std::make_unique<WorkerState>(
        options.config, (uint64_t{seed_source()} << 32) | seed_source()));
  }
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      while (!stop) {
        const int i = next.fetch_add(1);
        if (i >= days) break;
        // Work at most `threads` days ahead of the day the sink writes, to bound memory. The day
        // the sink waits for is never held back, so this cannot deadlock.
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return stop || i <= consumed + threads; });
        }
        DayTask task(ctx, options.first_day + i, states[static_cast<size_t>(w)].get());
        Result<DayResult> result = task.Run();
        if (result.ok()) result->prepared = sink->Prepare(std::move(result->rows));
        std::lock_guard lock(mu);
        done.emplace(i, std::move(result));
        cv.notify_all();
      }
    });
  }
  std::vector<DayResult> finished;  // rows written; kept for roles and unallocated
  Status status;
  for (int i = 0; i < days && status.ok(); ++i) {
    Result<DayResult> result = Status::Corruption("unreachable");
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done.count(i) > 0; });
      result = std::move(done.at(i));
      done.erase(i);
      consumed = i + 1;
      cv.notify_all();
    }
    if (!result.ok()) {
      status = result.status().WithContext(FormatDate(options.first_day + i));
      break;
    }
    DayResult day = std::move(result).value();
    report->rows_pod += day.rows_pod;
    report->rows_storage += day.rows_storage;
    report->hourly_pod_rows += day.hourly_rows;
    report->pod_rows += day.pod_rows;
    report->storage_rows += day.storage_rows;
    report->node_label_rows += day.node_label_rows;
    report->namespace_label_rows += day.namespace_label_rows;
    report->fanned_out_line_items += day.fanned_out;
    status = sink->WritePrepared(day.prepared);
    // Free the day's rows / text now (assigning an empty string would keep the buffer).
    { PreparedRows written = std::move(day.prepared); }
    finished.push_back(std::move(day));
    if (progress) {
      SummaryProgress p;
      p.days_done = i + 1;
      p.days_total = days;
      p.rows_read = report->hourly_pod_rows + report->pod_rows + report->storage_rows +
                    report->node_label_rows + report->namespace_label_rows;
      progress(p);
    }
  }
  stop = true;
  {
    std::lock_guard lock(mu);
    cv.notify_all();
  }
  for (auto& t : workers) t.join();
  OCPAGG_RETURN_IF_ERROR(status);

  OCPAGG_ASSIGN_OR_RETURN(const NodeRoles roles,
                          sink->ApplyNodeRoles(DeriveNodes(finished), options.config.node_roles));
  std::mt19937_64 rng((uint64_t{seed_source()} << 32) | seed_source());
  for (const DayResult& day : finished) {
    std::vector<SummaryRow> rows = UnallocatedRows(options, day, roles);
    SortDayRows(rows);
    for (SummaryRow& row : rows) UuidV4(rng, &row.uuid);
    report->rows_unallocated += rows.size();
    OCPAGG_RETURN_IF_ERROR(sink->Write(rows));
  }
  report->days = days;
  return sink->Commit();
}

}  // namespace ocpagg::ocp
