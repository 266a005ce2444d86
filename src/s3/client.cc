#include "s3/client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <pugixml.hpp>
#include <random>
#include <thread>

#include "s3/client_internal.h"
#include "s3/sigv4.h"

namespace ocpagg::s3 {
namespace internal {
namespace {

// The name of an element without a namespace prefix ("s3:Key" -> "Key").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& node, std::string_view name) {
  return Child(node, name).child_value();
}

}  // namespace

Result<ListPage> ParseListObjectsV2(std::string_view xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status::Corruption(fmt::format("ListObjectsV2 answer is not XML ({} at offset {})",
                                          parsed.description(), parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  if (LocalName(root) != "ListBucketResult") {
    return Status::Corruption(fmt::format(
        "ListObjectsV2 answer has root element '{}', expected ListBucketResult", root.name()));
  }
  ListPage page;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(c);
    if (name == "Contents") {
      ObjectInfo info;
      info.key = ChildText(c, "Key");
      const std::string size = ChildText(c, "Size");
      char* end = nullptr;
      errno = 0;
      const unsigned long long value = std::strtoull(size.c_str(), &end, 10);
      if (info.key.empty() || size.empty() || *end != '\0' || errno != 0 || size[0] == '-') {
        return Status::Corruption(fmt::format(
            "ListObjectsV2 answer: object '{}' has no valid Size ('{}')", info.key, size));
      }
      info.size = value;
      page.objects.push_back(std::move(info));
    } else if (name == "CommonPrefixes") {
      page.common_prefixes.push_back(ChildText(c, "Prefix"));
    } else if (name == "IsTruncated") {
      page.truncated = std::string_view(c.child_value()) == "true";
    } else if (name == "NextContinuationToken") {
      page.next_token = c.child_value();
    }
  }
  return page;
}

ErrorBody ParseErrorBody(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return {};
  const pugi::xml_node root = doc.document_element();
  if (LocalName(root) != "Error") return {};
  return {ChildText(root, "Code"), ChildText(root, "Message")};
}

bool IsRetryableHttpStatus(long status) {
  return (status >= 500 && status <= 599 && status != 501) || status == 429 || status == 408;
}

bool IsRetryableTransportError(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

double BackoffDelay(const RetryPolicy& policy, int attempt, double unit_random,
                    std::optional<double> retry_after) {
  const double exponential =
      std::min(policy.max_delay, policy.base_delay * std::ldexp(1.0, std::min(attempt - 1, 30)));
  double delay = exponential / 2 + exponential / 2 * unit_random;
  if (retry_after) delay = std::max(delay, std::min(*retry_after, policy.max_retry_after));
  return delay;
}

std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '\n')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return std::strtod(std::string(value).c_str(), nullptr);
  }
  const time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max(0.0, static_cast<double>(when - now_unix));
}

std::string Redact(std::string text, const Credentials& credentials) {
  for (const std::string* secret : {&credentials.secret_access_key, &credentials.session_token}) {
    if (secret->empty()) continue;
    for (size_t at = text.find(*secret); at != std::string::npos;
         at = text.find(*secret, at + 10)) {
      text.replace(at, secret->size(), "[redacted]");
    }
  }
  return text;
}

