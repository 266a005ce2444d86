#include "io/file_system.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ocpagg::io {
namespace {

namespace fs = std::filesystem;

TEST(LocalFileSystem, ListsFilesAndFoldersSortedAndReadsThem) {
  const fs::path dir = fs::temp_directory_path() / ("ocpagg-fs-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "b=2");
  fs::create_directories(dir / "a=1");
  std::ofstream(dir / "z.parquet") << "zz";
  std::ofstream(dir / "x.parquet") << "xxxx";
  FileSystem& local = LocalFileSystem();

  Result<std::vector<FileInfo>> files = local.ListFiles(dir.string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, (dir / "x.parquet").string());
  EXPECT_EQ((*files)[0].size, 4u);
  EXPECT_EQ((*files)[1].path, (dir / "z.parquet").string());
  Result<std::vector<std::string>> dirs = local.ListDirs(dir.string());
  ASSERT_TRUE(dirs.ok());
  EXPECT_EQ(*dirs, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_TRUE(*local.DirExists(dir.string()));
  EXPECT_FALSE(*local.DirExists((dir / "missing").string()));
  // A missing folder has no files, and is not an error.
  files = local.ListFiles((dir / "missing").string());
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());

  Result<std::unique_ptr<WritableFile>> out = local.OpenWrite((dir / "new/c.txt").string());
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(
      (*out)->Append(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("abc"), 3)).ok());
  ASSERT_TRUE((*out)->Close().ok());
  Result<std::vector<uint8_t>> bytes = ReadWholeFile(local, (dir / "new/c.txt").string());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(std::string(bytes->begin(), bytes->end()), "abc");
  EXPECT_TRUE(local.OpenRead((dir / "nope").string(), std::nullopt).status().IsNotFound());
  fs::remove_all(dir);
}

TEST(JoinPath, AddsOneSlash) {
  EXPECT_EQ(JoinPath("s3://b/p", "data"), "s3://b/p/data");
  EXPECT_EQ(JoinPath("s3://b/", "data"), "s3://b/data");
  EXPECT_EQ(JoinPath("", "data"), "data");
  EXPECT_EQ(JoinPath("/tmp", "x"), "/tmp/x");
}

}  // namespace
}  // namespace ocpagg::io
