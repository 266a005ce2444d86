#include "s3/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace ocpagg::s3 {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

std::string Hex(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::array<uint8_t, 32> Hmac(std::span<const uint8_t> key, std::string_view data) {
  std::array<uint8_t, 32> out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and folds inner runs of spaces into one, as the canonical header value wants.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SortedHeaders(const SigningRequest& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) {
    headers.emplace_back(Lower(name), CanonicalHeaderValue(value));
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

}  // namespace

std::string UriEncode(std::string_view text, bool encode_slash) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c == '/' && !encode_slash)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 15]);
    }
  }
  return out;
}

std::string CanonicalQuery(std::vector<std::pair<std::string, std::string>> params) {
  for (auto& [name, value] : params) {
    name = UriEncode(name, true);
    value = UriEncode(value, true);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += name;
    out.push_back('=');
    out += value;
  }
  return out;
}

std::string SignedHeaders(const SigningRequest& request) {
  std::string out;
  for (const auto& [name, value] : SortedHeaders(request)) {
    if (!out.empty()) out.push_back(';');
    out += name;
  }
  return out;
}

std::string CanonicalRequest(const SigningRequest& request) {
  std::string out =
      request.method + "\n" + request.canonical_uri + "\n" + request.canonical_query + "\n";
  const auto headers = SortedHeaders(request);
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += '\n';
  out += SignedHeaders(request);
  out += '\n';
  out += request.payload_hash;
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view region,
                         std::string_view service, std::string_view canonical_request) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out += amz_date;
  out += "\n";
  out += amz_date.substr(0, 8);
  out += "/";
  out += region;
  out += "/";
  out += service;
  out += "/aws4_request\n";
  out += Sha256Hex(canonical_request);
  return out;
}

std::array<uint8_t, 32> SigningKey(std::string_view secret_access_key, std::string_view date,
                                   std::string_view region, std::string_view service) {
  std::string first = "AWS4";
  first += secret_access_key;
  auto key = Hmac({reinterpret_cast<const uint8_t*>(first.data()), first.size()}, date);
  key = Hmac(key, region);
  key = Hmac(key, service);
  return Hmac(key, "aws4_request");
}

std::string Signature(const SigningRequest& request, const SigningScope& scope,
                      std::string_view amz_date) {
  const std::string to_sign =
      StringToSign(amz_date, scope.region, scope.service, CanonicalRequest(request));
  const auto key =
      SigningKey(scope.secret_access_key, amz_date.substr(0, 8), scope.region, scope.service);
  return Hex(Hmac(key, to_sign));
}

std::string AuthorizationHeader(const SigningRequest& request, const SigningScope& scope,
                                std::string_view amz_date) {
  std::string out = "AWS4-HMAC-SHA256 Credential=" + scope.access_key_id + "/";
  out += amz_date.substr(0, 8);
  out += "/" + scope.region + "/" + scope.service + "/aws4_request, SignedHeaders=";
  out += SignedHeaders(request);
  out += ", Signature=" + Signature(request, scope, amz_date);
  return out;
}

std::string Sha256Hex(std::span<const uint8_t> data) {
  std::array<uint8_t, SHA256_DIGEST_LENGTH> digest{};
  SHA256(data.data(), data.size(), digest.data());
  return Hex(digest);
}

std::string Sha256Hex(std::string_view data) {
  return Sha256Hex({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
}

std::string AmzDate(int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace ocpagg::s3
