#pragma once

// Decoding the pages of one column chunk into a ColumnBatch (used by FileReader only).

#include <cstdint>
#include <memory>

#include "columnar/column.h"
#include "common/buffer.h"
#include "common/result.h"
#include "parquet/file_reader.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace ocpagg::parquet::internal {

/// Largest uncompressed page and largest decoded column chunk we allocate for. Larger values in
/// a page header or footer are treated as corruption (a legitimate writer never needs them; a
/// forged header must not make us allocate gigabytes).
inline constexpr uint64_t kMaxPageBytes = uint64_t{1} << 30;
inline constexpr uint64_t kMaxChunkDecodedBytes = uint64_t{4} << 30;

/// Decodes the chunk whose bytes are `chunk` (starting at its first page) into a batch of
/// `num_rows` rows of `column`. Errors carry the page index and offset inside the chunk; the
/// caller adds the file, row group and column.
Result<columnar::ColumnBatch> DecodeColumnChunk(const ColumnDescriptor& column,
                                                const ColumnMetaData& meta, int64_t num_rows,
                                                std::shared_ptr<const Buffer> chunk,
                                                const ReadOptions& options);

/// The storage used for a physical type.
columnar::Storage StorageOf(PhysicalType type);

}  // namespace ocpagg::parquet::internal
