#include "gen/nise_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <unordered_map>

#include "common/date.h"
#include "gen/random.h"

namespace ocpagg::gen {
namespace {

constexpr PyNum kGig{1073741824.0, true};  // GIGABYTE = 2^30 (ocp_generator.py:39)
constexpr PyNum kHour{3600.0, true};       // HOUR (ocp_generator.py:40)
constexpr int64_t kDaySeconds = 86400;

PyNum Float(double v) { return {v, false}; }
PyNum Int(int64_t v) { return {static_cast<double>(v), true}; }
bool Truthy(const std::optional<PyNum>& v) { return v && v->value != 0; }

struct BuiltNode {
  std::string name;
  PyNum cpu_cores;
  PyNum memory_bytes;
  std::string resource_id;
  std::string labels;
  const NodeSpec* spec = nullptr;
};

struct BuiltPod {
  std::string ns, node, resource_id, name, labels;
  PyNum cap_cpu_cores, cap_cpu_core_seconds, cap_mem_bytes, cap_mem_byte_seconds;
  PyNum cpu_request, cpu_limit, mem_request_gig, mem_limit_gig;
  UsageMap cpu_usage, mem_usage_gig;
  std::optional<PyNum> pod_seconds;
};

struct BuiltClaim {
  std::string name, pod, labels;
  PyNum capacity;
  UsageMap usage_gig;
};

struct BuiltVolume {
  std::string node, ns, name, storage_class, csi_driver, csi_volume_handle, labels;
  PyNum request;
  std::vector<BuiltClaim> claims;  // dict order: first insertion position, last value
};

// A Python dict keyed by name: insertion order of first appearance, last value wins.
template <typename T>
class OrderedByName {
 public:
  void Put(const std::string& key, T value) {
    auto [it, inserted] = index_.emplace(key, items_.size());
    if (inserted) {
      items_.push_back(std::move(value));
    } else {
      items_[it->second] = std::move(value);
    }
  }
  const std::vector<T>& items() const { return items_; }

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<T> items_;
};

// Appends one row to a raw frame; columns are filled in schema order by the typed calls.
class RowWriter {
 public:
  RowWriter(Frame* frame, StringPool* pool) : frame_(frame), pool_(pool) {}
  void Ts(int64_t seconds) { frame_->columns[col_++].i64.push_back(seconds * 1000); }
  void Str(std::string_view s) { frame_->columns[col_++].ids.push_back(pool_->Intern(s)); }
  void Num(PyNum v) {
    Column& c = frame_->columns[col_++];
    c.f64.push_back(v.value);
    c.py_int.push_back(v.is_int ? 1 : 0);
  }
  void Missing() {
    Column& c = frame_->columns[col_++];
    c.f64.push_back(std::nan(""));
    c.py_int.push_back(0);
  }
  void Common(int64_t hour, int64_t month_start, int64_t next_month) {
    Ts(month_start);
    Ts(next_month);
    Ts(hour);
    Ts(hour + 3599);  // hour_delta 59:59 (ocp_generator.py:481)
  }
  void End() {
    ++frame_->rows;
    col_ = 0;
  }

 private:
  Frame* frame_;
  StringPool* pool_;
  size_t col_ = 0;
};

int64_t NextMonth(int64_t month_start) {
  CivilDate d = CivilFromDays(static_cast<int32_t>(month_start / kDaySeconds));
  d.day = 1;
  if (++d.month > 12) {
    d.month = 1;
    ++d.year;
  }
  return int64_t{DaysFromCivil(d)} * kDaySeconds;
}

class GeneratorRun {
 public:
  GeneratorRun(const GeneratorSpec& spec, Rng* rng, std::string where)
      : spec_(spec), rng_(rng), where_(std::move(where)) {}

