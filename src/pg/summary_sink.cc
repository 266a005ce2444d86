#include "pg/summary_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "common/date.h"
#include "pg/copy.h"
#include "pg/schema.h"

namespace ocpagg::pg {
namespace {

constexpr size_t kChunkBytes = 1 << 20;  // PQputCopyData chunk (cookbook: ~1 MiB)

class Timer {
 public:
  explicit Timer(double* total) : total_(total), start_(std::chrono::steady_clock::now()) {}
  ~Timer() {
    *total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

 private:
  double* total_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

PgSummarySink::PgSummarySink(SummarySinkOptions options) : options_(std::move(options)) {
  std::string columns;
  for (const auto& column : ocp::kSummaryColumns) {
    if (!columns.empty()) columns += ", ";
    columns += QuoteIdent(column.name);
  }
  // The column list makes the COPY independent of the table's physical column order.
  copy_sql_ = fmt::format("COPY {} ({}) FROM STDIN (FORMAT binary)",
                          Qualified(options_.schema, kSummaryTable), columns);
}

PgSummarySink::~PgSummarySink() = default;

std::string PgSummarySink::name() const {
  return fmt::format(
      "{} (schema {})",
      options_.dsn.empty() ? "postgresql (PG* environment)" : RedactDsn(options_.dsn),
      options_.schema);
}

Status PgSummarySink::Begin(const ocp::SummaryRunInfo& info) {
  info_ = info;
  OCPAGG_RETURN_IF_ERROR(ValidateSchemaName(options_.schema));
  {
    Timer t(&stats_.connect_seconds);
    OCPAGG_ASSIGN_OR_RETURN(
        conn_, Connection::Open(options_.dsn, options_.connect_policy, options_.on_retry));
  }
  Timer t(&stats_.prepare_seconds);
  OCPAGG_ASSIGN_OR_RETURN(
      std::vector<std::string> created,
      EnsureMonthPartitions(&conn_, options_.schema, info.first_day, info.last_day));
  stats_.partitions_created = created.size();
  OCPAGG_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(&conn_));
  tx_.emplace(std::move(tx));
  // K:koku/masu/database/ocp_report_db_accessor.py:1960-1986 (Koku runs it per 5-day chunk of
  // the range; over the whole range it removes the same rows).
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult deleted,
      conn_.Query(fmt::format("DELETE FROM {} WHERE usage_start >= $1::date AND usage_start <= "
                              "$2::date AND report_period_id = $3 AND (infrastructure_raw_cost IS "
                              "NULL OR infrastructure_raw_cost = 0)",
                              Qualified(options_.schema, kSummaryTable)),
                  {FormatDate(info.first_day), FormatDate(info.last_day),
                   std::to_string(info.report_period_id)}));
  stats_.rows_deleted = deleted.affected_rows();
  return Status::OK();
}

Status PgSummarySink::CopyRows(std::string_view body, uint64_t rows) {
  if (!tx_) return Status::InvalidArgument("PostgreSQL sink: Write() before Begin()");
  OCPAGG_RETURN_IF_ERROR(conn_.CopyBegin(copy_sql_));
  std::string header;
  CopyEncoder(&header).Header();
  OCPAGG_RETURN_IF_ERROR(conn_.CopySend(header));
  stats_.copy_bytes += header.size() + body.size();
  while (!body.empty()) {
    const size_t n = std::min(body.size(), kChunkBytes);
    OCPAGG_RETURN_IF_ERROR(conn_.CopySend(body.substr(0, n)));
    body.remove_prefix(n);
  }
  std::string trailer;
  CopyEncoder(&trailer).Trailer();
  OCPAGG_RETURN_IF_ERROR(conn_.CopySend(trailer));
  OCPAGG_RETURN_IF_ERROR(conn_.CopyEnd());
  stats_.copy_bytes += trailer.size();
  stats_.rows += rows;
  return Status::OK();
}

Status PgSummarySink::Write(std::vector<ocp::SummaryRow>& rows) {
  if (rows.empty()) return Status::OK();
  Timer t(&stats_.copy_seconds);
  buffer_.clear();
  for (const ocp::SummaryRow& row : rows) {
    OCPAGG_RETURN_IF_ERROR(EncodeSummaryRow(row, info_.dialect, &buffer_));
  }
  return CopyRows(buffer_, rows.size());
}

// PreparedRows::encoded holds the row count (8 bytes, host order) and then the encoded rows. If a
// row cannot be encoded the rows are handed back unencoded, and Write() reports the error.
ocp::PreparedRows PgSummarySink::Prepare(std::vector<ocp::SummaryRow> rows) const {
  ocp::PreparedRows prepared;
  if (rows.empty()) return prepared;
  const uint64_t count = rows.size();
  prepared.encoded.assign(reinterpret_cast<const char*>(&count), sizeof(count));
  for (const ocp::SummaryRow& row : rows) {
    if (!EncodeSummaryRow(row, info_.dialect, &prepared.encoded).ok()) {
      prepared.encoded.clear();
      prepared.rows = std::move(rows);
      return prepared;
    }
  }
  return prepared;
}

Status PgSummarySink::WritePrepared(ocp::PreparedRows& prepared) {
  if (prepared.encoded.size() < sizeof(uint64_t)) return Write(prepared.rows);
  Timer t(&stats_.copy_seconds);
  uint64_t count = 0;
  std::memcpy(&count, prepared.encoded.data(), sizeof(count));
  std::string_view body(prepared.encoded);
  body.remove_prefix(sizeof(count));
  return CopyRows(body, count);
}

Result<std::string> PgSummarySink::PopulateClusterTable() {
  // K:koku/masu/database/ocp_report_db_accessor.py:1675-1717 (populate_cluster_table).
  const std::string clusters = Qualified(options_.schema, "reporting_ocp_clusters");
  const std::string select = fmt::format(
      "SELECT uuid, cluster_alias FROM {} WHERE provider_id = $1 ORDER BY uuid", clusters);
  OCPAGG_ASSIGN_OR_RETURN(QueryResult found, conn_.Query(select, {info_.source}));
  if (found.rows() > 1) {
    // Duplicates: the entries with another alias go, with what Django's cascade removes.
    const std::string doomed = fmt::format(
        "SELECT uuid FROM {} WHERE provider_id = $1 AND cluster_alias IS DISTINCT FROM $2",
        clusters);
    for (std::string_view dependent :
         {"reporting_ocp_nodes", "reporting_ocp_pvcs", "reporting_ocp_projects"}) {
      OCPAGG_ASSIGN_OR_RETURN(QueryResult exists,
                              conn_.Query("SELECT to_regclass($1) IS NOT NULL",
                                          {Qualified(options_.schema, dependent)}));
      if (exists.Get(0, 0) != "t") continue;
      OCPAGG_RETURN_IF_ERROR(conn_
                                 .Query(fmt::format("DELETE FROM {} WHERE cluster_id IN ({})",
                                                    Qualified(options_.schema, dependent), doomed),
                                        {info_.source, options_.cluster_alias})
                                 .status());
    }
    OCPAGG_RETURN_IF_ERROR(
        conn_
            .Query(fmt::format("DELETE FROM {} WHERE uuid IN ({})", clusters, doomed),
                   {info_.source, options_.cluster_alias})
            .status());
    OCPAGG_ASSIGN_OR_RETURN(found, conn_.Query(select, {info_.source}));
  }
  if (found.rows() == 0) {
    OCPAGG_RETURN_IF_ERROR(
        conn_
            .Query(fmt::format("INSERT INTO {} (uuid, cluster_id, cluster_alias, provider_id) "
                               "VALUES (gen_random_uuid(), $1, $2, $3) ON CONFLICT DO NOTHING",
                               clusters),
                   {options_.cluster_id, options_.cluster_alias, info_.source})
            .status());
    OCPAGG_ASSIGN_OR_RETURN(found, conn_.Query(select, {info_.source}));
    if (found.rows() == 0) {
      return Status::Unavailable(fmt::format(
          "{}: the cluster row of {} is being created concurrently", conn_.name(), info_.source));
    }
    return std::string(found.Get(0, 0));
  }
  std::string uuid(found.Get(0, 0));
  if (found.GetOptional(0, 1) != options_.cluster_alias) {
    OCPAGG_RETURN_IF_ERROR(
        conn_
            .Query(fmt::format("UPDATE {} SET cluster_alias = $1 WHERE uuid = $2", clusters),
                   {options_.cluster_alias, uuid})
            .status());
  }
  return uuid;
}

Result<ocp::NodeRoles> PgSummarySink::ApplyNodeRoles(
    const std::vector<ocp::DerivedNode>& derived,
    const std::vector<ocp::KnownNodeRole>& /*known: the table holds them*/) {
  if (!tx_) return Status::InvalidArgument("PostgreSQL sink: ApplyNodeRoles() before Begin()");
  Timer t(&stats_.nodes_seconds);
  OCPAGG_ASSIGN_OR_RETURN(const std::string cluster, PopulateClusterTable());
  // K:koku/masu/database/ocp_report_db_accessor.py:1719-1752 (populate_node_table): the first row
  // with the same node, resource_id, capacity and cluster gets role and architecture when
  // either is empty; without one a row is added. The capacity is compared as numeric(18,2).
  // Django reads the float capacity as a Decimal of 18 significant digits (DecimalField
  // max_digits), which {:.17e} reproduces.
  const std::string nodes = Qualified(options_.schema, "reporting_ocp_nodes");
  const std::string upsert = fmt::format(
      "WITH match AS (SELECT uuid, node_role, architecture FROM {0} WHERE node = $1 AND "
      "resource_id IS NOT DISTINCT FROM $2 AND node_capacity_cpu_cores IS NOT DISTINCT FROM "
      "$3::numeric(18,2) AND cluster_id = $6 ORDER BY uuid LIMIT 1), "
      "upd AS (UPDATE {0} n SET node_role = $4, architecture = $5 FROM match m WHERE n.uuid = "
      "m.uuid AND (coalesce(m.node_role, '') = '' OR coalesce(m.architecture, '') = '') "
      "RETURNING 1) "
      "INSERT INTO {0} (uuid, node, resource_id, node_capacity_cpu_cores, node_role, "
      "architecture, cluster_id) SELECT gen_random_uuid(), $1, $2, $3::numeric(18,2), $4, $5, $6 "
      "WHERE NOT EXISTS (SELECT 1 FROM match)",
      nodes);
  for (const ocp::DerivedNode& d : derived) {
    std::optional<std::string> capacity;
    if (d.node_capacity_cpu_cores) capacity = fmt::format("{:.17e}", *d.node_capacity_cpu_cores);
    OCPAGG_RETURN_IF_ERROR(
        conn_.Query(upsert, {d.node, d.resource_id, capacity, d.node_role, d.architecture, cluster})
            .status());
  }
  // TSQL:491-498: max(node_role) per (node, resource_id) over the whole table (all clusters);
  // Trino compares strings by code point, as COLLATE "C" does.
  OCPAGG_ASSIGN_OR_RETURN(
      QueryResult roles,
      conn_.Query(fmt::format("SELECT node, resource_id, max(node_role COLLATE \"C\") FROM {} "
                              "WHERE resource_id IS NOT NULL GROUP BY node, resource_id HAVING "
                              "max(node_role COLLATE \"C\") IS NOT NULL",
                              nodes)));
  ocp::NodeRoles out;
  for (int r = 0; r < roles.rows(); ++r) {
    out.emplace(std::make_pair(std::string(roles.Get(r, 0)), std::string(roles.Get(r, 1))),
                std::string(roles.Get(r, 2)));
  }
  return out;
}

Status PgSummarySink::Commit() {
  if (!tx_) return Status::InvalidArgument("PostgreSQL sink: Commit() before Begin()");
  Timer t(&stats_.commit_seconds);
  Status status = tx_->Commit();
  tx_.reset();
  return status;
}

}  // namespace ocpagg::pg
