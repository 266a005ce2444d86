#pragma once

// Result<T>: a T or a non-ok Status (g++ 12 has no std::expected).

#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "common/check.h"
#include "common/status.h"

namespace ocpagg {

template <typename T>
class [[nodiscard]] Result {
 public:
  /// An error result. `status` must not be ok (checked).
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    OCPAGG_CHECK(!status_.ok());
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  /// The value; the result must be ok (checked).
  const T& value() const& {
    OCPAGG_CHECK(ok());
    return *value_;
  }
  T& value() & {
    OCPAGG_CHECK(ok());
    return *value_;
  }
  T value() && {
    OCPAGG_CHECK(ok());
    return std::move(*value_);
  }
  /// This result, with "context: " put before the message when it is an error.
  Result<T> WithContext(std::string_view context) && {
    if (ok()) return std::move(*this);
    return Result<T>(status_.WithContext(context));
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace ocpagg
