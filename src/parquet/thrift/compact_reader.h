#pragma once

// A bounded reader for the Thrift Compact Protocol, the encoding of Parquet's footer and page
// headers (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md).
//
// Grammar (all multi-byte integers are ULEB128 varints; signed ones are zigzag-encoded first):
//
//   struct        := field* stop
//   stop          := 0x00
//   field         := short-header value | long-header value
//   short-header  := (delta:4 << 4 | type:4)           delta 1..15 added to the previous field id
//   long-header   := (0:4 << 4 | type:4) zigzag-varint  the field id as an i16
//   type          := 1 BOOL_TRUE | 2 BOOL_FALSE | 3 BYTE | 4 I16 | 5 I32 | 6 I64 | 7 DOUBLE
//                  | 8 BINARY | 9 LIST | 10 SET | 11 MAP | 12 STRUCT
//   bool field    := (no value bytes: the value is the header's type, 1 true or 2 false)
//   byte          := 1 raw byte
//   i16, i32, i64 := zigzag varint (at most 10 bytes)
//   double        := 8 bytes, little-endian IEEE 754
//   binary        := varint length, then that many bytes (strings are UTF-8 binaries)
//   list, set     := (size:4 << 4 | elem-type:4) element*              size 0..14
//                  | (0xF << 4 | elem-type:4) varint-size element*     any size
//   map           := 0x00 | varint-size (key-type:4 << 4 | value-type:4) (key value)*
//   bool element  := 1 byte: 1 true, 0 or 2 false (inside lists, sets and maps)
//
// The input is untrusted. Every read is bounds-checked; a list, set, map or binary whose declared
// size cannot fit in the remaining bytes is rejected before anything is allocated or looped over
// (every element takes at least one byte); struct nesting is limited to kMaxDepth. Errors are
// Corruption statuses whose message names the rule broken ("varint longer than 10 bytes", "list
// of 4000000000 elements exceeds the 12 remaining bytes"); callers add the struct and field.
//
// The reader never allocates: binaries are returned as views into the input.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ocpagg::parquet::thrift {

/// Compact-protocol type codes (the low nibble of a field header or list header).
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

/// "i32", "binary", "struct", ... for messages; "type(<n>)" for values outside the enum.
std::string CompactTypeName(CompactType type);

/// A decoded field header. For bool fields the value is carried by `type` (kBoolTrue/kBoolFalse).
struct FieldHeader {
  int16_t id = 0;
  CompactType type = CompactType::kStop;

  bool is_stop() const { return type == CompactType::kStop; }
  bool is_bool() const { return type == CompactType::kBoolTrue || type == CompactType::kBoolFalse; }
};

/// A decoded list or set header. `size` is checked against the remaining bytes.
struct ListHeader {
  CompactType element_type = CompactType::kStop;
  uint32_t size = 0;
};

/// A decoded map header. `size` is checked against the remaining bytes; key and value types are
/// kStop when the map is empty (the compact protocol omits them).
struct MapHeader {
  CompactType key_type = CompactType::kStop;
  CompactType value_type = CompactType::kStop;
  uint32_t size = 0;
};

/// Reads compact-protocol values from a byte span, front to back. The span must outlive the
/// reader and every view it returns. Not thread-safe; cheap to construct (no allocation).
///
/// Structs are read with BeginStruct(), ReadFieldHeader() until is_stop(), then EndStruct();
/// the reader keeps the previous field id of each open struct for short-form headers.
/// Every method returns Corruption on malformed or truncated input and leaves the reader in an
/// unspecified position afterwards.
class CompactReader {
 public:
  /// Maximum number of nested structs, lists, sets and maps open at once.
  static constexpr int kMaxDepth = 64;

  explicit CompactReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  /// Bytes consumed so far.
  size_t position() const { return pos_; }
  /// Bytes left to read.
  size_t remaining() const { return bytes_.size() - pos_; }
  /// Current nesting depth (open structs plus containers being skipped).
  int depth() const { return depth_; }

  /// Enters a struct: the next field header is read relative to field id 0.
  /// Corruption when more than kMaxDepth levels are open.
  Status BeginStruct();
  /// Leaves the struct entered by the matching BeginStruct() (checked).
  void EndStruct();

  /// Reads a field header of the current struct. A stop byte yields is_stop().
  /// Corruption for an unknown type code or a field id outside the i16 range.
  Status ReadFieldHeader(FieldHeader* field);

  /// Reads a list or set header. Corruption for an unknown element type or a size that cannot
  /// fit in the remaining bytes.
  Status ReadListHeader(ListHeader* header);
  /// Reads a map header (same checks as ReadListHeader, two bytes per entry at least).
  Status ReadMapHeader(MapHeader* header);

  /// Reads a bool list/set/map element (one byte).
  Status ReadBoolElement(bool* value);
  Status ReadByte(int8_t* value);
  Status ReadI16(int16_t* value);
  Status ReadI32(int32_t* value);
  Status ReadI64(int64_t* value);
  Status ReadDouble(double* value);
  /// Reads a binary or string; `*value` views the input. Corruption when the length is
  /// negative (as an i32) or exceeds the remaining bytes.
  Status ReadBinary(std::string_view* value);

  /// Reads an unsigned varint of at most 10 bytes. Corruption when truncated, longer than 10
  /// bytes, or overflowing 64 bits.
  Status ReadVarint(uint64_t* value);

  /// Skips one value of `type` (for a field: pass the header's type; bool fields have no value
  /// bytes). Nested values are skipped recursively up to kMaxDepth levels.
  Status Skip(CompactType type);

 private:
  /// Skips a value whose bool, if any, is a one-byte element (inside a container).
  Status SkipElement(CompactType type);
  Status SkipValue(CompactType type, bool is_element);
  Status Truncated(std::string_view what, size_t needed) const;
  Status EnterContainer();

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  int depth_ = 0;
  int struct_depth_ = 0;
  std::array<int16_t, kMaxDepth + 1> last_field_id_{};
};

/// Zigzag decoding: 0 -> 0, 1 -> -1, 2 -> 1, 3 -> -2, ...
inline int64_t ZigzagDecode64(uint64_t n) {
  return static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1);
}
inline int32_t ZigzagDecode32(uint32_t n) {
  return static_cast<int32_t>(n >> 1) ^ -static_cast<int32_t>(n & 1);
}

}  // namespace ocpagg::parquet::thrift
