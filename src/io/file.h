#pragma once

// Random-access byte sources the Parquet reader reads from.
//
//   RandomAccessFile  the interface: size + positional reads; thread-safe.
//   LocalFile         a file on the local file system (pread).
//   MemoryFile        bytes held in memory (tests, fuzzers).
//   (S3 objects implement the same interface in a later module.)
//
// A reader asks for exactly the byte ranges it needs (the footer, then the projected column
// chunks), so a remote implementation transfers only those bytes.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/buffer.h"
#include "common/result.h"

namespace ocpagg::io {

/// A byte range [offset, offset + length) of a file.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  /// The name used in error messages (a path or s3:// URI).
  virtual const std::string& name() const = 0;

  /// Total size in bytes. Cheap after the first call.
  virtual Result<uint64_t> Size() = 0;

  /// Reads exactly `length` bytes at `offset`. A range past the end of the file is an IOError
  /// naming the file and range. Safe to call from several threads at once.
  virtual Result<Buffer> ReadAt(uint64_t offset, uint64_t length) = 0;

  /// Reads several ranges; implementations may coalesce nearby ranges or issue them in
  /// parallel. The default reads them one by one. Results are in the order of `ranges`.
  virtual Result<std::vector<Buffer>> ReadRanges(const std::vector<ByteRange>& ranges);
};

/// A sequential byte sink. Writes become visible under the final name only when Close() succeeds;
/// a sink destroyed without Close() (or whose Close() failed) leaves nothing behind, so a failed
/// run never leaves a half-written file. Not thread-safe.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual const std::string& name() const = 0;
  /// Appends bytes. IOError names the file.
  virtual Status Append(std::span<const uint8_t> data) = 0;
  /// Bytes appended so far.
  virtual uint64_t position() const = 0;
  /// Flushes and publishes the file (local files: fsync-free write to a temporary name in the
  /// same folder, then rename).
  virtual Status Close() = 0;
};

/// Creates (or replaces, at Close) the local file `path`. Missing parent folders are created.
Result<std::unique_ptr<WritableFile>> OpenLocalWritable(const std::string& path);

/// A sink that collects the bytes in memory (tests); `*out` receives them at Close().
std::unique_ptr<WritableFile> MakeMemoryWritable(std::string name, std::vector<uint8_t>* out);

/// Opens a local file for reading. NotFound / IOError name the path.
Result<std::unique_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path);

/// A file whose bytes are `data` (copied). `name` appears in error messages.
std::unique_ptr<RandomAccessFile> MakeMemoryFile(std::string name, std::vector<uint8_t> data);

/// Reads a whole local file into memory (small files: configs, fixtures).
Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path);

}  // namespace ocpagg::io