Status HttpErrorStatus(std::string_view what, long status, std::string_view body, int attempts,
                       const Credentials& credentials) {
  const ErrorBody error = ParseErrorBody(body);
  const std::string detail = error.code.empty()
                                 ? fmt::format("HTTP {}", status)
                                 : fmt::format("HTTP {} {}: {}", status, error.code, error.message);
  std::string message;
  StatusCode code = StatusCode::kIOError;
  if (status == 403) {
    const bool auth = error.code == "SignatureDoesNotMatch" || error.code == "InvalidAccessKeyId" ||
                      error.code == "InvalidToken" || error.code == "ExpiredToken";
    message = fmt::format(
        "{}: {} ({}); check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or "
        "S3_ACCESS_KEY / S3_SECRET_KEY) and the region",
        what,
        auth                 ? "authentication failed"
        : error.code.empty() ? "access denied or authentication failed"
                             : "access denied",
        detail);
  } else if (status == 404 || error.code == "NoSuchBucket" || error.code == "NoSuchKey") {
    code = StatusCode::kNotFound;
    message =
        fmt::format("{}: {} ({})", what,
                    error.code == "NoSuchBucket" ? "no such bucket" : "no such object", detail);
  } else if (IsRetryableHttpStatus(status)) {
    code = StatusCode::kUnavailable;
    message = fmt::format("{}: {}; gave up after {} attempt{}", what, detail, attempts,
                          attempts == 1 ? "" : "s");
  } else {
    message = fmt::format("{}: {}", what, detail);
  }
  return Status(code, Redact(std::move(message), credentials));
}

}  // namespace internal

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::once_flag curl_init_once;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

struct CurlEasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

double UnitRandom() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

Result<ClientOptions> OptionsFromEnvironment() {
  ClientOptions options;
  options.endpoint = Env("S3_ENDPOINT");
  options.region = Env("AWS_REGION");
  if (options.region.empty()) options.region = Env("AWS_DEFAULT_REGION");
  if (options.region.empty()) options.region = "us-east-1";
  Credentials& c = options.credentials;
  c.access_key_id = Env("AWS_ACCESS_KEY_ID");
  c.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
  c.session_token = Env("AWS_SESSION_TOKEN");
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    c.access_key_id = Env("S3_ACCESS_KEY");
    c.secret_access_key = Env("S3_SECRET_KEY");
    c.session_token.clear();
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Status::InvalidArgument(
        "S3: no credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
        "AWS_SESSION_TOKEN for temporary ones), or S3_ACCESS_KEY and S3_SECRET_KEY");
  }
  options.ca_file = Env("AWS_CA_BUNDLE");
  return options;
}

std::string S3Url(const std::string& bucket, const std::string& key) {
  return key.empty() ? "s3://" + bucket : "s3://" + bucket + "/" + key;
}

// The libcurl state shared by the requests of a client: a share for DNS and TLS sessions, and a
// pool of multi handles, each keeping its own open connections for the next batch that takes it.
// (Connections are not put into the share: libcurl 7.88 documents that as unsafe across
// threads.)
struct Client::Shared {
  CURLSH* share = nullptr;
  std::mutex lock_mu[CURL_LOCK_DATA_LAST];
  std::mutex pool_mu;
  std::vector<CURLM*> idle;

  Shared() {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Shared::Lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Shared::Unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  ~Shared() {
    for (CURLM* multi : idle) curl_multi_cleanup(multi);
    curl_share_cleanup(share);
  }
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Shared*>(user)->lock_mu[data].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Shared*>(user)->lock_mu[data].unlock();
  }

  CURLM* TakeMulti(int max_in_flight) {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!idle.empty()) {
        CURLM* multi = idle.back();
        idle.pop_back();
        return multi;
      }
    }
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(max_in_flight));
    return multi;
  }
  void ReturnMulti(CURLM* multi) {
    std::lock_guard<std::mutex> lock(pool_mu);
    if (idle.size() < 32) {
      idle.push_back(multi);
      return;
    }
    curl_multi_cleanup(multi);
  }
};

// One HTTP exchange: what to send, and what came back (reset before each attempt).
struct Client::Request {
  std::string method;  // GET, PUT, HEAD
  std::string bucket;
  std::string key;
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<io::ByteRange> range;  // GET of a range, into `data`
  std::span<const uint8_t> body;       // PUT
  std::string label;                   // names the request in errors instead of What()

  Client* client = nullptr;
  long status = 0;
  int curl_code = 0;
  char curl_error[CURL_ERROR_SIZE] = {};
  std::string text;  // listing / error body
  Buffer data;
  uint64_t filled = 0;
  bool overflow = false;
  std::optional<uint64_t> content_length;
  std::string retry_after;
  size_t sent = 0;
  CurlSlist headers;
  CurlEasy easy;

