#include "s3/client.h"

#include <gtest/gtest.h>

#include "s3/client_internal.h"

namespace ocpagg::s3 {
namespace {

using internal::BackoffDelay;
using internal::HttpErrorStatus;
using internal::IsRetryableHttpStatus;
using internal::IsRetryableTransportError;
using internal::ParseErrorBody;
using internal::ParseListObjectsV2;
using internal::ParseRetryAfter;
using internal::Redact;

// As real S3 answers (AWS namespace), first page of a truncated listing.
constexpr char kAwsPage[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix>data/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents><Key>data/source=a b/x.parquet</Key><Size>1234</Size></Contents>
  <Contents><Key>data/y&amp;z.parquet</Key><Size>0</Size></Contents>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>)";

// As s3rver answers (its own namespace), last page with common prefixes.
constexpr char kS3rverPage[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://doc.s3.amazonaws.com/2006-03-01/"><Name>b</Name>
<Prefix>a/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>
<IsTruncated>false</IsTruncated><Contents><Key>a/x.txt</Key><Size>6</Size></Contents>
<CommonPrefixes><Prefix>a/b=c/</Prefix></CommonPrefixes>
<CommonPrefixes><Prefix>a/d/</Prefix></CommonPrefixes></ListBucketResult>)";

TEST(ParseListObjectsV2, ReadsKeysSizesAndTheContinuationToken) {
  Result<internal::ListPage> page = ParseListObjectsV2(kAwsPage);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "data/source=a b/x.parquet");
  EXPECT_EQ(page->objects[0].size, 1234u);
  EXPECT_EQ(page->objects[1].key, "data/y&z.parquet");
  EXPECT_EQ(page->objects[1].size, 0u);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->next_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(ParseListObjectsV2, IgnoresTheNamespaceAndReadsCommonPrefixes) {
  Result<internal::ListPage> page = ParseListObjectsV2(kS3rverPage);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_FALSE(page->truncated);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"a/b=c/", "a/d/"}));
}

TEST(ParseListObjectsV2, RejectsMalformedAnswers) {
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><Contents>").status().IsCorruption());
  EXPECT_TRUE(ParseListObjectsV2("<Error><Code>x</Code></Error>").status().IsCorruption());
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size>"
                                 "</Contents></ListBucketResult>")
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key></Contents>"
                                 "</ListBucketResult>")
                  .status()
                  .IsCorruption());
}

TEST(ParseErrorBody, ReadsCodeAndMessage) {
  const internal::ErrorBody e = ParseErrorBody(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket "
      "does not exist</Message><BucketName>b</BucketName></Error>");
  EXPECT_EQ(e.code, "NoSuchBucket");
  EXPECT_EQ(e.message, "The specified bucket does not exist");
  EXPECT_EQ(ParseErrorBody("").code, "");
  EXPECT_EQ(ParseErrorBody("not xml").code, "");
}

TEST(RetryClassification, RetriesServerErrorsThrottlingAndTimeoutsOnly) {
  for (long status : {500L, 502L, 503L, 504L, 429L, 408L}) {
    EXPECT_TRUE(IsRetryableHttpStatus(status)) << status;
  }
  for (long status : {200L, 206L, 400L, 401L, 403L, 404L, 416L, 501L}) {
    EXPECT_FALSE(IsRetryableHttpStatus(status)) << status;
  }
  EXPECT_TRUE(IsRetryableTransportError(7));    // CURLE_COULDNT_CONNECT
  EXPECT_TRUE(IsRetryableTransportError(28));   // CURLE_OPERATION_TIMEDOUT
  EXPECT_TRUE(IsRetryableTransportError(52));   // CURLE_GOT_NOTHING
  EXPECT_TRUE(IsRetryableTransportError(56));   // CURLE_RECV_ERROR (reset)
  EXPECT_FALSE(IsRetryableTransportError(1));   // CURLE_UNSUPPORTED_PROTOCOL
  EXPECT_FALSE(IsRetryableTransportError(60));  // CURLE_PEER_FAILED_VERIFICATION
}

TEST(BackoffDelay, GrowsExponentiallyWithJitterAndIsCapped) {
  const RetryPolicy policy{6, 0.1, 2.0, 30.0};
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 1, 0.0, std::nullopt), 0.05);
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 1, 1.0, std::nullopt), 0.1);
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 3, 0.5, std::nullopt), 0.3);
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 20, 1.0, std::nullopt), 2.0);
  // Retry-After wins when longer, bounded by max_retry_after.
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 1, 0.0, 3.0), 3.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 1, 0.0, 3600.0), 30.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(policy, 5, 1.0, 0.0), 1.6);
}

