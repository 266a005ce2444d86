#pragma once

// AWS Signature Version 4 for S3 header authentication, written against the AWS documentation
// ("Authenticating Requests: Using the Authorization Header", S3 API reference) and tested with
// its published example vectors (sigv4_test.cc).
//
//   canonical request   METHOD \n URI \n QUERY \n headers \n\n signed-headers \n payload-hash
//   string to sign      AWS4-HMAC-SHA256 \n amz-date \n date/region/s3/aws4_request \n
//                       hex(sha256(canonical request))
//   signing key         HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"),
//                       "aws4_request")
//   Authorization       AWS4-HMAC-SHA256 Credential=KEY/scope, SignedHeaders=..., Signature=hex
//
// Everything here is pure (no clock, no I/O) and thread-safe.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocpagg::s3 {

/// SigV4 / RFC 3986 percent-encoding: every byte outside `A-Z a-z 0-9 - _ . ~` becomes %XX with
/// uppercase hex; '/' is kept as is unless `encode_slash` (object key paths keep it, query
/// values encode it). Spaces become %20, '=' becomes %3D.
std::string UriEncode(std::string_view text, bool encode_slash);

/// The canonical query string of raw (not yet encoded) parameters: each name and value
/// UriEncode-d (slash encoded), sorted by encoded name then value, joined as `n=v&n=v`; a
/// parameter without a value gives `n=`. The same string is sent in the URL, so what is signed
/// is exactly what the server sees.
std::string CanonicalQuery(std::vector<std::pair<std::string, std::string>> params);

/// The parts of a request that are signed.
struct SigningRequest {
  std::string method;           // "GET", "PUT", "HEAD"
  std::string canonical_uri;    // encoded path, e.g. "/bucket/source%3Dx/a.parquet"
  std::string canonical_query;  // from CanonicalQuery ("" for none)
  /// Headers to sign (names in any case; values are trimmed and inner runs of spaces folded).
  /// Must include host and x-amz-date; x-amz-content-sha256 for S3.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_hash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

/// Who signs, and where.
struct SigningScope {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;  // e.g. "us-east-1"
  std::string service = "s3";
};

/// The canonical request text.
std::string CanonicalRequest(const SigningRequest& request);

/// The `;`-joined, lowercased, sorted names of the signed headers.
std::string SignedHeaders(const SigningRequest& request);

/// The string to sign for `amz_date` (YYYYMMDDTHHMMSSZ).
std::string StringToSign(std::string_view amz_date, std::string_view region,
                         std::string_view service, std::string_view canonical_request);

/// The derived signing key for the date (YYYYMMDD) of `amz_date`.
std::array<uint8_t, 32> SigningKey(std::string_view secret_access_key, std::string_view date,
                                   std::string_view region, std::string_view service);

/// The hex signature of `request` at `amz_date`.
std::string Signature(const SigningRequest& request, const SigningScope& scope,
                      std::string_view amz_date);

/// The value of the Authorization header.
std::string AuthorizationHeader(const SigningRequest& request, const SigningScope& scope,
                                std::string_view amz_date);

/// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::span<const uint8_t> data);
std::string Sha256Hex(std::string_view data);

/// "YYYYMMDDTHHMMSSZ" of a Unix time (UTC).
std::string AmzDate(int64_t unix_seconds);

/// The SHA-256 of the empty body, as S3 wants it in x-amz-content-sha256 for GET and HEAD.
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace ocpagg::s3
