#include "gen/scale.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "common/date.h"
#include "gen/random.h"

namespace ocpagg::gen {
namespace {

constexpr int64_t kHourSec = 3600;
constexpr int64_t kDaySec = 86400;
constexpr double kGib = 1073741824.0;

// Pod label keys (3-10 per pod) and values. "zoë" makes json.dumps escape (\u00eb).
constexpr std::string_view kPodKeys[] = {
    "app",         "tier",   "env",     "team",       "version", "component", "release",  "owner",
    "cost_center", "region", "project", "managed_by", "part_of", "instance",  "customer", "sla"};
constexpr std::string_view kValues[] = {
    "frontend", "backend", "api",     "db",     "cache", "batch",  "web",       "worker",
    "prod",     "dev",     "staging", "qa",     "alpha", "beta",   "v1",        "v2",
    "v3",       "team-a",  "team-b",  "team-c", "gold",  "silver", "us-east-1", "zoë"};
constexpr std::string_view kTeams[] = {"payments", "search", "checkout", "identity", "analytics",
                                       "mobile",   "infra",  "data",     "ml",       "platform"};
constexpr std::string_view kEnvs[] = {"prod", "stage", "dev", "qa"};
constexpr std::string_view kStorage[4][2] = {{"gp3-csi", "ebs.csi.aws.com"},
                                             {"fast", "disk.csi.azure.com"},
                                             {"slow", "disk.csi.azure.com"},
                                             {"gold", "pd.csi.storage.gke.io"}};

std::string UuidFrom(Rng* rng) {
  std::string h = rng->Hex(32);
  h[12] = '4';
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4),
                     h.substr(16, 4), h.substr(20));
}

std::string PodLabels(Rng* rng, std::vector<std::string>* keys_seen) {
  const int count = static_cast<int>(rng->RandInt(3, 10));
  std::vector<size_t> keys(std::size(kPodKeys));
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = i;
  std::string out;
  for (int i = 0; i < count; ++i) {  // partial Fisher-Yates: distinct keys
    const size_t j = static_cast<size_t>(i) + rng->Index(keys.size() - static_cast<size_t>(i));
    std::swap(keys[static_cast<size_t>(i)], keys[j]);
    const std::string_view key = kPodKeys[keys[static_cast<size_t>(i)]];
    if (!out.empty()) out += '|';
    out += fmt::format("label_{}:{}", key, kValues[rng->Index(std::size(kValues))]);
    if (std::find(keys_seen->begin(), keys_seen->end(), key) == keys_seen->end()) {
      keys_seen->emplace_back(key);
    }
  }
  return out;
}

double Pick(Rng* rng, std::initializer_list<double> values) {
  return *(values.begin() + static_cast<std::ptrdiff_t>(rng->Index(values.size())));
}

void AddPod(ScalePod pod, Rng* rng, const ScaleNode* node, std::vector<ScalePod>* pods) {
  pod.cpu_request = Pick(rng, {0.1, 0.25, 0.5, 1, 2});
  pod.cpu_limit = pod.cpu_request * Pick(rng, {1, 2, 4});
  if (node && pod.cpu_limit > node->cpu_cores) pod.cpu_limit = node->cpu_cores;
  if (pod.cpu_request > pod.cpu_limit) pod.cpu_request = pod.cpu_limit;
  pod.mem_request_gig = Pick(rng, {0.25, 0.5, 1, 2, 4, 8});
  pod.mem_limit_gig = pod.mem_request_gig * Pick(rng, {1, 2});
  pod.cpu_mean = rng->Uniform(0.1, 1.4);
  pod.mem_mean = rng->Uniform(0.4, 1.2);
  pods->push_back(pod);
}

}  // namespace