TEST(ParseRetryAfter, ReadsSecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("3", 0), 3.0);
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), 0.0);
  // Fri, 24 May 2013 00:00:10 GMT is 10 s after 1369353600.
  EXPECT_EQ(ParseRetryAfter("Fri, 24 May 2013 00:00:10 GMT", 1369353600), 10.0);
  EXPECT_EQ(ParseRetryAfter("Fri, 24 May 2013 00:00:10 GMT", 1369353700), 0.0);
  EXPECT_EQ(ParseRetryAfter("", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", 0), std::nullopt);
}

TEST(Redact, RemovesSecretAndToken) {
  const Credentials c{"AKID", "s3cr3t/Key+", "TOKEN123"};
  EXPECT_EQ(Redact("a s3cr3t/Key+ b s3cr3t/Key+ TOKEN123 AKID", c),
            "a [redacted] b [redacted] [redacted] AKID");
  EXPECT_EQ(Redact("nothing here", Credentials{"a", "", ""}), "nothing here");
}

TEST(HttpErrorStatus, MapsCodesAndNamesTheObject) {
  const Credentials c{"AKID", "topsecret", ""};
  const char kSig[] =
      "<Error><Code>SignatureDoesNotMatch</Code><Message>mismatch topsecret</Message></Error>";
  Status s = HttpErrorStatus("s3://b/k: GET", 403, kSig, 1, c);
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find("s3://b/k: GET: authentication failed"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_EQ(s.message().find("topsecret"), std::string::npos) << s.message();

  s = HttpErrorStatus("s3://b/k: GET", 403, "<Error><Code>AccessDenied</Code></Error>", 1, c);
  EXPECT_NE(s.message().find("access denied"), std::string::npos) << s.message();

  s = HttpErrorStatus("s3://nob: GET", 404,
                      "<Error><Code>NoSuchBucket</Code><Message>m</Message></Error>", 1, c);
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find("s3://nob: GET: no such bucket"), std::string::npos);

  s = HttpErrorStatus("s3://b/k: HEAD", 404, "", 1, c);
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find("no such object (HTTP 404)"), std::string::npos) << s.message();

  s = HttpErrorStatus("s3://b/k: GET", 503, "<Error><Code>SlowDown</Code></Error>", 6, c);
  EXPECT_TRUE(s.IsUnavailable());
  EXPECT_NE(s.message().find("gave up after 6 attempts"), std::string::npos) << s.message();
}

TEST(ClientOptions, RequireCredentialsAndAValidEndpoint) {
  ClientOptions o;
  EXPECT_TRUE(Client::Make(o).status().IsInvalidArgument());
  o.credentials = {"a", "b", ""};
  o.endpoint = "127.0.0.1:9000";
  EXPECT_TRUE(Client::Make(o).status().IsInvalidArgument());
  o.endpoint = "http://127.0.0.1:9000/path";
  EXPECT_TRUE(Client::Make(o).status().IsInvalidArgument());
  o.endpoint = "http://127.0.0.1:9000/";
  Result<std::shared_ptr<Client>> client = Client::Make(o);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_TRUE(*(*client)->options().path_style);  // an endpoint: path style by default
  o.endpoint.clear();
  client = Client::Make(o);
  ASSERT_TRUE(client.ok());
  EXPECT_FALSE(*(*client)->options().path_style);  // AWS: virtual-hosted
}

TEST(Client, ConnectionRefusedIsRetriedThenUnavailable) {
  ClientOptions o;
  o.credentials = {"a", "secret-value", ""};
  o.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  o.retry = {3, 0.001, 0.002, 0.01};
  Result<std::shared_ptr<Client>> client = Client::Make(o);
  ASSERT_TRUE(client.ok());
  Result<uint64_t> size = (*client)->HeadObject("bucket", "source=x/a b.parquet");
  ASSERT_FALSE(size.ok());
  EXPECT_TRUE(size.status().IsUnavailable()) << size.status().ToString();
  EXPECT_NE(size.status().message().find("s3://bucket/source=x/a b.parquet: HEAD"),
            std::string::npos)
      << size.status().message();
  EXPECT_NE(size.status().message().find("gave up after 3 attempts"), std::string::npos);
  EXPECT_EQ((*client)->stats().requests, 3u);
  EXPECT_EQ((*client)->stats().retries, 2u);
}

}  // namespace
}  // namespace ocpagg::s3
