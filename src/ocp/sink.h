#pragma once

// Where summary rows go. Every output (SQLite, CSV, Parquet, PostgreSQL) implements SummarySink.
//
// Contract: Begin() once, Write() any number of times (rows of one day at a time, days in
// increasing order, unallocated rows after the days they belong to), then Commit(). A sink
// destroyed without a successful Commit() must leave its destination exactly as it was before
// Begin(): the replacement of a month's rows is all or nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "ocp/numeric.h"
#include "ocp/summary_row.h"

namespace ocpagg::ocp {

/// What a run replaces (spec §2.0 4a): rows of `report_period_id` with usage_start in
/// [first_day, last_day] and a NULL or zero infrastructure_raw_cost.
struct SummaryRunInfo {
  std::string source;
  int64_t report_period_id = 0;
  int32_t first_day = 0;  // days since 1970-01-01, inclusive
  int32_t last_day = 0;
  Dialect dialect = Dialect::kTrino;
};

class SummarySink {
 public:
  virtual ~SummarySink() = default;
  virtual Status Begin(const SummaryRunInfo& info) = 0;
  /// The sink may move from `rows`.
  virtual Status Write(std::vector<SummaryRow>& rows) = 0;
  virtual Status Commit() = 0;
  /// A name for messages ("sqlite:ocpagg.db").
  virtual std::string name() const = 0;
};

}  // namespace ocpagg::ocp
