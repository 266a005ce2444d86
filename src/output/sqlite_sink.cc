#include <fmt/format.h>
#include <sqlite3.h>

#include "common/date.h"
#include "ocp/numeric.h"
#include "output/sinks_internal.h"

namespace ocpagg::output {
namespace {

constexpr std::string_view kTable = "reporting_ocpusagelineitem_daily_summary";

std::string_view SqliteType(ocp::ColumnType type) {
  switch (type) {
    case ocp::ColumnType::kInteger:
      return "INTEGER";
    case ocp::ColumnType::kDate:
      return "DATE";  // 'YYYY-MM-DD' text (NUMERIC affinity keeps it as text)
    case ocp::ColumnType::kNumeric:
      return "TEXT";  // the exact numeric(33,15) text; REAL would lose digits
    case ocp::ColumnType::kJsonb:
      return "TEXT";  // jsonb text
    default:
      return "TEXT";
  }
}

class SqliteSink final : public ocp::SummarySink {
 public:
  explicit SqliteSink(std::string path) : path_(std::move(path)) {}
  ~SqliteSink() override {
    if (insert_) sqlite3_finalize(insert_);
    if (db_) {
      // Not committed: the transaction is rolled back, the file is as before Begin().
      if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_close(db_);
    }
  }
  SqliteSink(const SqliteSink&) = delete;
  SqliteSink& operator=(const SqliteSink&) = delete;

  std::string name() const override { return "sqlite:" + path_; }

  Status Begin(const ocp::SummaryRunInfo& info) override {
    dialect_ = info.dialect;
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      return Error("open");
    }
    sqlite3_busy_timeout(db_, 30000);
    OCPAGG_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    OCPAGG_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    in_transaction_ = true;
    OCPAGG_RETURN_IF_ERROR(Exec(SqliteCreateTable()));
    // Koku's replacement (spec §2.0 4a): the run's days of this report period, keeping rows with
    // a non-zero infrastructure_raw_cost (OCP-on-cloud rows).
    OCPAGG_RETURN_IF_ERROR(Exec(fmt::format(
        "DELETE FROM {} WHERE usage_start BETWEEN '{}' AND '{}' AND report_period_id = {} AND "
        "(infrastructure_raw_cost IS NULL OR CAST(infrastructure_raw_cost AS REAL) = 0)",
        kTable, FormatDate(info.first_day), FormatDate(info.last_day), info.report_period_id)));
    std::string sql = fmt::format("INSERT INTO {} VALUES (", kTable);
    for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) sql += c ? ",?" : "?";
    sql += ")";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &insert_, nullptr) != SQLITE_OK) {
      return Error("prepare insert");
    }
    return Status::OK();
  }

  Status Write(std::vector<ocp::SummaryRow>& rows) override {
    std::string text;
    for (const ocp::SummaryRow& row : rows) {
      for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
        const int index = static_cast<int>(c) + 1;
        const ocp::Cell cell = ocp::GetCell(row, c);
        switch (cell.kind) {
          case ocp::Cell::Kind::kNull:
            sqlite3_bind_null(insert_, index);
            break;
          case ocp::Cell::Kind::kText:
            sqlite3_bind_text(insert_, index, cell.text.data(), static_cast<int>(cell.text.size()),
                              SQLITE_TRANSIENT);
            break;
          case ocp::Cell::Kind::kInteger:
            sqlite3_bind_int64(insert_, index, cell.integer);
            break;
          case ocp::Cell::Kind::kDate:
            text = FormatDate(static_cast<int32_t>(cell.integer));
            sqlite3_bind_text(insert_, index, text.data(), static_cast<int>(text.size()),
                              SQLITE_TRANSIENT);
            break;
          case ocp::Cell::Kind::kDouble: {
            std::optional<Int128> scaled = ocp::ToNumeric15(cell.number, dialect_);
            if (!scaled) {
              return Status::InvalidArgument(
                  fmt::format("column {}: value {} does not fit numeric(33,15)",
                              ocp::kSummaryColumns[c].name, cell.number));
            }
            text = ocp::FormatNumeric15(*scaled);
            sqlite3_bind_text(insert_, index, text.data(), static_cast<int>(text.size()),
                              SQLITE_TRANSIENT);
            break;
          }
        }
      }
      if (sqlite3_step(insert_) != SQLITE_DONE) return Error("insert");
      sqlite3_reset(insert_);
    }
    return Status::OK();
  }

  Status Commit() override {
    OCPAGG_RETURN_IF_ERROR(Exec("COMMIT"));
    in_transaction_ = false;
    return Status::OK();
  }

 private:
  Status Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      Status s = Status::Database(
          fmt::format("sqlite:{}: {}: {}", path_, sql.substr(0, 60), message ? message : "?"));
      sqlite3_free(message);
      return s;
    }
    return Status::OK();
  }
  Status Error(std::string_view what) const {
    return Status::Database(
        fmt::format("sqlite:{}: {}: {}", path_, what, db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }

  std::string path_;
  ocp::Dialect dialect_ = ocp::Dialect::kTrino;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  bool in_transaction_ = false;
};

}  // namespace

std::string SqliteCreateTable() {
  std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {} (\n", kTable);
  for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
    const auto& column = ocp::kSummaryColumns[c];
    sql += fmt::format(
        "  {} {}{}{}\n", column.name, SqliteType(column.type),
        column.name == "uuid" || column.name == "usage_start" || column.name == "usage_end"
            ? " NOT NULL"
            : "",
        c + 1 < ocp::kSummaryColumns.size() ? "," : "");
  }
  sql += ");\n";
  sql += fmt::format("CREATE INDEX IF NOT EXISTS summary_ocp_usage_idx ON {} (usage_start);\n",
                     kTable);
  return sql;
}

std::unique_ptr<ocp::SummarySink> MakeSqliteSink(const std::string& path) {
  return std::make_unique<SqliteSink>(path);
}

}  // namespace ocpagg::output