  // The OCPGenerator constructor: nodes, namespaces, pods, volumes (ocp_generator.py:467-510).
  Status Build() {
    for (const NodeSpec& n : spec_.nodes) {  // _gen_nodes (:574-599)
      BuiltNode node;
      node.spec = &n;
      const PyNum memory_gig = n.memory_gig ? *n.memory_gig : Int(rng_->RandInt(2, 8));
      node.memory_bytes = PyMul(memory_gig, kGig);
      const std::string rid = n.resource_id ? *n.resource_id : rng_->Hex(17);
      node.name = n.name ? *n.name : "node_" + std::string(rng_->Word());
      node.cpu_cores = n.cpu_cores ? *n.cpu_cores : Int(rng_->RandInt(2, 16));
      node.resource_id = "i-" + rid;
      node.labels = n.labels;
      nodes_.push_back(std::move(node));
    }
    // _gen_namespaces (:601-615): keyed by name across nodes, the last node wins.
    for (size_t i = 0; i < nodes_.size(); ++i) {
      for (size_t j = 0; j < nodes_[i].spec->namespaces.size(); ++j) {
        namespaces_.Put(nodes_[i].spec->namespaces[j].name, {i, j});
      }
    }
    // _gen_pods (:719-745): pods keyed by name across the generator.
    for (const auto& [node_index, ns_index] : namespaces_.items()) {
      const BuiltNode& node = nodes_[node_index];
      const NamespaceSpec& ns = node.spec->namespaces[ns_index];
      for (const PodSpec& p : ns.pods) {
        BuiltPod pod = MakePod(node, ns.name, p);
        const std::string key = pod.name;
        pods_.Put(key, std::move(pod));
      }
    }
    // _gen_volumes (:872-883).
    for (const auto& [node_index, ns_index] : namespaces_.items()) {
      const BuiltNode& node = nodes_[node_index];
      const NamespaceSpec& ns = node.spec->namespaces[ns_index];
      for (size_t v = 0; v < ns.volumes.size(); ++v) {
        BuiltVolume vol;
        OCPAGG_RETURN_IF_ERROR(
            MakeVolume(node, ns.name, ns.volumes[v], &vol)
                .WithContext(fmt::format("{}: namespace {} volumes[{}]", where_, ns.name, v)));
        volumes_.push_back(std::move(vol));
      }
    }
    return Status::OK();
  }

  void EmitPods(const std::vector<int64_t>& hours, int64_t month_start, RowWriter* w) {
    const int64_t next = NextMonth(month_start);
    for (int64_t hour : hours) {  // _gen_hourly_pods_usage (:1371-1394)
      const auto day = static_cast<int32_t>(hour / kDaySeconds);
      for (const BuiltPod& pod : pods_.items()) {
        // _update_pod_data (:1145-1172).
        const PyNum s = Truthy(pod.pod_seconds) ? *pod.pod_seconds : Int(rng_->RandInt(2, 3600));
        const PyNum cpu_limit = pod.cpu_limit;
        const PyNum mem_limit = pod.mem_limit_gig;
        const PyNum cpu_request = PyMin(pod.cpu_request, cpu_limit);
        const PyNum mem_request = PyMin(pod.mem_request_gig, mem_limit);
        PyNum cpu = Float(RoundTo(rng_->Uniform(0.02, cpu_limit.value), 5));
        if (const auto u = pod.cpu_usage.Lookup(day); Truthy(u)) cpu = PyMin(cpu_limit, *u);
        PyNum mem = Float(RoundTo(rng_->Uniform(1, mem_limit.value), 2));
        if (const auto u = pod.mem_usage_gig.Lookup(day); Truthy(u)) mem = PyMin(mem_limit, *u);
        w->Common(hour, month_start, next);
        w->Str(pod.name);
        w->Str(pod.ns);
        w->Str(pod.node);
        w->Str(pod.resource_id);
        w->Num(PyMul(s, cpu));
        w->Num(PyMul(s, cpu_request));
        w->Num(PyMul(s, cpu_limit));
        w->Num(PyMul(PyMul(s, mem), kGig));
        w->Num(PyMul(PyMul(s, mem_request), kGig));
        w->Num(PyMul(PyMul(s, mem_limit), kGig));
        w->Num(pod.cap_cpu_cores);
        w->Num(pod.cap_cpu_core_seconds);
        w->Num(pod.cap_mem_bytes);
        w->Num(pod.cap_mem_byte_seconds);
        w->Str(pod.labels);
        w->End();
      }
    }
  }

  void EmitStorage(const std::vector<int64_t>& hours, int64_t month_start, RowWriter* w) {
    const int64_t next = NextMonth(month_start);
    for (int64_t hour : hours) {  // _gen_hourly_storage_usage (:1527-1586)
      const auto day = static_cast<int32_t>(hour / kDaySeconds);
      for (const BuiltVolume& vol : volumes_) {
        for (const BuiltClaim& claim : vol.claims) {
          EmitStorageRow(hour, month_start, next, day, vol, &claim, w);
        }
        if (vol.claims.empty()) EmitStorageRow(hour, month_start, next, day, vol, nullptr, w);
      }
    }
  }

  void EmitNodeLabels(const std::vector<int64_t>& hours, int64_t month_start, RowWriter* w) {
    const int64_t next = NextMonth(month_start);
    for (int64_t hour : hours) {  // _gen_hourly_node_label_usage (:1588-1598)
      for (const BuiltNode& node : nodes_) {
        w->Common(hour, month_start, next);
        w->Str(node.name);
        w->Str(node.labels);
        w->End();
      }
    }
  }

