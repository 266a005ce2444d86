#include "pg/connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <thread>

namespace ocpagg::pg {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Replaces the value after every `key` (at a word start) up to the end of the value: a quoted
// '...' value (with \' escapes) or the next whitespace / '&'.
std::string RedactKeyword(std::string text, std::string_view key, bool uri_query) {
  size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string::npos) {
    const bool at_word_start =
        pos == 0 || (uri_query ? (text[pos - 1] == '?' || text[pos - 1] == '&')
                               : (text[pos - 1] == ' ' || text[pos - 1] == '\t'));
    size_t value = pos + key.size();
    if (!uri_query) {
      while (value < text.size() && text[value] == ' ') ++value;
      if (value >= text.size() || text[value] != '=') {
        pos = value;
        continue;
      }
      ++value;
      while (value < text.size() && text[value] == ' ') ++value;
    }
    if (!at_word_start) {
      pos = value;
      continue;
    }
    size_t end = value;
    if (!uri_query && end < text.size() && text[end] == '\'') {
      ++end;
      while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && text[end] != ' ' && text[end] != '&' && text[end] != '\t') ++end;
    }
    text.replace(value, end - value, "***");
    pos = value + 3;
  }
  return text;
}

}  // namespace

std::string RedactDsn(std::string_view dsn) {
  std::string text(dsn);
  if (StartsWith(text, "postgresql://") || StartsWith(text, "postgres://")) {
    const size_t authority = text.find("://") + 3;
    size_t end = text.find_first_of("/?", authority);
    if (end == std::string::npos) end = text.size();
    // The user info ends at the last '@' of the authority (a password may contain '@' only
    // percent-encoded, but be generous).
    const size_t at = text.rfind('@', end);
    if (at != std::string::npos && at >= authority) {
      const size_t colon = text.find(':', authority);
      if (colon != std::string::npos && colon < at) {
        text.replace(colon + 1, at - colon - 1, "***");
      }
    }
    return RedactKeyword(std::move(text), "password=", /*uri_query=*/true);
  }
  return RedactKeyword(std::move(text), "password", /*uri_query=*/false);
}

std::string OneLine(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool IsTransientSqlState(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return false;
  if (StartsWith(sqlstate, "08")) return true;  // connection_exception
  static constexpr std::array<std::string_view, 7> kTransient = {
      "40001",  // serialization_failure
      "40P01",  // deadlock_detected
      "55P03",  // lock_not_available
      "57P01",  // admin_shutdown
      "57P02",  // crash_shutdown
      "57P03",  // cannot_connect_now (starting up, shutting down, recovery)
      "53300",  // too_many_connections
  };
  return std::find(kTransient.begin(), kTransient.end(), sqlstate) != kTransient.end();
}

bool IsTransientConnectError(std::string_view message) {
  static constexpr std::array<std::string_view, 13> kTransient = {
      "Connection refused",
      "Connection reset",
      "connection reset",
      "server closed the connection unexpectedly",
      "the database system is starting up",
      "the database system is shutting down",
      "the database system is in recovery mode",
      "the database system is not yet accepting connections",
      "the database system is not accepting connections",
      "timeout expired",
      "Connection timed out",
      "No such file or directory",  // the Unix socket is not there yet (server down)
      "sorry, too many clients already",
  };
  for (std::string_view pattern : kTransient) {
    if (message.find(pattern) != std::string_view::npos) return true;
  }
  return false;
}

double BackoffDelay(const RetryPolicy& policy, int attempt, std::mt19937_64* rng) {
  const double base = std::min(policy.max_delay_s,
                               policy.initial_delay_s * std::pow(2.0, std::max(0, attempt - 1)));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return base * jitter(*rng);
}

// ---- QueryResult -------------------------------------------------------------------------------

QueryResult::~QueryResult() {
  if (result_) PQclear(result_);
}

QueryResult& QueryResult::operator=(QueryResult&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

int QueryResult::rows() const { return result_ ? PQntuples(result_) : 0; }
int QueryResult::columns() const { return result_ ? PQnfields(result_) : 0; }
bool QueryResult::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}
std::string_view QueryResult::Get(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column))};
}
std::optional<std::string> QueryResult::GetOptional(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return std::string(Get(row, column));
}

uint64_t QueryResult::affected_rows() const {
  if (!result_) return 0;
  const char* text = PQcmdTuples(result_);
  uint64_t n = 0;
  for (; *text >= '0' && *text <= '9'; ++text) n = n * 10 + static_cast<uint64_t>(*text - '0');
  return n;
}

// ---- Connection --------------------------------------------------------------------------------

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Connection::Connection(Connection&& other) noexcept
    : conn_(other.conn_), name_(std::move(other.name_)) {
  other.conn_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = other.conn_;
    name_ = std::move(other.name_);
    other.conn_ = nullptr;
  }
  return *this;
}