  std::string What() const {
    if (!label.empty()) return label;
    std::string what = S3Url(bucket, key) + ": " + method;
    if (range) {
      what += fmt::format(" bytes={}-{}", range->offset, range->offset + range->length - 1);
    }
    return what;
  }

  void Reset() {
    status = 0;
    curl_code = 0;
    curl_error[0] = '\0';
    text.clear();
    filled = 0;
    overflow = false;
    content_length.reset();
    retry_after.clear();
    sent = 0;
    headers.reset();
    easy.reset();
  }

  bool Success() const { return curl_code == CURLE_OK && status >= 200 && status <= 299; }

  static size_t OnHeader(char* ptr, size_t size, size_t count, void* user) {
    auto* r = static_cast<Request*>(user);
    const size_t length = size * count;
    std::string_view line(ptr, length);
    if (line.starts_with("HTTP/")) {
      const size_t space = line.find(' ');
      if (space != std::string_view::npos) {
        r->status = std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
      }
      r->retry_after.clear();
      r->content_length.reset();
      return length;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return length;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    if (name == "retry-after") r->retry_after = std::string(value);
    if (name == "content-length") {
      r->content_length = std::strtoull(std::string(value).c_str(), nullptr, 10);
    }
    return length;
  }

  static size_t OnWrite(char* ptr, size_t size, size_t count, void* user) {
    auto* r = static_cast<Request*>(user);
    const size_t length = size * count;
    r->client->bytes_received_.fetch_add(length, std::memory_order_relaxed);
    if (r->range && r->status >= 200 && r->status <= 299) {
      if (length > r->data.size() - r->filled) {
        r->overflow = true;
        return 0;  // abort: more bytes than the range holds
      }
      std::memcpy(r->data.data() + r->filled, ptr, length);
      r->filled += length;
      return length;
    }
    constexpr size_t kMaxText = size_t{64} << 20;
    if (r->text.size() + length > kMaxText) return 0;
    r->text.append(ptr, length);
    return length;
  }

  static size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
    auto* r = static_cast<Request*>(user);
    const size_t n = std::min(size * count, r->body.size() - r->sent);
    if (n > 0) std::memcpy(buffer, r->body.data() + r->sent, n);
    r->sent += n;
    return n;
  }

  static int OnSeek(void* user, curl_off_t offset, int origin) {
    auto* r = static_cast<Request*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<uint64_t>(offset) > r->body.size()) {
      return CURL_SEEKFUNC_FAIL;
    }
    r->sent = static_cast<size_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
};

Client::Client(ClientOptions options)
    : options_(std::move(options)), shared_(std::make_unique<Shared>()) {}

Client::~Client() = default;

Result<std::shared_ptr<Client>> Client::Make(ClientOptions options) {
  std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (options.credentials.access_key_id.empty() || options.credentials.secret_access_key.empty()) {
    return Status::InvalidArgument("S3: an access key id and a secret access key are required");
  }
  if (options.region.empty()) options.region = "us-east-1";
  std::string scheme = "https";
  std::string host = "s3." + options.region + ".amazonaws.com";
  if (!options.endpoint.empty()) {
    const std::string& e = options.endpoint;
    const size_t sep = e.find("://");
    if (sep == std::string::npos || (e.substr(0, sep) != "http" && e.substr(0, sep) != "https")) {
      return Status::InvalidArgument(
          fmt::format("S3 endpoint '{}': expected http://host[:port] or https://host[:port]", e));
    }
    scheme = e.substr(0, sep);
    host = e.substr(sep + 3);
    while (!host.empty() && host.back() == '/') host.pop_back();
    if (host.empty() || host.find_first_of("/?#@ ") != std::string::npos) {
      return Status::InvalidArgument(fmt::format(
          "S3 endpoint '{}': expected http://host[:port] or https://host[:port] (no path)", e));
    }
  }
  if (!options.path_style) options.path_style = !options.endpoint.empty();
  if (options.max_in_flight < 1) options.max_in_flight = 1;
  if (options.list_page_size < 1 || options.list_page_size > 1000) options.list_page_size = 1000;
  if (options.retry.max_attempts < 1) options.retry.max_attempts = 1;
  // NOLINT(naked-new): the constructor is private, so make_shared cannot call it.
  std::shared_ptr<Client> client(new Client(std::move(options)));  // NOLINT
  client->scheme_ = std::move(scheme);
  client->host_ = std::move(host);
  return client;
}

