#pragma once

// PostgreSQL access for ocpagg (libpq), the output Koku reads the daily summary from.
//
// Components:
//   connection.h     a libpq connection (RAII), connecting with retries, statements with
//                    parameters, COPY FROM STDIN, and the error model: every failure becomes a
//                    Status, kUnavailable when retrying may succeed (server down or restarting,
//                    connection lost, serialization failure, deadlock), kDatabase otherwise
//                    (authentication, missing schema or table, permission, bad data). Messages
//                    are one line and never contain a password (RedactDsn).
//   copy.h           the binary COPY encoder (header, rows, NUMERIC from exact integers).
//   schema.h         identifiers, `ocpagg db init` DDL (Koku's tables) and monthly partitions.
//   side_inputs.h    what Koku's summary reads from the tenant schema, and the report period.
//   summary_sink.h   the SummarySink that lands a run in reporting_ocpusagelineitem_daily_summary
//                    in one transaction (spec §2.0 4a).
//
// Data flows: summarize reads side inputs over one Connection, then the sink opens its own,
// creates partitions in a short transaction, and replaces the run's rows in a second one.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

struct pg_conn;
struct pg_result;

namespace ocpagg::pg {

/// `dsn` without its password, for messages: the password of a URI
/// (postgresql://user:secret@host -> postgresql://user:***@host), `password=` keywords and
/// `?password=` URI parameters become ***. Everything else is kept.
std::string RedactDsn(std::string_view dsn);

/// `message` as one line: newlines and tabs become single spaces, trailing space is dropped.
std::string OneLine(std::string_view message);

/// True when a SQLSTATE means retrying the transaction may succeed: class 08 (connection
/// exception), 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,
/// 57P01..57P03 (admin/crash shutdown, cannot connect now), 53300 too_many_connections.
bool IsTransientSqlState(std::string_view sqlstate);

/// True when a libpq connection failure message is transient (connection refused or reset, the
/// server starting up or shutting down, a timeout, no socket file yet). Authentication, unknown
/// database or role and pg_hba refusals are permanent.
bool IsTransientConnectError(std::string_view message);

/// Bounded exponential backoff with jitter.
struct RetryPolicy {
  int max_attempts = 6;          // attempts in all, the first included
  double initial_delay_s = 0.5;  // before the second attempt (then doubled each time)
  double max_delay_s = 8.0;      // cap of one delay
};

/// The delay before attempt `attempt + 1` (attempt >= 1): min(max, initial * 2^(attempt-1)),
/// scaled by a uniform factor in [0.5, 1] drawn from `rng` (jitter, so that runs restarted
/// together do not reconnect in lock step).
double BackoffDelay(const RetryPolicy& policy, int attempt, std::mt19937_64* rng);

/// Called before each retry with the failure and the delay in seconds (the CLI prints it).
using RetryCallback = std::function<void(const Status& failure, double delay_s)>;

/// A query result (owns the PGresult). Move-only.
class QueryResult {
 public:
  QueryResult() = default;
  explicit QueryResult(pg_result* result) : result_(result) {}
  ~QueryResult();
  QueryResult(QueryResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  QueryResult& operator=(QueryResult&& other) noexcept;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;

  int rows() const;
  int columns() const;
  bool IsNull(int row, int column) const;
  /// The text of a cell; valid while this result lives. "" for NULL.
  std::string_view Get(int row, int column) const;
  /// The cell, or nullopt for NULL.
  std::optional<std::string> GetOptional(int row, int column) const;
  /// Rows an INSERT/UPDATE/DELETE/COPY affected (PQcmdTuples), 0 otherwise.
  uint64_t affected_rows() const;

 private:
  pg_result* result_ = nullptr;
};

/// Parameters of a statement: text values, nullopt for NULL.
using Params = std::vector<std::optional<std::string>>;

/// One libpq connection. Not thread-safe; move-only. The destructor closes it, which makes the
/// server roll back any open transaction.
class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Connects to `dsn` (a URI postgresql://... or key=value words; "" = only the PG*
  /// environment variables, which also fill what the DSN leaves out; TLS per sslmode).
  /// Transient failures are retried per `policy` (on_retry is told each time). Unavailable
  /// after the last attempt; Database for permanent failures (at once). Notices are dropped.
  static Result<Connection> Open(const std::string& dsn, const RetryPolicy& policy = {},
                                 const RetryCallback& on_retry = {});

  /// Runs one or more statements without parameters and discards any rows.
  Status Exec(const std::string& sql);
  /// Runs one statement with $1.. parameters and returns its rows.
  Result<QueryResult> Query(const std::string& sql, const Params& params = {});

  /// COPY ... FROM STDIN: starts it (`sql` is the COPY statement), sends bytes, ends it.
  Status CopyBegin(const std::string& sql);
  Status CopySend(std::string_view bytes);
  Status CopyEnd();

  /// The redacted DSN, for messages.
  const std::string& name() const { return name_; }
  /// The server process id of this connection (pg_backend_pid()).
  int backend_pid() const;
  bool connected() const { return conn_ != nullptr; }

 private:
  Status ErrorFromResult(pg_result* result, std::string_view what) const;
  Status ConnectionLost(std::string_view what) const;

  pg_conn* conn_ = nullptr;
  std::string name_;
};

/// BEGIN .. COMMIT on a connection; destroyed without Commit() it rolls back (errors of the
/// ROLLBACK are ignored: a lost connection has rolled back already). Borrows `conn`, which must
/// outlive it. Move-only.
class Transaction {
 public:
  /// Sends BEGIN.
  static Result<Transaction> Begin(Connection* conn);
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  /// Sends COMMIT; afterwards the destructor does nothing.
  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace ocpagg::pg
