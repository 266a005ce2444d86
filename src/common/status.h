#pragma once

// Status and Result<T>: the one error model of ocpagg (CONTRIBUTING.md rule 3).
//
// Operations that can fail return `[[nodiscard]] Status` or `Result<T>`; nothing under src/
// throws. The codes separate "the input is bad" (kCorruption, kInvalidArgument) from "we do not
// implement this" (kNotSupported) and from the environment (kIOError, kNotFound, kDatabase,
// and kUnavailable for transient failures a caller may retry).
// Bugs are not Statuses: they are OCPAGG_CHECK failures (common/check.h).

#include <string>
#include <string_view>
#include <utility>

namespace ocpagg {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad flag, config value or API argument
  kNotFound,         // a file, key, column or row the caller named does not exist
  kIOError,          // local file system, network, S3
  kCorruption,       // bytes that break the rules of their format (Parquet, Thrift, JSON)
  kNotSupported,     // valid input we do not implement (nested schemas, encryption)
  kDatabase,         // the database refused an operation
  kUnavailable,      // transient: the server is down, restarting or unreachable, the connection
                     // was lost, or the transaction lost a serialization race; retrying the
                     // operation may succeed
};

/// Returns the name of `code` ("Corruption", "NotSupported", ...).
std::string_view StatusCodeName(StatusCode code);

/// The outcome of an operation: ok, or a code and a message. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status NotSupported(std::string msg) {
    return {StatusCode::kNotSupported, std::move(msg)};
  }
  static Status Database(std::string msg) { return {StatusCode::kDatabase, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsNotSupported() const { return code_ == StatusCode::kNotSupported; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsIOError() const { return code_ == StatusCode::kIOError; }
  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsUnavailable() const { return code_ == StatusCode::kUnavailable; }

  /// Returns a copy whose message is "context: message". Used while an error travels up, so
  /// that the final text names the file, row group, column and page where it happened.
  /// An ok status stays ok.
  Status WithContext(std::string_view context) const;

  /// "Corruption: message", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace ocpagg

#define OCPAGG_CONCAT_IMPL(a, b) a##b
#define OCPAGG_CONCAT(a, b) OCPAGG_CONCAT_IMPL(a, b)

#define OCPAGG_RETURN_IF_ERROR_IMPL(var, expr) \
  do {                                         \
    ::ocpagg::Status var = (expr);             \
    if (!var.ok()) return var;                 \
  } while (false)

/// Returns from the enclosing function if `expr` (a Status) is not ok.
#define OCPAGG_RETURN_IF_ERROR(expr) \
  OCPAGG_RETURN_IF_ERROR_IMPL(OCPAGG_CONCAT(ocpagg_status_, __LINE__), expr)

#define OCPAGG_ASSIGN_OR_RETURN_IMPL(result, lhs, rexpr) \
  auto result = (rexpr);                                 \
  if (!result.ok()) return std::move(result).status();   \
  lhs = std::move(result).value()

/// `OCPAGG_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result<T>, or returns its error.
#define OCPAGG_ASSIGN_OR_RETURN(lhs, rexpr) \
  OCPAGG_ASSIGN_OR_RETURN_IMPL(OCPAGG_CONCAT(ocpagg_result_, __LINE__), lhs, rexpr)