ClientStats Client::stats() const {
  ClientStats s;
  s.requests = requests_.load();
  s.retries = retries_.load();
  s.bytes_received = bytes_received_.load();
  s.bytes_sent = bytes_sent_.load();
  return s;
}

Status Client::PerformOnce(std::span<Request*> requests) {
  const bool path_style = *options_.path_style;
  const SigningScope scope{options_.credentials.access_key_id,
                           options_.credentials.secret_access_key, options_.region, "s3"};
  const std::string amz_date = AmzDate(static_cast<int64_t>(std::time(nullptr)));
  CURLM* multi = shared_->TakeMulti(options_.max_in_flight);
  size_t next = 0;
  int running = 0;
  Status status;
  const auto start = [&](Request* r) -> Status {
    r->Reset();
    r->client = this;
    SigningRequest sign;
    sign.method = r->method;
    std::string host = host_;
    if (path_style) {
      sign.canonical_uri = "/" + UriEncode(r->bucket, false);
      if (!r->key.empty()) sign.canonical_uri += "/" + UriEncode(r->key, false);
    } else {
      host = r->bucket + "." + host_;
      sign.canonical_uri = "/" + UriEncode(r->key, false);
    }
    sign.canonical_query = CanonicalQuery(r->query);
    sign.payload_hash = r->method == "PUT" ? Sha256Hex(r->body) : std::string(kEmptyPayloadHash);
    sign.headers = {
        {"host", host}, {"x-amz-content-sha256", sign.payload_hash}, {"x-amz-date", amz_date}};
    if (r->range) {
      r->data = Buffer(r->range->length);
      sign.headers.emplace_back("range", fmt::format("bytes={}-{}", r->range->offset,
                                                     r->range->offset + r->range->length - 1));
    }
    if (!options_.credentials.session_token.empty()) {
      sign.headers.emplace_back("x-amz-security-token", options_.credentials.session_token);
    }
    curl_slist* list = nullptr;
    for (const auto& [name, value] : sign.headers) {
      list = curl_slist_append(list, (name + ": " + value).c_str());
    }
    list = curl_slist_append(
        list, ("Authorization: " + AuthorizationHeader(sign, scope, amz_date)).c_str());
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip before a PUT body
    r->headers.reset(list);
    const std::string url = scheme_ + "://" + host + sign.canonical_uri +
                            (sign.canonical_query.empty() ? "" : "?" + sign.canonical_query);
    r->easy.reset(curl_easy_init());
    CURL* easy = r->easy.get();
    if (easy == nullptr || list == nullptr) return Status::IOError("S3: out of libcurl handles");
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(easy, CURLOPT_SHARE, shared_->share);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, r->curl_error);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, r);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Request::OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Request::OnWrite);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout_s));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (r->method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (r->method == "PUT") {
      curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r->body.size()));
      curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Request::OnRead);
      curl_easy_setopt(easy, CURLOPT_READDATA, r);
      curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &Request::OnSeek);
      curl_easy_setopt(easy, CURLOPT_SEEKDATA, r);
      bytes_sent_.fetch_add(r->body.size(), std::memory_order_relaxed);
    }
    requests_.fetch_add(1, std::memory_order_relaxed);
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
      return Status::IOError("S3: cannot add a transfer to the libcurl multi handle");
    }
    ++running;
    return Status::OK();
  };
  while (status.ok() && (next < requests.size() || running > 0)) {
    while (status.ok() && next < requests.size() && running < options_.max_in_flight) {
      status = start(requests[next++]);
    }
    int still = 0;
    if (curl_multi_perform(multi, &still) != CURLM_OK) {
      status = Status::IOError("S3: libcurl multi transfer failed");
      break;
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Request* r = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &r);
      r->curl_code = static_cast<int>(msg->data.result);
      long code = 0;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
      if (code != 0) r->status = code;
      curl_multi_remove_handle(multi, msg->easy_handle);
      r->easy.reset();
      r->headers.reset();
      --running;
    }
    if (running > 0 && (next >= requests.size() || running >= options_.max_in_flight)) {
      curl_multi_poll(multi, nullptr, 0, 200, nullptr);
    }
  }
  // On an internal failure, detach what is still running before the handles go.
  for (Request* r : requests) {
    if (r->easy) {
      curl_multi_remove_handle(multi, r->easy.get());
      r->easy.reset();
    }
  }
  shared_->ReturnMulti(multi);
  return status;
}

