#include "s3/sigv4.h"

#include <gtest/gtest.h>

namespace ocpagg::s3 {
namespace {

// The examples of the S3 API reference, "Signature Calculations for the Authorization Header:
// Transferring Payload in a Single Chunk (AWS Signature Version 4)": bucket examplebucket in
// us-east-1, 2013-05-24, the documentation's example key pair.
const SigningScope kScope{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                          "us-east-1", "s3"};
constexpr char kDate[] = "20130524T000000Z";
constexpr char kHost[] = "examplebucket.s3.amazonaws.com";

TEST(SigV4, GetObjectExample) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = "/test.txt";
  r.headers = {{"Host", kHost},
               {"Range", "bytes=0-9"},
               {"x-amz-content-sha256", std::string(kEmptyPayloadHash)},
               {"x-amz-date", kDate}};
  r.payload_hash = std::string(kEmptyPayloadHash);
  EXPECT_EQ(CanonicalRequest(r),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign(kDate, "us-east-1", "s3", CanonicalRequest(r)),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(Signature(r, kScope, kDate),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(AuthorizationHeader(r, kScope, kDate),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, PutObjectExample) {
  const std::string body = "Welcome to Amazon S3.";
  SigningRequest r;
  r.method = "PUT";
  r.canonical_uri = "/" + UriEncode("test$file.text", false);
  EXPECT_EQ(r.canonical_uri, "/test%24file.text");
  r.payload_hash = Sha256Hex(body);
  EXPECT_EQ(r.payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  r.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
               {"Host", kHost},
               {"x-amz-date", kDate},
               {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
               {"x-amz-content-sha256", r.payload_hash}};
  EXPECT_EQ(Signature(r, kScope, kDate),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, GetBucketLifecycleExample) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.canonical_query = CanonicalQuery({{"lifecycle", ""}});
  EXPECT_EQ(r.canonical_query, "lifecycle=");
  r.headers = {{"Host", kHost},
               {"x-amz-date", kDate},
               {"x-amz-content-sha256", std::string(kEmptyPayloadHash)}};
  r.payload_hash = std::string(kEmptyPayloadHash);
  EXPECT_EQ(Signature(r, kScope, kDate),
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, ListObjectsExample) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = "/";
  // Given out of order: the canonical form sorts them.
  r.canonical_query = CanonicalQuery({{"prefix", "J"}, {"max-keys", "2"}});
  EXPECT_EQ(r.canonical_query, "max-keys=2&prefix=J");
  r.headers = {{"Host", kHost},
               {"x-amz-date", kDate},
               {"x-amz-content-sha256", std::string(kEmptyPayloadHash)}};
  r.payload_hash = std::string(kEmptyPayloadHash);
  EXPECT_EQ(Signature(r, kScope, kDate),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, SigningKeyExample) {
  // The IAM documentation's key-derivation example (2012-02-15, us-east-1, iam).
  const auto key =
      SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
  std::string hex;
  for (uint8_t b : key) {
    constexpr char kDigits[] = "0123456789abcdef";
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 15]);
  }
  EXPECT_EQ(hex, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(UriEncode, KeepsUnreservedAndEncodesTheRestInUppercase) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("source=abc/year=2025", false), "source%3Dabc/year%3D2025");
  EXPECT_EQ(UriEncode("a b+c", false), "a%20b%2Bc");
  EXPECT_EQ(UriEncode("data/x", true), "data%2Fx");
  EXPECT_EQ(UriEncode("\xc3\xa9", false), "%C3%A9");  // UTF-8 bytes, one by one
  EXPECT_EQ(UriEncode("*'()!", true), "%2A%27%28%29%21");
}

TEST(CanonicalQuery, SortsByEncodedNameThenValueAndEncodesTokens) {
  EXPECT_EQ(CanonicalQuery({{"prefix", "data/a b"},
                            {"list-type", "2"},
                            {"continuation-token", "a+b/c=="},
                            {"delimiter", "/"}}),
            "continuation-token=a%2Bb%2Fc%3D%3D&delimiter=%2F&list-type=2&prefix=data%2Fa%20b");
  EXPECT_EQ(CanonicalQuery({{"b", "2"}, {"a", "2"}, {"a", "1"}}), "a=1&a=2&b=2");
  EXPECT_EQ(CanonicalQuery({}), "");
}

TEST(SigV4, HeaderValuesAreTrimmedAndFolded) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.headers = {{"X-Amz-Meta-A", "  one   two  "}, {"Host", "h"}};
  r.payload_hash = "UNSIGNED-PAYLOAD";
  EXPECT_EQ(CanonicalRequest(r),
            "GET\n/\n\nhost:h\nx-amz-meta-a:one two\n\nhost;x-amz-meta-a\n"
            "UNSIGNED-PAYLOAD");
}

TEST(AmzDate, FormatsUtc) {
  EXPECT_EQ(AmzDate(1369353600), "20130524T000000Z");
  EXPECT_EQ(AmzDate(0), "19700101T000000Z");
}

}  // namespace
}  // namespace ocpagg::s3
