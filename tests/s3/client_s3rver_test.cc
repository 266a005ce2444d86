// The S3 client against the test server of scripts/with-services (s3rver behind a wrapper that
// verifies SigV4): listing more than 1,000 objects, keys that need encoding, ranged and coalesced
// reads, and the traffic counters. Fails (does not skip) without the server.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "s3/client.h"
#include "s3/s3_file.h"

namespace ocpagg::s3 {
namespace {

class S3ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bucket = std::getenv("OCPAGG_TEST_S3_BUCKET");
    if (std::getenv("S3_ENDPOINT") == nullptr || bucket == nullptr) {
      FAIL() << "S3_ENDPOINT / OCPAGG_TEST_S3_BUCKET are not set: these tests need the S3 test "
                "server of scripts/with-services; run them through scripts/test or "
                "scripts/with-services ctest --test-dir BUILD_DIR";
    }
    bucket_ = bucket;
    Result<ClientOptions> options = OptionsFromEnvironment();
    ASSERT_TRUE(options.ok()) << options.status().ToString();
    Result<std::shared_ptr<Client>> client = Client::Make(*options);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = *client;
    prefix_ = "client-test-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
  }

  std::string bucket_;
  std::string prefix_;
  std::shared_ptr<Client> client_;
};

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST_F(S3ServerTest, ListsMoreThanAThousandObjectsThroughContinuationTokens) {
  constexpr int kObjects = 1100;
  std::vector<std::thread> threads;
  std::vector<Status> status(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kObjects && status[t].ok(); i += 4) {
        const std::string key = prefix_ + "source=x/obj-" + std::to_string(10000 + i);
        status[t] = client_->PutObject(bucket_, key, Bytes(std::to_string(i)));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : status) ASSERT_TRUE(s.ok()) << s.ToString();

  const ClientStats before = client_->stats();
  Result<ListResult> listed = client_->ListObjects(bucket_, prefix_);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->objects.size(), static_cast<size_t>(kObjects));
  EXPECT_EQ(client_->stats().requests - before.requests, 2u);  // 1,000 + 100
  for (int i = 0; i < kObjects; ++i) {
    ASSERT_EQ(listed->objects[i].key, prefix_ + "source=x/obj-" + std::to_string(10000 + i));
    ASSERT_EQ(listed->objects[i].size, std::to_string(i).size());
  }

  // Smaller pages: many continuation tokens (s3rver's contain '+', '/', '=').
  ClientOptions small = client_->options();
  small.list_page_size = 70;
  Result<std::shared_ptr<Client>> paged = Client::Make(small);
  ASSERT_TRUE(paged.ok());
  listed = (*paged)->ListObjects(bucket_, prefix_);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->objects.size(), static_cast<size_t>(kObjects));
  EXPECT_EQ((*paged)->stats().requests, 16u);  // ceil(1100 / 70)

  // The same through the file system (a delimiter listing of the "folder").
  std::unique_ptr<io::FileSystem> fs = MakeS3FileSystem(client_);
  Result<std::vector<io::FileInfo>> files =
      fs->ListFiles("s3://" + bucket_ + "/" + prefix_ + "source=x");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->size(), static_cast<size_t>(kObjects));
  Result<std::vector<std::string>> dirs = fs->ListDirs("s3://" + bucket_ + "/" + prefix_);
  ASSERT_TRUE(dirs.ok());
  EXPECT_EQ(*dirs, (std::vector<std::string>{"source=x"}));
}

TEST_F(S3ServerTest, KeysWithSpacesEqualsAndUnicodeRoundTrip) {
  const std::string key = prefix_ + "year=2025/month=10/a b+c&d~é.parquet";
  const std::string body = "0123456789abcdefghij";
  ASSERT_TRUE(client_->PutObject(bucket_, key, Bytes(body)).ok());
  Result<uint64_t> size = client_->HeadObject(bucket_, key);
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, body.size());
  Result<Buffer> range = client_->GetRange(bucket_, key, 5, 4);
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(range->data()), range->size()), "5678");
  Result<ListResult> listed = client_->ListObjects(bucket_, prefix_ + "year=2025/");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->objects.size(), 1u);
  EXPECT_EQ(listed->objects[0].key, key);
}

