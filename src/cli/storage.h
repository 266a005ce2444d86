#pragma once

// Where the commands read and write: the local disk, or S3 / MinIO for s3:// paths. One set of
// S3 flags for every command that takes a path (summarize --input, generate --out, parquet
// FILE), registered by AddS3Flags; OpenStorage picks the file system by the path's prefix.
// S3 settings come from the flags, else the environment (docs/s3.md):
//   --s3-endpoint URL        S3_ENDPOINT; none = AWS
//   --s3-region NAME         AWS_REGION, AWS_DEFAULT_REGION; default us-east-1
//   --s3-path-style / --s3-virtual-hosted   default: path style with an endpoint, else virtual
//   credentials              AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, or
//                            S3_ACCESS_KEY / S3_SECRET_KEY (environment only: never a flag)

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "io/file_system.h"
#include "parquet/file_reader.h"
#include "s3/client.h"

namespace ocpagg::cli {

struct S3Flags {
  std::string endpoint;
  std::string region;
  bool path_style = false;
  bool virtual_hosted = false;
};

/// Adds --s3-endpoint, --s3-region, --s3-path-style and --s3-virtual-hosted to `cmd`; the values
/// land in `*flags`, which must outlive the parse.
void AddS3Flags(CLI::App* cmd, S3Flags* flags);

/// A file system for a path: the local disk, or an S3 client for s3:// paths.
struct Storage {
  std::unique_ptr<io::FileSystem> owned;  // the S3 file system; null for the local disk
  std::shared_ptr<s3::Client> client;     // null for the local disk; shared with open files

  io::FileSystem& files() const { return owned ? *owned : io::LocalFileSystem(); }
};

/// The storage of `path`. For s3:// paths: InvalidArgument for bad flags or missing
/// credentials.
Result<Storage> OpenStorage(const std::string& path, const S3Flags& flags);

/// Whether `dir`/`name` exists (S3: found by listing `dir`, no HEAD request).
Result<bool> FileExists(const Storage& storage, const std::string& dir, const std::string& name);

/// Reads a whole small file (a config) from the local disk or S3.
Result<std::string> ReadTextFile(const std::string& path, const S3Flags& flags);

/// Opens a Parquet file on the local disk or S3.
Result<std::unique_ptr<parquet::FileReader>> OpenParquet(const std::string& path,
                                                         const S3Flags& flags);

/// One line on the S3 traffic of a run, for the final report: requests, retries, bytes fetched
/// against `object_bytes` (the sizes of the objects read). JSON when `json`.
std::string S3TrafficReport(const s3::ClientStats& stats, uint64_t object_bytes, bool json);

}  // namespace ocpagg::cli
