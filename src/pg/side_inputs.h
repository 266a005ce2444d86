#pragma once

// What Koku's daily summary reads from the tenant schema besides the Parquet files (spec §4),
// and the report period it writes under.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ocp/config.h"
#include "pg/connection.h"

namespace ocpagg::pg {

struct SideInputs {
  /// reporting_enabledtagkeys WHERE enabled AND provider_type = 'OCP', sorted.
  std::vector<std::string> enabled_tag_keys;
  /// reporting_ocp_cost_category_namespace (pattern, cost_category_id), by id.
  std::vector<ocp::CostCategoryPattern> cost_categories;
  /// reporting_tagmapping child -> parent among enabled OCP keys
  /// (K:koku/masu/database/sql/openshift/ocp_tag_mapping_update_daily_summary.sql:1-12).
  std::vector<ocp::TagMapping> tag_mappings;
};

/// OK when `schema` exists and holds the tables a summary run reads and writes; Database with a
/// message saying what is missing and that `ocpagg db init` creates it otherwise.
Status CheckSchema(Connection* conn, std::string_view schema);

/// Reads the side inputs of `schema`. Database (naming the table) when one is missing.
Result<SideInputs> ReadSideInputs(Connection* conn, std::string_view schema);

/// The provider and month a run writes under.
struct ReportPeriodKey {
  std::string source;  // provider uuid
  std::string cluster_id;
  std::optional<std::string> cluster_alias;
  int32_t year = 0;
  uint32_t month = 0;
};

/// The id of reporting_ocpusagereportperiod for (provider, report_period_start = 1st of the month
/// 00:00 UTC) (K:koku/masu/database/ocp_report_db_accessor.py:97-105), created as Koku's
/// create_bill does when missing (K:koku/masu/processor/ocp/ocp_report_parquet_processor.py:
/// 191-228: end = 1st of the next month; the cluster alias is updated when it changed). A
/// reporting_tenant_api_provider row for the source is added when missing (Koku makes it when
/// the source is created). Commits on its own, as create_bill does.
Result<int64_t> FindOrCreateReportPeriod(Connection* conn, std::string_view schema,
                                         const ReportPeriodKey& key);

}  // namespace ocpagg::pg
