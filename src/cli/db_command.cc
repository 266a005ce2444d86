// `ocpagg db init`: creates Koku's tenant tables the summary needs in a PostgreSQL database.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <string>

#include "cli/command.h"
#include "pg/connection.h"
#include "pg/schema.h"

namespace ocpagg::cli {
namespace {

struct DbInitFlags {
  std::string dsn;
  std::string schema;
  bool quiet = false;
};

Status RunDbInit(const DbInitFlags& flags) {
  OCPAGG_RETURN_IF_ERROR(pg::ValidateSchemaName(flags.schema));
  OCPAGG_ASSIGN_OR_RETURN(
      pg::Connection conn,
      pg::Connection::Open(flags.dsn, pg::RetryPolicy{}, [&](const Status& failure, double delay) {
        if (flags.quiet) return;
        fmt::print(stderr, "ocpagg: db init: {}; retrying in {:.1f} s\n", failure.message(), delay);
      }));
  Result<pg::InitReport> report = pg::InitSchema(&conn, flags.schema);
  if (!report.ok()) return report.status().WithContext("db init --schema " + flags.schema);
  if (flags.quiet) return Status::OK();
  if (report->tables_created.empty() && !report->schema_created) {
    fmt::print(stderr,
               "ocpagg: db init: schema {} on {} has every table already; nothing changed\n",
               flags.schema, conn.name());
    return Status::OK();
  }
  fmt::print(stderr, "ocpagg: db init: schema {} on {}{}: created {} table(s): {}\n", flags.schema,
             conn.name(), report->schema_created ? " (new schema)" : "",
             report->tables_created.size(), fmt::join(report->tables_created, ", "));
  return Status::OK();
}

}  // namespace

void AddDbCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* db = app.add_subcommand("db", "PostgreSQL schema management");
  db->require_subcommand(1);
  auto flags = std::make_shared<DbInitFlags>();
  CLI::App* init = db->add_subcommand(
      "init",
      "Create, where missing, Koku's tenant tables the daily summary writes and reads "
      "(reporting_ocpusagelineitem_daily_summary partitioned by month, its indexes and side "
      "tables). Existing tables are left untouched, so it is safe on a Koku database.");
  init->add_option("--dsn", flags->dsn,
                   "postgresql://user@host:port/db or 'host=... dbname=...'; default: the PG* "
                   "environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...)");
  init->add_option("--schema", flags->schema, "Tenant schema, e.g. org1234567")->required();
  init->add_flag("--quiet", flags->quiet, "Print nothing but errors");
  commands->push_back({init, [flags] { return RunDbInit(*flags); }});
}

}  // namespace ocpagg::cli
