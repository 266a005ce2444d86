#pragma once

// Test-only builder of Koku-layout OCP Parquet (spec §1.2, §1.3): tiny hand-made line items,
// written as Koku writes them, for the summary engine's rule tests.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "ocp/sink.h"

namespace ocpagg::testing {

/// Milliseconds since the epoch of "YYYY-MM-DD" plus `hour` hours.
int64_t Millis(const std::string& day, int hour = 0);

struct PodLine {
  int64_t interval_start = 0;
  std::optional<std::string> ns = "ns", node = "node-1", pod = "pod-1";
  std::optional<std::string> labels = "{}";
  std::optional<std::string> resource_id = "i-1";
  std::optional<double> usage_cpu = 0, request_cpu = 0, limit_cpu = 0;
  std::optional<double> usage_mem = 0, request_mem = 0, limit_mem = 0;
  std::optional<double> effective_cpu, effective_mem;  // NULL unless set
  std::optional<double> cap_cores = 0, cap_mem_bytes = 0;
  std::optional<double> cap_cpu_seconds = 0, cap_mem_seconds = 0;
  std::optional<std::string> node_role;
};

struct StorageLine {
  int64_t interval_start = 0;
  std::optional<std::string> ns = "ns", pod = "pod-1", pvc = "pvc-1", pv = "pv-1",
                             storageclass = "gp3";
  std::optional<std::string> pv_labels = "{}", pvc_labels = "{}";
  std::optional<double> cap_bytes = 0, cap_byte_seconds = 0, request_byte_seconds = 0,
                        usage_byte_seconds = 0;
  std::optional<std::string> csi_volume_handle;
};

struct LabelLine {
  int64_t interval_start = 0;
  std::optional<std::string> key;  // node or namespace
  std::optional<std::string> labels = "{}";
};

/// The files of one source and month under `root` (data/parquet/...).
struct KokuFixture {
  std::string root;
  std::string source = "11111111-2222-3333-4444-555555555555";
  std::string account = "org1234567";
  int year = 2025;
  int month = 10;
  std::vector<PodLine> hourly_pod, daily_pod;
  std::vector<StorageLine> daily_storage;
  std::vector<LabelLine> node_labels, namespace_labels;
  bool write_node_role = true;  // node_role column present (operator >= 4.x)
  bool write_effective = true;  // pod_effective_usage_* columns present
  bool write_csi = true;        // csi_volume_handle column present
  bool write_daily = true;      // false: hourly files only (daily_* go to hourly files)
  std::string omit_column;      // a column left out of every file (missing-column tests)

  /// Writes every non-empty table. Each call replaces the previous files.
  Status Write() const;
};

/// A sink that keeps the rows (for assertions).
class VectorSink : public ocp::SummarySink {
 public:
  Status Begin(const ocp::SummaryRunInfo& info) override {
    info_ = info;
    return Status::OK();
  }
  /// Keeps copies of the rows, their text in this sink (rows' views live only during Write).
  Status Write(std::vector<ocp::SummaryRow>& rows) override {
    for (auto& r : rows) rows_.push_back(Own(r));
    return Status::OK();
  }
  Status Commit() override {
    committed_ = true;
    return Status::OK();
  }
  std::string name() const override { return "vector"; }

  std::vector<ocp::SummaryRow> rows_;
  ocp::SummaryRunInfo info_;
  bool committed_ = false;

 private:
  ocp::SummaryRow Own(ocp::SummaryRow row) {
    const auto own = [&](std::string_view& text) {
      text_.emplace_back(text);
      text = text_.back();
    };
    const auto own_optional = [&](std::optional<std::string_view>& text) {
      if (text) own(*text);
    };
    own(row.cluster_id);
    own(row.data_source);
    own(row.source_uuid);
    for (auto* field :
         {&row.cluster_alias, &row.namespace_, &row.node, &row.resource_id, &row.pod_labels,
          &row.persistentvolumeclaim, &row.persistentvolume, &row.storageclass, &row.volume_labels,
          &row.all_labels, &row.infrastructure_usage_cost}) {
      own_optional(*field);
    }
    return row;
  }
  std::deque<std::string> text_;
};

}  // namespace ocpagg::testing