  void EmitNamespaceLabels(const std::vector<int64_t>& hours, int64_t month_start, RowWriter* w) {
    const int64_t next = NextMonth(month_start);
    for (int64_t hour : hours) {  // _gen_hourly_namespace_label_usage (:1600-1617)
      for (const BuiltNode& node : nodes_) {
        for (const NamespaceSpec& ns : node.spec->namespaces) {
          w->Common(hour, month_start, next);
          w->Str(ns.name);
          w->Str(ns.labels);
          w->End();
        }
      }
    }
  }

 private:
  // _gen_specific_pod (:661-700).
  BuiltPod MakePod(const BuiltNode& node, const std::string& ns, const PodSpec& p) {
    BuiltPod pod;
    pod.name = p.name ? *p.name : std::string(rng_->Word());
    const PyNum cpu_cores = node.cpu_cores;
    pod.cpu_limit = PyMin(p.cpu_limit ? *p.cpu_limit : cpu_cores, cpu_cores);
    pod.cpu_request =
        PyMin(p.cpu_request ? *p.cpu_request
                            : Float(RoundTo(rng_->Uniform(0.02, pod.cpu_limit.value), 5)),
              pod.cpu_limit);
    pod.cpu_usage = p.cpu_usage;
    for (UsageEntry& e : pod.cpu_usage.entries) {
      if (e.value.value > pod.cpu_limit.value) e.value = pod.cpu_limit;
    }
    const PyNum memory_gig = Float(node.memory_bytes.value / kGig.value);
    pod.mem_limit_gig = PyMin(p.mem_limit_gig ? *p.mem_limit_gig : memory_gig, memory_gig);
    pod.mem_request_gig =
        PyMin(p.mem_request_gig ? *p.mem_request_gig : Float(RoundTo(rng_->Uniform(25, 80), 2)),
              pod.mem_limit_gig);
    pod.mem_usage_gig = p.mem_usage_gig;
    for (UsageEntry& e : pod.mem_usage_gig.entries) {
      if (e.value.value > pod.mem_limit_gig.value) e.value = pod.mem_limit_gig;
    }
    pod.ns = ns;
    pod.node = node.name;
    pod.resource_id = node.resource_id;
    pod.cap_cpu_cores = cpu_cores;
    pod.cap_cpu_core_seconds = PyMul(cpu_cores, kHour);
    pod.cap_mem_bytes = node.memory_bytes;
    pod.cap_mem_byte_seconds = PyMul(node.memory_bytes, kHour);
    pod.labels = p.labels;
    pod.pod_seconds = p.pod_seconds;
    return pod;
  }

  // _gen_specific_volume (:805-855).
  Status MakeVolume(const BuiltNode& node, const std::string& ns, const VolumeSpec& v,
                    BuiltVolume* vol) {
    static constexpr std::string_view kPairs[4][2] = {{"gp3-csi", "ebs.csi.aws.com"},
                                                      {"fast", "disk.csi.azure.com"},
                                                      {"slow", "disk.csi.azure.com"},
                                                      {"gold", "pd.csi.storage.gke.io"}};
    const size_t pair = rng_->Index(4);
    vol->name = v.name ? *v.name : "pv-" + std::string(rng_->Word());
    const PyNum request_gig = Truthy(v.request_gig) ? *v.request_gig : Int(100);
    vol->request = PyMul(request_gig, kGig);
    OrderedByName<BuiltClaim> claims;
    double total = 0;
    for (size_t i = 0; i < v.claims.size(); ++i) {
      const ClaimSpec& c = v.claims[i];
      if (vol->request.value - total <= kGig.value) break;  // silently drops the rest
      BuiltClaim claim;
      claim.name = c.name ? *c.name : std::string(rng_->Word());
      claim.pod = c.pod_name;
      claim.capacity = PyMul(c.capacity_gig ? *c.capacity_gig : request_gig, kGig);
      claim.usage_gig = c.usage_gig;
      const PyNum cap_gig = Float(claim.capacity.value / kGig.value);
      for (UsageEntry& e : claim.usage_gig.entries) {
        if (e.value.value > cap_gig.value) e.value = cap_gig;
      }
      claim.labels = c.labels;
      const double capacity = claim.capacity.value;
      const std::string key = claim.name;
      claims.Put(key, std::move(claim));
      total += capacity;
      if (total > vol->request.value) {
        return Status::InvalidArgument(fmt::format(
            "claims total {} bytes, more than the volume request {} (nise raises ValueError)",
            total, vol->request.value));
      }
    }
    vol->claims = claims.items();
    vol->node = node.name;
    vol->ns = ns;
    vol->storage_class = v.storage_class ? *v.storage_class : std::string(kPairs[pair][0]);
    vol->csi_driver = v.csi_driver ? *v.csi_driver : std::string(kPairs[pair][1]);
    vol->csi_volume_handle = v.csi_volume_handle ? *v.csi_volume_handle : "vol-" + rng_->Hex(17);
    vol->labels = v.labels;
    return Status::OK();
  }

