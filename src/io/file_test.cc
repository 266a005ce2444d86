#include "io/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

namespace ocpagg::io {
namespace {

TEST(LocalFile, ReadsRangesAndRejectsReadsPastTheEnd) {
  std::string path = ::testing::TempDir() + "/ocpagg_file_test.bin";
  {
    std::ofstream out(path, std::ios::binary);
    out << "0123456789";
  }
  auto file = OpenLocalFile(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(*(*file)->Size(), 10u);
  auto bytes = (*file)->ReadAt(3, 4);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), 4), "3456");
  auto past = (*file)->ReadAt(8, 3);
  ASSERT_FALSE(past.ok());
  EXPECT_TRUE(past.status().IsIOError());
  EXPECT_NE(past.status().message().find(path), std::string::npos);
  auto ranges = (*file)->ReadRanges({{0, 2}, {8, 2}});
  ASSERT_TRUE(ranges.ok());
  EXPECT_EQ((*ranges)[1].data()[0], '8');
  std::remove(path.c_str());
}

TEST(LocalFile, MissingFileIsNotFound) {
  auto file = OpenLocalFile("/nonexistent/ocpagg.parquet");
  ASSERT_FALSE(file.ok());
  EXPECT_TRUE(file.status().IsNotFound());
  EXPECT_NE(file.status().message().find("/nonexistent/ocpagg.parquet"), std::string::npos);
}

TEST(MemoryFile, ReadsAndBoundsChecks) {
  auto file = MakeMemoryFile("mem", {1, 2, 3});
  EXPECT_EQ((*file->ReadAt(1, 2)).data()[1], 3);
  EXPECT_FALSE(file->ReadAt(2, 2).ok());
  EXPECT_FALSE(file->ReadAt(UINT64_MAX, 1).ok());
}

}  // namespace
}  // namespace ocpagg::io

namespace ocpagg::io {
namespace {

TEST(LocalWritable, PublishesOnlyOnClose) {
  std::string path = ::testing::TempDir() + "/ocpagg_writable/sub/out.bin";
  std::remove(path.c_str());
  {
    auto file = OpenLocalWritable(path);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    const uint8_t bytes[] = {1, 2, 3};
    ASSERT_TRUE((*file)->Append(bytes).ok());
    EXPECT_EQ((*file)->position(), 3u);
    // Destroyed without Close(): nothing is left under the final name.
  }
  EXPECT_FALSE(OpenLocalFile(path).ok());
  auto file = OpenLocalWritable(path);
  ASSERT_TRUE(file.ok());
  const uint8_t bytes[] = {4, 5};
  ASSERT_TRUE((*file)->Append(bytes).ok());
  ASSERT_TRUE((*file)->Close().ok());
  auto read = ReadWholeFile(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, (std::vector<uint8_t>{4, 5}));
}

}  // namespace
}  // namespace ocpagg::io

namespace ocpagg::io {
namespace {

// Regression: `--output csv:/dev/null` once renamed a temporary file over /dev/null, turning the
// device into a regular file for the whole machine.
TEST(LocalWritable, WritesDevicesInPlace) {
  auto file = OpenLocalWritable("/dev/null");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const uint8_t bytes[] = {1, 2, 3};
  ASSERT_TRUE((*file)->Append(bytes).ok());
  ASSERT_TRUE((*file)->Close().ok());
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

}  // namespace
}  // namespace ocpagg::io