TEST_F(S3ServerTest, ReadRangesCoalescesNearbyRangesAndFetchesOnlyThem) {
  std::string body(3 << 20, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7 + i / 4096);
  const std::string key = prefix_ + "big.bin";
  ASSERT_TRUE(client_->PutObject(bucket_, key, Bytes(body)).ok());
  Result<std::unique_ptr<io::RandomAccessFile>> file = OpenS3File(
      client_, "s3://" + bucket_ + "/" + key, body.size(), CoalesceOptions{1000, 1 << 20});
  ASSERT_TRUE(file.ok());
  // Two ranges 500 bytes apart (one request), one far away, one empty.
  const std::vector<io::ByteRange> ranges = {{100, 1000}, {1600, 400}, {2 << 20, 5000}, {10, 0}};
  const ClientStats before = client_->stats();
  Result<std::vector<Buffer>> read = (*file)->ReadRanges(ranges);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const ClientStats after = client_->stats();
  EXPECT_EQ(after.requests - before.requests, 2u);
  EXPECT_EQ(after.bytes_received - before.bytes_received, 1900u + 5000u);
  for (size_t i = 0; i < ranges.size(); ++i) {
    ASSERT_EQ((*read)[i].size(), ranges[i].length);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>((*read)[i].data()), ranges[i].length),
              body.substr(ranges[i].offset, ranges[i].length))
        << i;
  }
  // Past the end: an IOError naming the object, and no request.
  Result<Buffer> past = (*file)->ReadAt(body.size() - 1, 2);
  EXPECT_TRUE(past.status().IsIOError());
  EXPECT_EQ(client_->stats().requests, after.requests);
}

TEST_F(S3ServerTest, RetryAfterIsHonouredAndAttemptsAreBounded) {
  // A bucket whose every request gets 503 SlowDown with "Retry-After: 1".
  const std::string bucket = "slow-" + std::to_string(::getpid());
  const std::string create = "curl -sS --fail -o /dev/null -X POST '" +
                             std::string(std::getenv("OCPAGG_TEST_S3_ADMIN")) + "/buckets/" +
                             bucket + "?fail_share=1&retry_after=1'";
  ASSERT_EQ(std::system(create.c_str()), 0) << create;
  ClientOptions options = client_->options();
  options.retry = {3, 0.001, 0.002, 30.0};  // the backoff alone would wait ~3 ms
  Result<std::shared_ptr<Client>> client = Client::Make(options);
  ASSERT_TRUE(client.ok());
  const auto started = std::chrono::steady_clock::now();
  Result<uint64_t> size = (*client)->HeadObject(bucket, "k");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_FALSE(size.ok());
  EXPECT_TRUE(size.status().IsUnavailable()) << size.status().ToString();
  EXPECT_NE(size.status().message().find("HTTP 503; gave up after 3 attempts"), std::string::npos)
      << size.status().message();
  EXPECT_GE(seconds, 2.0);  // two waits of the server's Retry-After
  EXPECT_LT(seconds, 10.0);
  EXPECT_EQ((*client)->stats().requests, 3u);
  EXPECT_EQ((*client)->stats().retries, 2u);
}

TEST_F(S3ServerTest, WrongSecretIsAnAuthenticationErrorWithoutTheSecret) {
  ClientOptions wrong = client_->options();
  wrong.credentials.secret_access_key = "N0tTheS3cret";
  Result<std::shared_ptr<Client>> client = Client::Make(wrong);
  ASSERT_TRUE(client.ok());
  Result<ListResult> listed = (*client)->ListObjects(bucket_, prefix_);
  ASSERT_FALSE(listed.ok());
  EXPECT_TRUE(listed.status().IsIOError());
  EXPECT_NE(listed.status().message().find("authentication failed (HTTP 403 "
                                           "SignatureDoesNotMatch"),
            std::string::npos)
      << listed.status().message();
  EXPECT_EQ(listed.status().message().find("N0tTheS3cret"), std::string::npos);
  EXPECT_EQ((*client)->stats().requests, 1u);  // not retried
}

}  // namespace
}  // namespace ocpagg::s3
