#pragma once

// Where files live: a small file-system interface over the local disk and object stores, so that
// the input finder (ocp/input.h) and the generator (gen/) need not know which one they use.
//
//   FileSystem          list a folder, open a file for reading or writing; paths are strings
//                       in the file system's own syntax ("/data/x" locally, "s3://bucket/key").
//   LocalFileSystem()   the local disk (std::filesystem + io::OpenLocalFile / OpenLocalWritable).
//   (s3/s3_file.h implements the interface over S3.)
//
// A "folder" of an object store is a key prefix ending in '/'; folders are listed, never created.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "io/file.h"

namespace ocpagg::io {

/// A file found by FileSystem::ListFiles.
struct FileInfo {
  std::string path;  // full path, usable with OpenRead
  uint64_t size = 0;
};

/// Implementations are safe to use from several threads at once.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  /// The files directly inside folder `dir` (not in its sub-folders), sorted by path. A folder
  /// that does not exist has no files (an empty list, not an error). IOError names the folder.
  virtual Result<std::vector<FileInfo>> ListFiles(const std::string& dir) = 0;

  /// The names (not paths) of the sub-folders directly inside `dir`, sorted. Empty when `dir`
  /// does not exist.
  virtual Result<std::vector<std::string>> ListDirs(const std::string& dir) = 0;

  /// Whether `dir` is a folder holding at least one entry (object stores) or exists (local).
  virtual Result<bool> DirExists(const std::string& dir) = 0;

  /// Opens `path` for reading. `size`, when known from a listing, spares a metadata request.
  /// NotFound names the path.
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path,
                                                             std::optional<uint64_t> size) = 0;

  /// Creates (or replaces, at Close) `path`; see WritableFile for when the bytes become visible.
  virtual Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) = 0;
};

/// The local file system. Stateless; lives for the whole program.
FileSystem& LocalFileSystem();

/// `dir` + "/" + `name`, without doubling a trailing '/' of `dir`.
std::string JoinPath(const std::string& dir, const std::string& name);

/// Reads a whole (small) file of `fs` into memory: configs, fixtures.
Result<std::vector<uint8_t>> ReadWholeFile(FileSystem& fs, const std::string& path);

}  // namespace ocpagg::io
