#pragma once

// S3 objects as io::RandomAccessFile / io::WritableFile, and S3 as an io::FileSystem, so that
// the Parquet reader, the input finder and the generator work on s3:// paths unchanged.
//
//   S3 object reads    Size from the listing (or one HEAD); ReadAt = one ranged GET;
//                      ReadRanges (the column chunks of a row group, parquet/file_reader.h)
//                      merges ranges separated by less than CoalesceOptions::hole_limit, then
//                      fetches the merged ranges with several requests in flight.
//   S3 object writes   bytes buffered in memory, stored by one PUT at Close(): nothing is
//                      visible before Close() succeeds, as with local files.
//   S3 file system     "folders" are key prefixes: ListFiles lists with delimiter '/'.
//
// Paths are "s3://bucket/key". Every error names the s3:// path.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "io/file.h"
#include "io/file_system.h"
#include "s3/client.h"

namespace ocpagg::s3 {

/// True for "s3://...".
bool IsS3Path(std::string_view path);

struct S3Path {
  std::string bucket;
  std::string key;  // may be empty (the bucket itself)
};

/// Splits "s3://bucket/key". InvalidArgument for anything else or an empty bucket.
Result<S3Path> ParseS3Path(std::string_view path);

/// How ReadRanges merges nearby ranges.
struct CoalesceOptions {
  /// Ranges closer than this are fetched as one (the hole is downloaded and dropped).
  uint64_t hole_limit = 64 << 10;
  /// A merged range stops growing at this size, so that big reads still go out in parallel.
  uint64_t max_merged = 16 << 20;
};

/// A merged range and the input ranges (indices) it covers.
struct MergedRange {
  io::ByteRange range;
  std::vector<size_t> parts;
};

/// Merges `ranges` (any order, may overlap; empty ones are left out) by `options`. Pure.
std::vector<MergedRange> CoalesceRanges(const std::vector<io::ByteRange>& ranges,
                                        const CoalesceOptions& options);

/// An S3 object for reading. `size` from a listing spares a HEAD request. The client is shared
/// by every file and the file system that opened them.
Result<std::unique_ptr<io::RandomAccessFile>> OpenS3File(std::shared_ptr<Client> client,
                                                         const std::string& path,
                                                         std::optional<uint64_t> size,
                                                         const CoalesceOptions& options = {});

/// An S3 object for writing (one PUT at Close).
Result<std::unique_ptr<io::WritableFile>> OpenS3Writable(std::shared_ptr<Client> client,
                                                         const std::string& path);

/// S3 as a file system: paths must be s3:// paths (InvalidArgument otherwise).
std::unique_ptr<io::FileSystem> MakeS3FileSystem(std::shared_ptr<Client> client,
                                                 const CoalesceOptions& options = {});

}  // namespace ocpagg::s3
