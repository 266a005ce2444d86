#include "s3/s3_file.h"

#include <gtest/gtest.h>

namespace ocpagg::s3 {
namespace {

TEST(ParseS3Path, SplitsBucketAndKey) {
  Result<S3Path> p = ParseS3Path("s3://bucket/data/source=x/a.parquet");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->bucket, "bucket");
  EXPECT_EQ(p->key, "data/source=x/a.parquet");
  p = ParseS3Path("s3://bucket");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->key, "");
  EXPECT_TRUE(ParseS3Path("s3:///key").status().IsInvalidArgument());
  EXPECT_TRUE(ParseS3Path("/local/path").status().IsInvalidArgument());
  EXPECT_TRUE(IsS3Path("s3://b"));
  EXPECT_FALSE(IsS3Path("S3://b"));
}

TEST(CoalesceRanges, MergesRangesSeparatedBySmallHoles) {
  const CoalesceOptions options{100, 1000};
  // Out of order; 0 and 2 are 50 bytes apart, 1 is far away, 3 is empty.
  const std::vector<io::ByteRange> ranges = {{0, 100}, {1000, 10}, {150, 50}, {500, 0}};
  const std::vector<MergedRange> merged = CoalesceRanges(ranges, options);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].range.offset, 0u);
  EXPECT_EQ(merged[0].range.length, 200u);
  EXPECT_EQ(merged[0].parts, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(merged[1].range.offset, 1000u);
  EXPECT_EQ(merged[1].range.length, 10u);
  EXPECT_EQ(merged[1].parts, (std::vector<size_t>{1}));
}

TEST(CoalesceRanges, StopsGrowingAtMaxMergedAndHandlesOverlaps) {
  const CoalesceOptions options{100, 250};
  const std::vector<io::ByteRange> ranges = {{0, 100}, {100, 100}, {200, 100}, {250, 10}};
  const std::vector<MergedRange> merged = CoalesceRanges(ranges, options);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].range.length, 200u);
  EXPECT_EQ(merged[1].range.offset, 200u);
  EXPECT_EQ(merged[1].range.length, 100u);  // [250, 260) lies inside [200, 300)
  EXPECT_EQ(merged[1].parts, (std::vector<size_t>{2, 3}));
  // A range bigger than max_merged stays whole.
  EXPECT_EQ(CoalesceRanges({{0, 1000}}, options).size(), 1u);
}

TEST(OpenS3File, RejectsFolderPaths) {
  ClientOptions o;
  o.credentials = {"a", "b", ""};
  o.endpoint = "http://127.0.0.1:1";
  auto client = Client::Make(o);
  ASSERT_TRUE(client.ok());
  EXPECT_TRUE(OpenS3File(*client, "s3://b/dir/", 10).status().IsInvalidArgument());
  EXPECT_TRUE(OpenS3Writable(*client, "s3://b").status().IsInvalidArgument());
  // Reads past the listed size fail before any request.
  auto file = OpenS3File(*client, "s3://b/k", 10);
  ASSERT_TRUE(file.ok());
  Result<Buffer> read = (*file)->ReadAt(5, 10);
  EXPECT_TRUE(read.status().IsIOError());
  EXPECT_NE(read.status().message().find("s3://b/k: read of 10 bytes at offset 5"),
            std::string::npos);
}

}  // namespace
}  // namespace ocpagg::s3
