#pragma once

// `ocpagg parquet inspect|cat|stats`: looking inside one Parquet file.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/storage.h"
#include "common/status.h"

namespace ocpagg::cli {

/// Prints the schema, row groups, per-chunk codec, encodings, sizes and statistics.
Status RunParquetInspect(const std::string& path, std::FILE* out, const S3Flags& s3 = {});

/// Prints rows as CSV with a header; `columns` empty = all; `limit` < 0 = all rows.
Status RunParquetCat(const std::string& path, const std::vector<std::string>& columns,
                     int64_t limit, std::FILE* out, const S3Flags& s3 = {});

/// Prints the per-column statistics document (parquet/file_stats.h) as JSON.
Status RunParquetStats(const std::string& path, bool verify_crc, std::FILE* out,
                       const S3Flags& s3 = {});

}  // namespace ocpagg::cli