Status Client::ErrorFor(const Request& r, int attempts) const {
  const std::string what = r.What();
  if (r.overflow || (r.curl_code == CURLE_OK && r.range && r.Success())) {
    return Status::IOError(
        fmt::format("{}: the server sent {}{} bytes, expected {} (the object changed or is "
                    "shorter than its listed size)",
                    what, r.overflow ? "more than " : "", r.filled, r.range->length));
  }
  if (r.curl_code != CURLE_OK) {
    const bool transient = internal::IsRetryableTransportError(r.curl_code);
    const std::string detail = r.curl_error[0] != '\0'
                                   ? std::string(r.curl_error)
                                   : curl_easy_strerror(static_cast<CURLcode>(r.curl_code));
    std::string message = fmt::format("{}: {} ({})", what, detail, scheme_ + "://" + host_);
    if (transient) {
      message += fmt::format("; gave up after {} attempt{}", attempts, attempts == 1 ? "" : "s");
    }
    return Status(transient ? StatusCode::kUnavailable : StatusCode::kIOError,
                  internal::Redact(std::move(message), options_.credentials));
  }
  return internal::HttpErrorStatus(what, r.status, r.text, attempts, options_.credentials);
}

Status Client::Perform(std::span<Request> requests) {
  std::vector<Request*> pending;
  pending.reserve(requests.size());
  for (Request& r : requests) pending.push_back(&r);
  for (int attempt = 1;; ++attempt) {
    OCPAGG_RETURN_IF_ERROR(PerformOnce(pending));
    std::vector<Request*> again;
    double delay = 0;
    for (Request* r : pending) {
      bool ok = r->Success();
      if (ok && r->range && (r->overflow || r->filled != r->range->length)) ok = false;
      if (ok) continue;
      const bool transient =
          (r->curl_code != CURLE_OK && !r->overflow &&
           internal::IsRetryableTransportError(r->curl_code)) ||
          (r->curl_code == CURLE_OK && internal::IsRetryableHttpStatus(r->status));
      if (!transient || attempt >= options_.retry.max_attempts) return ErrorFor(*r, attempt);
      const std::optional<double> retry_after =
          internal::ParseRetryAfter(r->retry_after, static_cast<int64_t>(std::time(nullptr)));
      delay = std::max(delay,
                       internal::BackoffDelay(options_.retry, attempt, UnitRandom(), retry_after));
      again.push_back(r);
    }
    if (again.empty()) return Status::OK();
    retries_.fetch_add(again.size(), std::memory_order_relaxed);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    pending = std::move(again);
  }
}

