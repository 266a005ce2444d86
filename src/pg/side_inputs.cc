#include "pg/side_inputs.h"

#include <fmt/format.h>

#include <charconv>

#include "pg/schema.h"

namespace ocpagg::pg {

Status CheckSchema(Connection* conn, std::string_view schema) {
  OCPAGG_RETURN_IF_ERROR(ValidateSchemaName(schema));
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult found,
      conn->Query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {std::string(schema)}));
  if (found.rows() == 0) {
    return Status::Database(fmt::format(
        "{}: schema \"{}\" does not exist (create it with `ocpagg db init --schema {}`, or name "
        "the tenant schema Koku made)",
        conn->name(), schema, schema));
  }
  std::string missing;
  for (const TableDdl& table : SchemaDdl(schema)) {
    if (table.table == "reporting_tenant_api_provider") continue;  // checked when used
    OCPAGG_ASSIGN_OR_RETURN(QueryResult exists, conn->Query("SELECT to_regclass($1) IS NOT NULL",
                                                            {Qualified(schema, table.table)}));
    if (exists.Get(0, 0) != "t")
      missing += (missing.empty() ? "" : ", ") + std::string(table.table);
  }
  if (!missing.empty()) {
    return Status::Database(fmt::format(
        "{}: schema \"{}\" lacks {} (`ocpagg db init --schema {}` creates missing tables)",
        conn->name(), schema, missing, schema));
  }
  return Status::OK();
}

Result<SideInputs> ReadSideInputs(Connection* conn, std::string_view schema) {
  OCPAGG_RETURN_IF_ERROR(CheckSchema(conn, schema));
  SideInputs in;
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult keys,
      conn->Query(fmt::format("SELECT key FROM {} WHERE enabled AND provider_type = 'OCP' ORDER "
                              "BY key",
                              Qualified(schema, "reporting_enabledtagkeys"))));
  for (int r = 0; r < keys.rows(); ++r) in.enabled_tag_keys.emplace_back(keys.Get(r, 0));

  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult categories,
      conn->Query(fmt::format("SELECT cost_category_id, namespace FROM {} ORDER BY id",
                              Qualified(schema, "reporting_ocp_cost_category_namespace"))));
  for (int r = 0; r < categories.rows(); ++r) {
    ocp::CostCategoryPattern p;
    const std::string_view id = categories.Get(r, 0);
    std::from_chars(id.data(), id.data() + id.size(), p.id);
    p.namespace_pattern = std::string(categories.Get(r, 1));
    in.cost_categories.push_back(std::move(p));
  }

  // K:koku/masu/database/sql/openshift/ocp_tag_mapping_update_daily_summary.sql:1-12.
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult mappings,
      conn->Query(fmt::format(
          "SELECT DISTINCT parent_tags.key, child.key FROM {0} AS child JOIN {1} AS tag_mapping "
          "ON child.uuid = tag_mapping.child_id JOIN {0} AS parent_tags ON tag_mapping.parent_id "
          "= parent_tags.uuid WHERE child.enabled AND child.provider_type = 'OCP' ORDER BY 2, 1",
          Qualified(schema, "reporting_enabledtagkeys"),
          Qualified(schema, "reporting_tagmapping"))));
  for (int r = 0; r < mappings.rows(); ++r) {
    in.tag_mappings.push_back({std::string(mappings.Get(r, 0)), std::string(mappings.Get(r, 1))});
  }
  return in;
}

Result<int64_t> FindOrCreateReportPeriod(Connection* conn, std::string_view schema,
                                         const ReportPeriodKey& key) {
  OCPAGG_RETURN_IF_ERROR(ValidateSchemaName(schema));
  const std::string start = fmt::format("{:04d}-{:02d}-01 00:00:00+00", key.year, key.month);
  const std::string end =
      key.month == 12 ? fmt::format("{:04d}-01-01 00:00:00+00", key.year + 1)
                      : fmt::format("{:04d}-{:02d}-01 00:00:00+00", key.year, key.month + 1);
  const std::string periods = Qualified(schema, "reporting_ocpusagereportperiod");
  OCPAGG_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(conn));
  OCPAGG_RETURN_IF_ERROR(
      conn->Query(fmt::format("INSERT INTO {} (uuid, name, type) VALUES ($1, $2, 'OCP') ON "
                              "CONFLICT DO NOTHING",
                              Qualified(schema, "reporting_tenant_api_provider")),
                  {key.source, key.cluster_alias.value_or(key.cluster_id)})
          .status());
  const std::string find = fmt::format(
      "SELECT id, cluster_alias FROM {} WHERE provider_id = $1 AND report_period_start = $2 "
      "ORDER BY id LIMIT 1",
      periods);
  OCPAGG_ASSIGN_OR_RETURN(QueryResult found, conn->Query(find, {key.source, start}));
  if (found.rows() == 0) {
    OCPAGG_RETURN_IF_ERROR(
        conn->Query(fmt::format("INSERT INTO {} (cluster_id, cluster_alias, report_period_start, "
                                "report_period_end, provider_id) VALUES ($1, $2, $3, $4, $5) ON "
                                "CONFLICT DO NOTHING",
                                periods),
                    {key.cluster_id, key.cluster_alias, start, end, key.source})
            .status());
    OCPAGG_ASSIGN_OR_RETURN(found, conn->Query(find, {key.source, start}));
    if (found.rows() == 0) {
      // Another process holds a conflicting row it has not committed yet: try again later.
      return Status::Unavailable(
          fmt::format("{}: the report period of {} for {} is being created concurrently",
                      conn->name(), start.substr(0, 7), key.source));
    }
  }
  int64_t id = 0;
  const std::string_view id_text = found.Get(0, 0);
  std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (found.GetOptional(0, 1) != key.cluster_alias) {
    OCPAGG_RETURN_IF_ERROR(
        conn->Query(fmt::format("UPDATE {} SET cluster_alias = $1 WHERE id = $2", periods),
                    {key.cluster_alias, std::to_string(id)})
            .status());
  }
  OCPAGG_RETURN_IF_ERROR(tx.Commit());
  return id;
}

}  // namespace ocpagg::pg