Result<Connection> Connection::Open(const std::string& dsn, const RetryPolicy& policy,
                                    const RetryCallback& on_retry) {
  Connection c;
  c.name_ = dsn.empty() ? std::string("PostgreSQL (PG* environment)") : RedactDsn(dsn);
  // Later keywords win, and the expanded DSN (dbname, last) overrides the defaults before it.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "ocpagg", dsn.c_str(), nullptr};
  std::mt19937_64 rng(std::random_device{}());
  const int attempts = std::max(1, policy.max_attempts);
  Status last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn == nullptr) return Status::IOError(c.name_ + ": out of memory while connecting");
    if (PQstatus(conn) == CONNECTION_OK) {
      PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
      c.conn_ = conn;
      return c;
    }
    // libpq's message never holds the password; the DSN we print is redacted.
    const std::string message = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    if (!IsTransientConnectError(message)) {
      return Status::Database(fmt::format("cannot connect to {}: {}", c.name_, message));
    }
    last = Status::Unavailable(fmt::format("cannot connect to {}: {}", c.name_, message));
    if (attempt == attempts) break;
    const double delay = BackoffDelay(policy, attempt, &rng);
    if (on_retry) on_retry(last, delay);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
  return last.WithContext(fmt::format("after {} attempts", attempts));
}

int Connection::backend_pid() const { return conn_ ? PQbackendPID(conn_) : 0; }

Status Connection::ConnectionLost(std::string_view what) const {
  return Status::Unavailable(
      fmt::format("{}: {}: {}", name_, what, OneLine(conn_ ? PQerrorMessage(conn_) : "")));
}

Status Connection::ErrorFromResult(PGresult* result, std::string_view what) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message;
  if (primary) {
    // The primary message, detail and hint; not the statement excerpt with its caret line.
    message = OneLine(primary);
    for (const int field : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT}) {
      if (const char* extra = PQresultErrorField(result, field))
        message += " (" + OneLine(extra) + ")";
    }
  } else {
    message = OneLine(PQerrorMessage(conn_));  // no result: the connection failed
  }
  const std::string text =
      fmt::format("{}: {}: {}{}", name_, what, state ? fmt::format("[{}] ", state) : "", message);
  if ((state && IsTransientSqlState(state)) || PQstatus(conn_) == CONNECTION_BAD) {
    return Status::Unavailable(text);
  }
  return Status::Database(text);
}

Status Connection::Exec(const std::string& sql) {
  if (!conn_) return Status::Unavailable(name_ + ": not connected");
  PGresult* result = PQexec(conn_, sql.c_str());
  const ExecStatusType type = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  Status status;
  if (type != PGRES_COMMAND_OK && type != PGRES_TUPLES_OK && type != PGRES_EMPTY_QUERY) {
    status = ErrorFromResult(result, OneLine(sql.substr(0, 80)));
  }
  PQclear(result);
  return status;
}

Result<QueryResult> Connection::Query(const std::string& sql, const Params& params) {
  if (!conn_) return Status::Unavailable(name_ + ": not connected");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, /*resultFormat=*/0);
  const ExecStatusType type = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (type != PGRES_COMMAND_OK && type != PGRES_TUPLES_OK) {
    Status status = ErrorFromResult(result, OneLine(sql.substr(0, 80)));
    PQclear(result);
    return status;
  }
  return QueryResult(result);
}

Status Connection::CopyBegin(const std::string& sql) {
  if (!conn_) return Status::Unavailable(name_ + ": not connected");
  PGresult* result = PQexec(conn_, sql.c_str());
  Status status;
  if (!result || PQresultStatus(result) != PGRES_COPY_IN) {
    status = ErrorFromResult(result, OneLine(sql.substr(0, 80)));
  }
  PQclear(result);
  return status;
}

Status Connection::CopySend(std::string_view bytes) {
  while (!bytes.empty()) {
    const size_t n = std::min<size_t>(bytes.size(), 1 << 30);
    if (PQputCopyData(conn_, bytes.data(), static_cast<int>(n)) != 1) {
      return ConnectionLost("COPY: sending data");
    }
    bytes.remove_prefix(n);
  }
  return Status::OK();
}

Status Connection::CopyEnd() {
  if (PQputCopyEnd(conn_, nullptr) != 1) return ConnectionLost("COPY: ending");
  Status status;
  while (PGresult* result = PQgetResult(conn_)) {
    if (status.ok() && PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = ErrorFromResult(result, "COPY");
    }
    PQclear(result);
  }
  return status;
}

// ---- Transaction -------------------------------------------------------------------------------

Result<Transaction> Transaction::Begin(Connection* conn) {
  OCPAGG_RETURN_IF_ERROR(conn->Exec("BEGIN"));
  return Transaction(conn);
}

Transaction::~Transaction() {
  if (conn_ && conn_->connected()) (void)conn_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Connection* conn = conn_;
  conn_ = nullptr;
  if (!conn) return Status::InvalidArgument("transaction already finished");
  return conn->Exec("COMMIT");
}

}  // namespace ocpagg::pg