Result<uint64_t> Client::HeadObject(const std::string& bucket, const std::string& key) {
  Request r;
  r.method = "HEAD";
  r.bucket = bucket;
  r.key = key;
  OCPAGG_RETURN_IF_ERROR(Perform({&r, 1}));
  if (!r.content_length) {
    return Status::IOError(fmt::format("{}: HEAD answer has no Content-Length", r.What()));
  }
  return *r.content_length;
}

Result<Buffer> Client::GetRange(const std::string& bucket, const std::string& key, uint64_t offset,
                                uint64_t length) {
  const io::ByteRange range{offset, length};
  OCPAGG_ASSIGN_OR_RETURN(std::vector<Buffer> buffers, GetRanges(bucket, key, {&range, 1}));
  return std::move(buffers[0]);
}

Result<std::vector<Buffer>> Client::GetRanges(const std::string& bucket, const std::string& key,
                                              std::span<const io::ByteRange> ranges) {
  std::vector<Request> requests;
  std::vector<size_t> index;  // request of each range; SIZE_MAX for an empty range
  requests.reserve(ranges.size());
  for (const io::ByteRange& range : ranges) {
    if (range.length == 0) {
      index.push_back(SIZE_MAX);
      continue;
    }
    index.push_back(requests.size());
    Request& r = requests.emplace_back();
    r.method = "GET";
    r.bucket = bucket;
    r.key = key;
    r.range = range;
  }
  OCPAGG_RETURN_IF_ERROR(Perform(requests));
  std::vector<Buffer> out;
  out.reserve(ranges.size());
  for (size_t i : index) out.push_back(i == SIZE_MAX ? Buffer() : std::move(requests[i].data));
  return out;
}

Status Client::PutObject(const std::string& bucket, const std::string& key,
                         std::span<const uint8_t> data) {
  Request r;
  r.method = "PUT";
  r.bucket = bucket;
  r.key = key;
  r.body = data;
  return Perform({&r, 1});
}

Result<ListResult> Client::ListObjects(const std::string& bucket, const std::string& prefix,
                                       const std::string& delimiter, int max_keys) {
  ListResult out;
  std::string token;
  for (int page_number = 1;; ++page_number) {
    Request r;
    r.method = "GET";
    r.bucket = bucket;
    const int page_size =
        max_keys > 0 ? std::min(max_keys, options_.list_page_size) : options_.list_page_size;
    r.query = {{"list-type", "2"}, {"max-keys", std::to_string(page_size)}};
    if (!prefix.empty()) r.query.emplace_back("prefix", prefix);
    if (!delimiter.empty()) r.query.emplace_back("delimiter", delimiter);
    if (!token.empty()) r.query.emplace_back("continuation-token", token);
    r.label = fmt::format("{}: ListObjectsV2 (page {})", S3Url(bucket, prefix), page_number);
    OCPAGG_RETURN_IF_ERROR(Perform({&r, 1}));
    Result<internal::ListPage> page = internal::ParseListObjectsV2(r.text);
    if (!page.ok()) {
      return page.status().WithContext(
          fmt::format("{} page {}", S3Url(bucket, prefix), page_number));
    }
    for (ObjectInfo& o : page->objects) out.objects.push_back(std::move(o));
    for (std::string& p : page->common_prefixes) out.common_prefixes.push_back(std::move(p));
    if (!page->truncated || (max_keys > 0 && static_cast<int>(out.objects.size()) >= max_keys)) {
      break;
    }
    if (page->next_token.empty() || page->next_token == token) {
      return Status::IOError(
          fmt::format("listing {}: page {} is truncated but has no new NextContinuationToken",
                      S3Url(bucket, prefix), page_number));
    }
    token = std::move(page->next_token);
  }
  std::sort(out.objects.begin(), out.objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  std::sort(out.common_prefixes.begin(), out.common_prefixes.end());
  out.common_prefixes.erase(std::unique(out.common_prefixes.begin(), out.common_prefixes.end()),
                            out.common_prefixes.end());
  return out;
}

}  // namespace ocpagg::s3
