#pragma once

// A small S3 client: what ocpagg needs to read Koku's Parquet from S3 / MinIO and to write
// generated data there. No AWS SDK: requests are signed by sigv4.h and sent with libcurl.
//
//   ClientOptions     endpoint, region, addressing style, credentials, retry policy, limits;
//                     OptionsFromEnvironment() fills them from S3_ENDPOINT, AWS_REGION, ...
//   Client            HEAD, ranged GET (one or many ranges of an object, several requests in
//                     flight at once), PUT, ListObjectsV2 (all pages, following continuation
//                     tokens). Connections are kept and reused across requests and threads.
//
// Errors: 403 -> IOError "authentication failed" / "access denied" naming the bucket and key;
// 404, NoSuchKey, NoSuchBucket -> NotFound naming them; both at once, without retrying. 5xx,
// 429, timeouts and reset connections are retried with exponential backoff and jitter,
// honouring Retry-After, up to RetryPolicy::max_attempts; then Unavailable. Secrets (the secret
// key and session token) never appear in a message.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/buffer.h"
#include "common/result.h"
#include "io/file.h"

namespace ocpagg::s3 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never logged
  std::string session_token;      // optional (temporary credentials); never logged
};

struct RetryPolicy {
  int max_attempts = 8;           // tries per request, the first included
  double base_delay = 0.1;        // seconds before the first retry; doubles each time
  double max_delay = 5.0;         // cap of one backoff delay
  double max_retry_after = 30.0;  // cap of a server's Retry-After
};

struct ClientOptions {
  /// scheme://host[:port] of an S3-compatible server (MinIO); empty = AWS,
  /// https://s3.<region>.amazonaws.com.
  std::string endpoint;
  std::string region = "us-east-1";
  /// Path-style (http://host/bucket/key) or virtual-hosted (http://bucket.host/key) addressing;
  /// unset = path style when an endpoint is given, virtual-hosted for AWS.
  std::optional<bool> path_style;
  Credentials credentials;
  RetryPolicy retry;
  /// Requests in flight at once for one batch (ranges of a file, or objects).
  int max_in_flight = 8;
  /// A file of CA certificates instead of the system's (AWS_CA_BUNDLE).
  std::string ca_file;
  int64_t connect_timeout_ms = 10000;
  /// A transfer slower than 1 byte/s for this long is a timeout (and retried).
  int64_t stall_timeout_s = 30;
  /// Keys per ListObjectsV2 page (S3 caps it at 1000).
  int list_page_size = 1000;
};

/// Options from the environment: S3_ENDPOINT; AWS_REGION or AWS_DEFAULT_REGION (default
/// us-east-1); AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, or else S3_ACCESS_KEY
/// / S3_SECRET_KEY; AWS_CA_BUNDLE. InvalidArgument when no credentials are set.
Result<ClientOptions> OptionsFromEnvironment();

/// An object found by a listing.
struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
};

struct ListResult {
  std::vector<ObjectInfo> objects;           // sorted by key
  std::vector<std::string> common_prefixes;  // with a delimiter: the "folders", sorted
};

/// Counters of the traffic of a client (all threads), for reports and benchmarks.
struct ClientStats {
  uint64_t requests = 0;        // HTTP requests sent, retries included
  uint64_t retries = 0;         // requests that were retries
  uint64_t bytes_received = 0;  // response body bytes
  uint64_t bytes_sent = 0;      // request body bytes (PUT)
};

/// Thread-safe: any number of threads may call any method at once.
class Client {
 public:
  /// Checks the options (endpoint syntax, credentials). InvalidArgument.
  static Result<std::shared_ptr<Client>> Make(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ClientOptions& options() const { return options_; }

  /// The size of an object. NotFound names s3://bucket/key.
  Result<uint64_t> HeadObject(const std::string& bucket, const std::string& key);

  /// Bytes [offset, offset + length) of an object; exactly `length` bytes or an IOError.
  Result<Buffer> GetRange(const std::string& bucket, const std::string& key, uint64_t offset,
                          uint64_t length);

  /// Several ranges of one object, up to max_in_flight requests at once, in the order given.
  Result<std::vector<Buffer>> GetRanges(const std::string& bucket, const std::string& key,
                                        std::span<const io::ByteRange> ranges);

  /// Stores `data` as the object (replacing it). The payload is signed with its SHA-256.
  Status PutObject(const std::string& bucket, const std::string& key,
                   std::span<const uint8_t> data);

  /// Every object under `prefix` (all pages). With a delimiter ("/"), keys containing it after
  /// the prefix are folded into common_prefixes. `max_keys` > 0 stops after that many objects
  /// (one page).
  Result<ListResult> ListObjects(const std::string& bucket, const std::string& prefix,
                                 const std::string& delimiter = "", int max_keys = 0);

  ClientStats stats() const;

 private:
  struct Shared;
  struct Request;
  struct Response;
  explicit Client(ClientOptions options);

  /// Sends the requests (up to max_in_flight at once), retrying transient failures; returns the
  /// first permanent error.
  Status Perform(std::span<Request> requests);
  Status PerformOnce(std::span<Request*> requests);
  Status ErrorFor(const Request& request, int attempts) const;

  ClientOptions options_;
  std::string scheme_;              // "http" or "https"
  std::string host_;                // host[:port] of the endpoint
  std::unique_ptr<Shared> shared_;  // the libcurl share (connections, DNS, TLS sessions)
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> bytes_received_{0};
  std::atomic<uint64_t> bytes_sent_{0};
};

/// "s3://bucket/key" (or "s3://bucket" when the key is empty).
std::string S3Url(const std::string& bucket, const std::string& key);

}  // namespace ocpagg::s3
