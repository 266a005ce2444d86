#pragma once

// Scale mode: synthetic but realistic operator data of any size, deterministic per seed.
//
// A plan (ScalePlan) fixes every cluster's nodes, namespaces, pods and volumes up front; the
// rows of one (cluster, day) are then generated from that plan and a random stream of their own,
// so days can be generated on any number of threads with byte-identical output.
//
// What the data contains (each property is asserted by scale_test.cc):
//   - nodes with roles: masters run openshift-kube-apiserver, infra nodes carry
//     `label_node_role_kubernetes_io:infra`; clusters with an even index report the operator
//     4.x `node_role` column (roles come from it), clusters with an odd index do not (Koku
//     derives the roles, ocp-daily-summary.md §2.1);
//   - pods that start and stop mid-hour and mid-day (pod_seconds < 3600 on their first and last
//     hour) beside long-running ones, usage above and below the request (effective usage);
//   - 3-10 pod label keys drawn from a vocabulary (one value needs JSON \u escaping);
//   - node and namespace labels that change mid-day on a few nodes / namespaces;
//   - PVCs on long-running pods, PVs shared by pods on two nodes, a PVC whose pod has no usage
//     row, a claimless PV;
//   - pod rows with an empty node (unscheduled pods);
//   - several CSV files per day (`file_rows`), so several daily rows per pod and day.

#include <cstdint>
#include <string>
#include <vector>

#include "gen/frame.h"

namespace ocpagg::gen {

struct ScaleOptions {
  uint64_t seed = 1;
  int clusters = 1;
  int nodes = 10;      // per cluster
  int pods = 20;       // pod slots per node (running at once)
  int namespaces = 8;  // user namespaces per cluster (plus 4 openshift-* / kube-system)
  int days = 1;
  int64_t start_day = 20362;  // days since the epoch (2025-10-01)
  int64_t rows = 0;           // > 0: stop after exactly this many pod rows (and size pods to it)
};

struct ScaleNode {
  uint32_t name = 0, resource_id = 0, role = 0;  // pool ids
  double cpu_cores = 0, memory_bytes = 0;
  uint32_t labels[2] = {0, 0};  // before / after the change
  int64_t label_change = -1;    // second of the change, or -1
};

struct ScaleNamespace {
  uint32_t name = 0;
  uint32_t labels[2] = {0, 0};
  int64_t label_change = -1;
};

struct ScalePod {
  uint32_t name = 0, labels = 0;
  uint32_t ns = 0;             // index into namespaces
  int32_t node = 0;            // index into nodes, -1 = unscheduled (empty node)
  int64_t start = 0, end = 0;  // seconds since the epoch, [start, end)
  double cpu_request = 0, cpu_limit = 0, mem_request_gig = 0, mem_limit_gig = 0;
  double cpu_mean = 0, mem_mean = 0;  // mean usage as a fraction of the request
};

struct ScaleClaim {
  uint32_t pod = 0;        // pool id of the pod name
  int32_t pod_index = -1;  // index into pods, -1 = a pod with no usage row
};

struct ScaleVolume {
  uint32_t ns = 0, pvc = 0, pv = 0, storage_class = 0, csi_driver = 0, csi_handle = 0;
  uint32_t pv_labels = 0, pvc_labels = 0;
  bool claimless = false;
  double capacity_gig = 0, request_gig = 0, usage_fraction = 0;
  std::vector<ScaleClaim> claims;  // 1, or 2 on different nodes (a shared PV)
};

struct ScaleCluster {
  std::string cluster_id, source;
  bool with_node_role = false;
  std::vector<ScaleNode> nodes;
  std::vector<ScaleNamespace> namespaces;
  std::vector<ScalePod> pods;  // ordered by start time
  std::vector<ScaleVolume> volumes;
  std::vector<std::string> label_keys;  // every pod / node / namespace label key used
};

struct ScalePlan {
  ScaleOptions options;
  std::vector<ScaleCluster> clusters;
  /// pod rows per (cluster, day), before the `rows` cap.
  std::vector<std::vector<int64_t>> pod_rows;
  /// Per (cluster, day): the cap on pod rows of that day (rows option), -1 = none.
  std::vector<std::vector<int64_t>> pod_row_caps;
};

/// Builds the plan; all strings are interned into `pool`.
ScalePlan MakeScalePlan(const ScaleOptions& options, StringPool* pool);

/// The raw rows of one cluster and day: `frames` gets the four report types (pod rows capped
/// by the plan). `pool` is only read.
using DayFrames = ReportFrames;
DayFrames GenerateScaleDay(const ScalePlan& plan, size_t cluster, int day, const StringPool* pool);

}  // namespace ocpagg::gen