ScalePlan MakeScalePlan(const ScaleOptions& options_in, StringPool* pool) {
  ScalePlan plan;
  plan.options = options_in;
  ScaleOptions& o = plan.options;
  o.clusters = std::max(1, o.clusters);
  o.nodes = std::max(1, o.nodes);
  o.namespaces = std::max(1, o.namespaces);
  o.days = std::max(1, o.days);
  o.pods = std::max(1, o.pods);
  const int64_t period_start = o.start_day * kDaySec;
  const int64_t period_end = period_start + int64_t{o.days} * kDaySec;
  if (o.rows > 0) {
    // Enough slots per node for `rows` pod rows (about 90% of slot-hours carry a row).
    const double slot_hours = double(o.clusters) * o.nodes * 24.0 * o.days * 0.88;
    o.pods = std::max(1, static_cast<int>(std::ceil(double(o.rows) / slot_hours)));
  }
  for (int c = 0; c < o.clusters; ++c) {
    Rng rng(DeriveSeed(o.seed, 1000 + static_cast<uint64_t>(c)));
    ScaleCluster cl;
    cl.cluster_id = fmt::format("ocp-cluster-{:02d}", c + 1);
    cl.source = UuidFrom(&rng);
    cl.with_node_role = c % 2 == 0;
    // Nodes: masters, infra, workers.
    const int masters = o.nodes >= 6 ? 3 : (o.nodes >= 2 ? 1 : 0);
    const int infra = o.nodes >= 10 ? 2 : (o.nodes >= 4 ? 1 : 0);
    const std::string zone_base = "us-east-1";
    for (int i = 0; i < o.nodes; ++i) {
      ScaleNode n;
      const char* role = i < masters ? "master" : i < masters + infra ? "infra" : "worker";
      const std::string name = fmt::format("{}-{}-{:03d}", cl.cluster_id, role, i + 1);
      n.name = pool->Intern(name);
      n.resource_id = pool->Intern("i-" + rng.Hex(17));
      n.role = pool->Intern(role);
      n.cpu_cores = std::string_view(role) == "worker"  ? Pick(&rng, {16, 32, 64})
                    : std::string_view(role) == "infra" ? 16
                                                        : 8;
      n.memory_bytes = n.cpu_cores * 4 * kGib;
      const std::string labels = fmt::format(
          "label_beta_kubernetes_io_arch:amd64|label_kubernetes_io_hostname:{}|"
          "label_node_role_kubernetes_io:{}|label_topology_kubernetes_io_zone:{}{}|"
          "label_node_kubernetes_io_instance_type:m5.{}xlarge",
          name, role, zone_base, "abc"[i % 3], static_cast<int>(n.cpu_cores / 4));
      n.labels[0] = pool->Intern(labels);
      n.labels[1] = n.labels[0];
      // A few nodes (1 in 8, at least one) get a new label mid-day.
      if (i % 8 == 1 % o.nodes || (o.nodes == 1 && i == 0)) {
        const int64_t day = (i / 8) % o.days;
        n.label_change = period_start + day * kDaySec + (10 + i % 6) * kHourSec + 1800;
        n.labels[1] = pool->Intern(labels + "|label_maintenance_window:scheduled");
      }
      cl.nodes.push_back(n);
    }
    for (const char* k : {"beta_kubernetes_io_arch", "kubernetes_io_hostname",
                          "node_role_kubernetes_io", "topology_kubernetes_io_zone",
                          "node_kubernetes_io_instance_type", "maintenance_window"}) {
      cl.label_keys.emplace_back(k);
    }
    // Namespaces: four platform ones, then user ones.
    std::vector<std::string> ns_names = {"openshift-kube-apiserver", "kube-system",
                                         "openshift-monitoring", "openshift-ingress"};
    for (int i = 0; i < o.namespaces; ++i) {
      ns_names.push_back(fmt::format("{}-{}", kTeams[static_cast<size_t>(i) % std::size(kTeams)],
                                     kEnvs[static_cast<size_t>(i / 10) % std::size(kEnvs)]) +
                         (i >= 40 ? fmt::format("-{}", i / 40) : ""));
    }
    for (size_t i = 0; i < ns_names.size(); ++i) {
      ScaleNamespace ns;
      ns.name = pool->Intern(ns_names[i]);
      const std::string labels =
          i < 4 ? fmt::format(
                      "label_kubernetes_io_metadata_name:{}|"
                      "label_openshift_io_cluster_monitoring:true",
                      ns_names[i])
                : fmt::format("label_kubernetes_io_metadata_name:{}|label_team:{}|label_env:{}",
                              ns_names[i], kTeams[(i - 4) % std::size(kTeams)],
                              kEnvs[((i - 4) / 10) % std::size(kEnvs)]);
      ns.labels[0] = pool->Intern(labels);
      ns.labels[1] = ns.labels[0];
      if (i % 5 == 4) {  // a few namespaces change labels mid-day
        const int64_t day = static_cast<int64_t>(i / 5) % o.days;
        ns.label_change = period_start + day * kDaySec + 13 * kHourSec + 600;
        ns.labels[1] = pool->Intern(labels + "|label_quota_tier:burst");
      }
      cl.namespaces.push_back(ns);
    }
    for (const char* k : {"kubernetes_io_metadata_name", "openshift_io_cluster_monitoring", "team",
                          "env", "quota_tier"}) {
      if (std::find(cl.label_keys.begin(), cl.label_keys.end(), k) == cl.label_keys.end()) {
        cl.label_keys.emplace_back(k);
      }
    }
    // Pods: per node `pods` slots; 75% run the whole period, the rest churn (pods that start
    // and stop mid-hour).
    const auto user_ns = [&](Rng* r) {
      return static_cast<uint32_t>(4 + r->Index(static_cast<size_t>(o.namespaces)));
    };
    for (int i = 0; i < o.nodes; ++i) {
      const ScaleNode& node = cl.nodes[static_cast<size_t>(i)];
      const std::string_view role = pool->Get(node.role);
      for (int s = 0; s < o.pods; ++s) {
        uint32_t ns;
        if (role == "master") {
          ns = s % 2 == 0 ? 0 : 1;
        } else if (role == "infra") {
          ns = s % 2 == 0 ? 2 : 3;
        } else {
          ns = user_ns(&rng);
        }
        const std::string base = fmt::format("{}-{}", rng.Word(), rng.Hex(5));
        const uint32_t labels = pool->Intern(PodLabels(&rng, &cl.label_keys));
        if (rng.Unit() < 0.75) {
          ScalePod p;
          p.name = pool->Intern(fmt::format("{}-{:03d}-{}", base, i + 1, rng.Hex(5)));
          p.labels = labels;
          p.ns = ns;
          p.node = i;
          p.start = period_start - 7 * kDaySec;
          p.end = period_end + kDaySec;
          AddPod(p, &rng, &node, &cl.pods);
          continue;
        }
        int64_t t = period_start + static_cast<int64_t>(rng.Uniform(0, 6 * kHourSec));
        while (t < period_end) {
          ScalePod p;
          p.name = pool->Intern(fmt::format("{}-{}-{}", base, rng.Hex(10), rng.Hex(5)));
          p.labels = labels;
          p.ns = ns;
          p.node = i;
          p.start = t;
          p.end = t + static_cast<int64_t>(rng.Uniform(2 * kHourSec, 30 * kHourSec));
          AddPod(p, &rng, &node, &cl.pods);
          t = p.end + static_cast<int64_t>(rng.Uniform(0, 2 * kHourSec));
        }
      }
    }
    // Unscheduled pods: a few hours a day with an empty node.
    for (int d = 0; d < o.days; ++d) {
      ScalePod p;
      p.name = pool->Intern(fmt::format("pending-{}-{}", rng.Word(), rng.Hex(5)));
      p.labels = pool->Intern("label_app:pending|label_env:dev|label_team:payments");
      p.ns = user_ns(&rng);
      p.node = -1;
      p.start = period_start + d * kDaySec + static_cast<int64_t>(rng.Uniform(0, 18 * kHourSec));
      p.end = p.start + static_cast<int64_t>(rng.Uniform(kHourSec, 4 * kHourSec));
      AddPod(p, &rng, nullptr, &cl.pods);
    }
    std::stable_sort(cl.pods.begin(), cl.pods.end(),
                     [](const ScalePod& a, const ScalePod& b) { return a.start < b.start; });
    // Volumes: one PVC per long-running pod in user namespaces and openshift-monitoring, for
    // about one pod in six; one PV shared by two pods on different nodes per ten volumes; one
    // PVC whose pod never has a usage row; one claimless PV.
    int32_t previous_long = -1;
    for (size_t pi = 0; pi < cl.pods.size(); ++pi) {
      const ScalePod& p = cl.pods[pi];
      const bool long_running = p.start < period_start && p.node >= 0;
      if (!long_running || (p.ns != 2 && p.ns < 4) || rng.Index(6) != 0) continue;
      ScaleVolume v;
      const size_t sc = rng.Index(4);
      v.ns = p.ns;
      v.pvc = pool->Intern(fmt::format("data-{}", pool->Get(p.name)));
      v.pv = pool->Intern(fmt::format("pvc-{}", UuidFrom(&rng)));
      v.storage_class = pool->Intern(kStorage[sc][0]);
      v.csi_driver = pool->Intern(kStorage[sc][1]);
      v.csi_handle = pool->Intern("vol-" + rng.Hex(17));
      v.pv_labels = pool->Intern(fmt::format("label_app:{}|label_storage_tier:{}",
                                             kValues[rng.Index(8)], kStorage[sc][0]));
      v.pvc_labels = pool->Intern(fmt::format("label_backup:{}", rng.Index(2) ? "daily" : "none"));
      v.capacity_gig = Pick(&rng, {10, 20, 50, 100, 200, 500});
      v.request_gig = v.capacity_gig;
      v.usage_fraction = rng.Uniform(0.1, 0.9);
      v.claims.push_back({p.name, static_cast<int32_t>(pi)});
      if (cl.volumes.size() % 10 == 3 && previous_long >= 0 &&
          cl.pods[static_cast<size_t>(previous_long)].node != p.node) {
        v.claims.push_back({cl.pods[static_cast<size_t>(previous_long)].name, previous_long});
      }
      cl.volumes.push_back(v);
      previous_long = static_cast<int32_t>(pi);
    }
    // A shared PV is guaranteed when there are two scheduled nodes.
    bool has_shared = false;
    for (const ScaleVolume& v : cl.volumes) has_shared |= v.claims.size() == 2;
    if (!has_shared && o.nodes >= 2) {
      int32_t a = -1, b = -1;
      for (size_t pi = 0; pi < cl.pods.size() && b < 0; ++pi) {
        const ScalePod& p = cl.pods[pi];
        if (p.start >= period_start || p.node < 0) continue;
        if (a < 0) {
          a = static_cast<int32_t>(pi);
        } else if (cl.pods[static_cast<size_t>(a)].node != p.node) {
          b = static_cast<int32_t>(pi);
        }
      }
      if (b >= 0) {
        ScaleVolume v;
        v.ns = cl.pods[static_cast<size_t>(a)].ns;
        v.pvc = pool->Intern("shared-data");
        v.pv = pool->Intern(fmt::format("pvc-{}", UuidFrom(&rng)));
        v.storage_class = pool->Intern("nfs-rwx");
        v.csi_driver = pool->Intern("nfs.csi.k8s.io");
        v.csi_handle = pool->Intern("nfs-" + rng.Hex(12));
        v.pv_labels = pool->Intern("label_app:shared");
        v.pvc_labels = pool->Intern("");
        v.capacity_gig = 100;
        v.request_gig = 100;
        v.usage_fraction = 0.4;
        v.claims.push_back({cl.pods[static_cast<size_t>(a)].name, a});
        v.claims.push_back({cl.pods[static_cast<size_t>(b)].name, b});
        cl.volumes.push_back(v);
      }
    }
    {
      ScaleVolume v;  // a PVC whose pod never reports usage
      v.ns = 4;
      v.pvc = pool->Intern("backup-scratch");
      v.pv = pool->Intern(fmt::format("pvc-{}", UuidFrom(&rng)));
      v.storage_class = pool->Intern("gp3-csi");
      v.csi_driver = pool->Intern("ebs.csi.aws.com");
      v.csi_handle = pool->Intern("vol-" + rng.Hex(17));
      v.pv_labels = pool->Intern("label_app:backup");
      v.pvc_labels = pool->Intern("label_backup:none");
      v.capacity_gig = 20;
      v.request_gig = 20;
      v.usage_fraction = 0.25;
      v.claims.push_back({pool->Intern(fmt::format("backup-job-{}", rng.Hex(5))), -1});
      cl.volumes.push_back(v);
      ScaleVolume free_pv;  // an Available PV: no claim (empty namespace, pod, node)
      free_pv.claimless = true;
      free_pv.pv = pool->Intern(fmt::format("pv-available-{}", rng.Hex(6)));
      free_pv.storage_class = pool->Intern("slow");
      free_pv.csi_driver = pool->Intern("disk.csi.azure.com");
      free_pv.csi_handle = pool->Intern("vol-" + rng.Hex(17));
      free_pv.pv_labels = pool->Intern("");
      free_pv.pvc_labels = pool->Intern("");
      free_pv.capacity_gig = 50;
      free_pv.request_gig = 50;
      cl.volumes.push_back(free_pv);
    }
    for (const char* k : {"storage_tier", "backup"}) cl.label_keys.emplace_back(k);
    // Rows per day (for the cap).
    std::vector<int64_t> per_day(static_cast<size_t>(o.days), 0);
    for (const ScalePod& p : cl.pods) {
      const int64_t first = std::max(p.start, period_start) / kHourSec;
      const int64_t last = (std::min(p.end, period_end) - 1) / kHourSec;
      for (int64_t h = first; h <= last; ++h) {
        per_day[static_cast<size_t>((h * kHourSec - period_start) / kDaySec)]++;
      }
    }
    plan.pod_rows.push_back(per_day);
    // Label keys in a fixed order.
    std::sort(cl.label_keys.begin(), cl.label_keys.end());
    cl.label_keys.erase(std::unique(cl.label_keys.begin(), cl.label_keys.end()),
                        cl.label_keys.end());
    plan.clusters.push_back(std::move(cl));
  }
  // Caps: rows are counted cluster by cluster, day by day.
  int64_t left = o.rows > 0 ? o.rows : -1;
  for (const auto& per_day : plan.pod_rows) {
    std::vector<int64_t> caps;
    for (int64_t n : per_day) {
      if (left < 0) {
        caps.push_back(-1);
      } else {
        caps.push_back(std::min(n, left));
        left -= std::min(n, left);
      }
    }
    plan.pod_row_caps.push_back(caps);
  }
  return plan;
}

