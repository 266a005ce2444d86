#pragma once

// The OCP daily summary: Koku's reporting_ocpusagelineitem_daily_summary computed from Koku's
// OCP Parquet, with the numbers of Koku's SQL (docs/parity.md maps every column to its rule).
//
// Components:
//   input.h        finds the files of a source and month and reads the row groups of a day.
//   day task       computes one usage day: node and namespace labels (NL, NSL), node and
//                  cluster capacity (NC, CC) from the hourly pod rows, Pod rows, the
//                  volume-to-node map and Storage rows (spec §2.2), and what the unallocated rows
//                  and the node-role pre-step need from that day. Days are independent, so they
//                  run in parallel (one task per day, `threads` at a time); memory is bounded by
//                  the groups of the days in flight.
//   finish         node roles (§2.1) over the whole range, then the unallocated capacity rows
//                  (§2.3) of every day, which depend on them.
//   sink           receives each day's rows in day order (sink.h).

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "io/file_system.h"
#include "ocp/config.h"
#include "ocp/numeric.h"
#include "ocp/sink.h"

namespace ocpagg::ocp {

struct SummaryOptions {
  std::string input_root;                 // folder holding data/parquet/...
  io::FileSystem* file_system = nullptr;  // where input_root is; not owned; null = local
  SummaryConfig config;
  Dialect dialect = Dialect::kTrino;
  int32_t year = 0;
  uint32_t month = 0;
  int32_t first_day = 0;  // days since 1970-01-01, inclusive, inside the month
  int32_t last_day = 0;
  int threads = 0;  // 0 = one per core
};

struct SummaryReport {
  uint64_t input_files = 0;
  uint64_t input_bytes = 0;
  uint64_t hourly_pod_rows = 0;
  uint64_t pod_rows = 0;  // daily pod line items (hourly ones when no daily files exist)
  uint64_t storage_rows = 0;
  uint64_t node_label_rows = 0;
  uint64_t namespace_label_rows = 0;
  bool daily_derived_from_hourly = false;
  uint64_t rows_pod = 0;
  uint64_t rows_storage = 0;
  uint64_t rows_unallocated = 0;
  /// Line items counted more than once because a node's or namespace's filtered labels changed
  /// within the day, a namespace matched several cost-category patterns, or a PVC's pod ran on
  /// several nodes (Koku's fan-out, spec §6.4; reproduced for parity).
  uint64_t fanned_out_line_items = 0;
  int days = 0;
};

/// Progress after each finished day.
struct SummaryProgress {
  int days_done = 0;
  int days_total = 0;
  uint64_t rows_read = 0;
};

/// Runs the summary into `sink` (Begin .. Commit). On error nothing is committed.
Status RunSummary(const SummaryOptions& options, SummarySink* sink, SummaryReport* report,
                  const std::function<void(const SummaryProgress&)>& progress = {});

}  // namespace ocpagg::ocp
