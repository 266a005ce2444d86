#pragma once

// Columnar batches: what the Parquet reader produces and the summary engine consumes.
//
// A ColumnBatch holds `length` values of one column in one of three layouts:
//   fixed width   `fixed` holds `width` bytes per row (bool = 1 byte 0/1, INT32/FLOAT = 4,
//                 INT64/DOUBLE = 8, INT96 = 12, FIXED_LEN_BYTE_ARRAY = type length);
//   byte arrays   `strings` holds one view per row;
//   dictionary    `indices` holds one index per row into `dictionary`, itself a batch without
//                 nulls in the fixed-width or byte-array layout. Consumers can group on indices
//                 without looking at the values.
// Null rows have valid[i] == 0 and a zero value / empty view / index 0. `valid` is empty when the
// batch has no nulls.
//
// Lifetime: string views point into page or dictionary memory that the batch co-owns through
// `keep_alive`, so a batch (and copies of its views) stay valid as long as the batch lives.

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "common/buffer.h"
#include "common/check.h"

namespace ocpagg::columnar {

/// How values are stored (the Parquet physical type, minus its meaning).
enum class Storage : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kInt96,
  kFloat,
  kDouble,
  kByteArray,
  kFixedLenByteArray,
};

struct ColumnBatch {
  Storage storage = Storage::kInt32;
  size_t width = 0;  // bytes per value in `fixed` (0 for kByteArray)
  size_t length = 0;
  size_t null_count = 0;
  std::vector<uint8_t> valid;  // empty, or one byte per row (1 = value present)

  Buffer fixed;                           // fixed-width layout
  std::vector<std::string_view> strings;  // byte-array layout
  std::vector<uint32_t> indices;          // dictionary layout
  // The dictionary of the dictionary layout (shared by every batch of one column chunk, hence
  // shared_ptr).
  std::shared_ptr<const ColumnBatch> dictionary;

  // Page and dictionary memory that `strings` point into (shared with the dictionary batch).
  std::vector<std::shared_ptr<const Buffer>> keep_alive;

  bool is_dictionary() const { return dictionary != nullptr; }
  bool IsNull(size_t row) const { return !valid.empty() && valid[row] == 0; }

  /// Typed view of the fixed-width layout; T must match `width`.
  template <typename T>
  std::span<const T> values() const {
    OCPAGG_DCHECK(sizeof(T) == width);
    return {reinterpret_cast<const T*>(fixed.data()), length};
  }
  template <typename T>
  std::span<T> mutable_values() {
    OCPAGG_DCHECK(sizeof(T) == width);
    return {reinterpret_cast<T*>(fixed.data()), length};
  }

  /// The bytes of row `row` in the fixed-width layout.
  std::span<const uint8_t> FixedBytes(size_t row) const {
    return {fixed.data() + row * width, width};
  }

  /// The value of row `row` as bytes, whatever the layout: a view into a string, a fixed-width
  /// slot or the dictionary entry.
  std::string_view Bytes(size_t row) const {
    if (dictionary) return dictionary->Bytes(indices[row]);
    if (storage == Storage::kByteArray) return strings[row];
    return {reinterpret_cast<const char*>(fixed.data() + row * width), width};
  }
};

/// Bytes per value of a fixed-width storage (type_length for kFixedLenByteArray, 0 for
/// kByteArray).
size_t StorageWidth(Storage storage, size_t type_length);

}  // namespace ocpagg::columnar