DayFrames GenerateScaleDay(const ScalePlan& plan, size_t cluster, int day, const StringPool* pool) {
  const ScaleOptions& o = plan.options;
  const ScaleCluster& cl = plan.clusters[cluster];
  DayFrames out;
  out.pod_usage = MakeRawFrame(ReportType::kPodUsage, pool, cl.with_node_role);
  out.storage_usage = MakeRawFrame(ReportType::kStorageUsage, pool);
  out.node_labels = MakeRawFrame(ReportType::kNodeLabels, pool);
  out.namespace_labels = MakeRawFrame(ReportType::kNamespaceLabels, pool);
  Rng rng(DeriveSeed(o.seed, (cluster + 1) * 100000 + static_cast<uint64_t>(day)));
  const int64_t day_start = (o.start_day + day) * kDaySec;
  const int64_t day_end = day_start + kDaySec;
  const CivilDate civil = CivilFromDays(static_cast<int32_t>(o.start_day + day));
  const int64_t month_start = int64_t{DaysFromCivil({civil.year, civil.month, 1})} * kDaySec;
  const int64_t next_month = int64_t{DaysFromCivil({civil.month == 12 ? civil.year + 1 : civil.year,
                                                    civil.month == 12 ? 1u : civil.month + 1, 1})} *
                             kDaySec;
  const int64_t cap = plan.pod_row_caps[cluster][static_cast<size_t>(day)];
  const int64_t expected = cap >= 0 ? cap : plan.pod_rows[cluster][static_cast<size_t>(day)];

  // Alive pods of the day, in plan order.
  std::vector<uint32_t> alive;
  for (size_t i = 0; i < cl.pods.size(); ++i) {
    if (cl.pods[i].start < day_end && cl.pods[i].end > day_start) {
      alive.push_back(static_cast<uint32_t>(i));
    }
  }
  Frame& pf = out.pod_usage;
  for (Column& c : pf.columns) c.Reserve(static_cast<size_t>(expected));
  const auto col = [](Frame& f, size_t i) -> Column& { return f.columns[i]; };
  const uint32_t empty = 0;
  int64_t rows = 0;
  for (int64_t h = day_start; h < day_end && (cap < 0 || rows < cap); h += kHourSec) {
    for (uint32_t pi : alive) {
      const ScalePod& p = cl.pods[pi];
      const int64_t secs = std::min(p.end, h + kHourSec) - std::max(p.start, h);
      if (secs <= 0) continue;
      if (cap >= 0 && rows >= cap) break;
      ++rows;
      const ScaleNode* node = p.node >= 0 ? &cl.nodes[static_cast<size_t>(p.node)] : nullptr;
      const double s = static_cast<double>(secs);
      double cpu = p.cpu_request * p.cpu_mean * rng.Uniform(0.5, 1.5);
      cpu = std::min(RoundTo(cpu, 5), p.cpu_limit);
      double mem = p.mem_request_gig * p.mem_mean * rng.Uniform(0.8, 1.2);
      mem = std::min(RoundTo(mem, 2), p.mem_limit_gig);
      col(pf, 0).i64.push_back(month_start * 1000);
      col(pf, 1).i64.push_back(next_month * 1000);
      col(pf, 2).i64.push_back(h * 1000);
      col(pf, 3).i64.push_back((h + 3599) * 1000);
      col(pf, 4).ids.push_back(p.name);
      col(pf, 5).ids.push_back(cl.namespaces[p.ns].name);
      col(pf, 6).ids.push_back(node ? node->name : empty);
      col(pf, 7).ids.push_back(node ? node->resource_id : empty);
      col(pf, 8).f64.push_back(s * cpu);
      col(pf, 9).f64.push_back(s * p.cpu_request);
      col(pf, 10).f64.push_back(s * p.cpu_limit);
      col(pf, 11).f64.push_back(s * mem * kGib);
      col(pf, 12).f64.push_back(s * p.mem_request_gig * kGib);
      col(pf, 13).f64.push_back(s * p.mem_limit_gig * kGib);
      col(pf, 14).f64.push_back(node ? node->cpu_cores : 0.0);
      col(pf, 15).f64.push_back(node ? node->cpu_cores * 3600 : 0.0);
      col(pf, 16).f64.push_back(node ? node->memory_bytes : 0.0);
      col(pf, 17).f64.push_back(node ? node->memory_bytes * 3600 : 0.0);
      col(pf, 18).ids.push_back(p.labels);
      if (cl.with_node_role) col(pf, 19).ids.push_back(node ? node->role : empty);
    }
  }
  pf.rows = static_cast<size_t>(rows);

  Frame& sf = out.storage_usage;
  Frame& nf = out.node_labels;
  Frame& sn = out.namespace_labels;
  for (int64_t h = day_start; h < day_end; h += kHourSec) {
    const auto common = [&](Frame& f) {
      col(f, 0).i64.push_back(month_start * 1000);
      col(f, 1).i64.push_back(next_month * 1000);
      col(f, 2).i64.push_back(h * 1000);
      col(f, 3).i64.push_back((h + 3599) * 1000);
    };
    for (const ScaleVolume& v : cl.volumes) {
      const double cap_bytes = v.capacity_gig * kGib;
      const double usage = RoundTo(v.capacity_gig * v.usage_fraction * rng.Uniform(0.95, 1.05), 2);
      const size_t n_claims = v.claimless ? 1 : v.claims.size();
      for (size_t k = 0; k < n_claims; ++k) {
        const ScaleClaim* claim = v.claimless ? nullptr : &v.claims[k];
        const ScalePod* pod = claim && claim->pod_index >= 0
                                  ? &cl.pods[static_cast<size_t>(claim->pod_index)]
                                  : nullptr;
        common(sf);
        col(sf, 4).ids.push_back(v.claimless ? empty : cl.namespaces[v.ns].name);
        col(sf, 5).ids.push_back(claim ? claim->pod : empty);
        col(sf, 6).ids.push_back(pod     ? cl.nodes[static_cast<size_t>(pod->node)].name
                                 : claim ? cl.nodes.back().name
                                         : empty);
        col(sf, 7).ids.push_back(v.claimless ? empty : v.pvc);
        col(sf, 8).ids.push_back(v.pv);
        col(sf, 9).ids.push_back(v.storage_class);
        col(sf, 10).ids.push_back(v.csi_driver);
        col(sf, 11).ids.push_back(v.csi_handle);
        col(sf, 12).f64.push_back(cap_bytes);
        col(sf, 13).f64.push_back(cap_bytes * 3600);
        col(sf, 14).f64.push_back(v.claimless ? std::nan("") : v.request_gig * kGib * 3600);
        col(sf, 15).f64.push_back(v.claimless ? std::nan("") : usage * kGib * 3600);
        col(sf, 16).ids.push_back(v.pv_labels);
        col(sf, 17).ids.push_back(v.pvc_labels);
        ++sf.rows;
      }
    }
    for (const ScaleNode& n : cl.nodes) {
      common(nf);
      col(nf, 4).ids.push_back(n.name);
      col(nf, 5).ids.push_back(n.label_change >= 0 && h >= n.label_change ? n.labels[1]
                                                                          : n.labels[0]);
      ++nf.rows;
    }
    for (const ScaleNamespace& ns : cl.namespaces) {
      common(sn);
      col(sn, 4).ids.push_back(ns.name);
      col(sn, 5).ids.push_back(ns.label_change >= 0 && h >= ns.label_change ? ns.labels[1]
                                                                            : ns.labels[0]);
      ++sn.rows;
    }
  }
  return out;
}

}  // namespace ocpagg::gen
