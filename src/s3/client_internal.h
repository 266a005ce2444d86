#pragma once

// Pieces of the S3 client that are pure functions, exposed for its unit tests only (never
// include this from another module).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "s3/client.h"

namespace ocpagg::s3::internal {

/// One page of a ListObjectsV2 answer.
struct ListPage {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_token;  // NextContinuationToken, when truncated
};

/// Parses a ListBucketResult document. Elements are matched by local name, never by the XML
/// namespace (S3 and s3rver use different ones). Corruption on malformed XML or a missing or
/// non-numeric Size.
Result<ListPage> ParseListObjectsV2(std::string_view xml);

/// Code and Message of an S3 <Error> document; empty strings when the body is not one.
struct ErrorBody {
  std::string code;
  std::string message;
};
ErrorBody ParseErrorBody(std::string_view xml);

/// Whether an HTTP status is worth retrying: 5xx (except 501 Not Implemented), 429, 408.
bool IsRetryableHttpStatus(long status);

/// Whether a libcurl result code is transient: timeouts, refused / reset connections, partial
/// transfers, send/receive errors, empty replies.
bool IsRetryableTransportError(int curl_code);

/// The delay before retry number `attempt` (1 = the first retry): exponential from
/// policy.base_delay, capped at policy.max_delay, with "equal jitter" (half fixed, half
/// uniform from `unit_random` in [0, 1)). A server's Retry-After (seconds) wins when longer,
/// capped at policy.max_retry_after.
double BackoffDelay(const RetryPolicy& policy, int attempt, double unit_random,
                    std::optional<double> retry_after);

/// Seconds to wait from a Retry-After value: delta-seconds, or an HTTP date relative to
/// `now_unix`. nullopt when unparseable.
std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix);

/// `text` with every occurrence of the secret key and session token replaced by "[redacted]".
std::string Redact(std::string text, const Credentials& credentials);

/// The Status for a finished request that failed with HTTP `status` and error body `body`.
/// `what` names the object and operation ("s3://b/k: GET bytes=0-9"); `attempts` > 1 is
/// mentioned for retryable failures.
Status HttpErrorStatus(std::string_view what, long status, std::string_view body, int attempts,
                       const Credentials& credentials);

}  // namespace ocpagg::s3::internal