  // _update_storage_data (:1259-1291).
  void EmitStorageRow(int64_t hour, int64_t month_start, int64_t next, int32_t day,
                      const BuiltVolume& vol, const BuiltClaim* claim, RowWriter* w) {
    const PyNum capacity = claim ? claim->capacity : vol.request;
    const PyNum cap_gig = Float(capacity.value / kGig.value);
    PyNum usage_gig = Float(RoundTo(rng_->Uniform(2.0, cap_gig.value), 2));
    if (claim) {
      if (const auto u = claim->usage_gig.Lookup(day); Truthy(u)) usage_gig = PyMin(*u, cap_gig);
    }
    const bool has_request = claim != nullptr && vol.request.value > 0;
    w->Common(hour, month_start, next);
    w->Str(claim ? vol.ns : "");
    w->Str(claim ? claim->pod : "");
    w->Str(claim ? vol.node : "");
    w->Str(claim ? claim->name : "");
    w->Str(vol.name);
    w->Str(vol.storage_class);
    w->Str(vol.csi_driver);
    w->Str(vol.csi_volume_handle);
    w->Num(PyMul(cap_gig, kGig));
    w->Num(PyMul(PyMul(cap_gig, kGig), kHour));
    if (has_request) {
      w->Num(PyMul(vol.request, kHour));
      w->Num(PyMul(PyMul(usage_gig, kGig), kHour));
    } else {
      w->Missing();
      w->Missing();
    }
    w->Str(vol.labels);
    w->Str(claim ? claim->labels : "");
    w->End();
  }

  const GeneratorSpec& spec_;
  Rng* rng_;
  std::string where_;
  std::vector<BuiltNode> nodes_;
  OrderedByName<std::pair<size_t, size_t>> namespaces_;  // name -> (node, namespace index)
  OrderedByName<BuiltPod> pods_;
  std::vector<BuiltVolume> volumes_;
};

}  // namespace

Result<std::vector<NiseMonth>> GenerateNiseRows(const Manifest& manifest,
                                                const NiseOptions& options, StringPool* pool) {
  OCPAGG_ASSIGN_OR_RETURN(
      std::vector<TimeRange> ranges,
      ResolveGeneratorDates(manifest, options.cli_start, options.cli_end, options.now_hour));
  Rng rng(options.seed);
  std::vector<NiseMonth> out;
  for (const MonthPlan& plan : PlanMonths(ranges)) {
    NiseMonth month;
    month.month_start = plan.month_start;
    month.pod_usage = MakeRawFrame(ReportType::kPodUsage, pool);
    month.storage_usage = MakeRawFrame(ReportType::kStorageUsage, pool);
    month.node_labels = MakeRawFrame(ReportType::kNodeLabels, pool);
    month.namespace_labels = MakeRawFrame(ReportType::kNamespaceLabels, pool);
    RowWriter pods(&month.pod_usage, pool), storage(&month.storage_usage, pool),
        node_labels(&month.node_labels, pool), ns_labels(&month.namespace_labels, pool);
    for (size_t g = 0; g < manifest.generators.size(); ++g) {
      const TimeRange window = plan.windows[g];
      if (window.start == 0 && window.end == 0) continue;  // outside this month
      // A fresh generator object per generator per month (nise-manifests.md §1.4).
      GeneratorRun run(manifest.generators[g], &rng, fmt::format("generators[{}]", g));
      OCPAGG_RETURN_IF_ERROR(run.Build());
      const std::vector<int64_t> hours = HourGrid(window);
      // nise's report loop: for each report type, all of this generator's rows
      // (N:nise/report.py:925-944).
      run.EmitPods(hours, plan.month_start, &pods);
      run.EmitStorage(hours, plan.month_start, &storage);
      run.EmitNodeLabels(hours, plan.month_start, &node_labels);
      run.EmitNamespaceLabels(hours, plan.month_start, &ns_labels);
    }
    out.push_back(std::move(month));
  }
  return out;
}

}  // namespace ocpagg::gen
