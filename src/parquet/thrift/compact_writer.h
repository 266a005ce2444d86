#pragma once

// A writer for the Thrift Compact Protocol, the encoding of Parquet's footer and page headers
// (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md). It writes
// the grammar that thrift/compact_reader.h reads:
//
//   struct        := field* stop
//   stop          := 0x00
//   field         := short-header value | long-header value
//   short-header  := (delta:4 << 4 | type:4)            used when the id is 1..15 above the
//   previous
//                                                        field id of the same struct
//   long-header   := (0:4 << 4 | type:4) zigzag-varint   otherwise (the id as an i16)
//   bool field    := header whose type is 1 (true) or 2 (false); no value bytes
//   i16, i32, i64 := zigzag varint
//   double        := 8 bytes, little-endian IEEE 754
//   binary        := varint length, bytes
//   list          := (size:4 << 4 | elem-type:4) element*             size 0..14
//                  | (0xF << 4 | elem-type:4) varint-size element*    size >= 15
//   bool element  := 1 byte: 1 true, 2 false
//
// Usage: the root struct is implicit (the writer starts inside it); Finish() writes its stop byte.
// Nested structs: BeginStructField(id) ... EndStruct(); struct list elements: BeginStruct() ...
// EndStruct(). The writer appends to a caller-owned vector and never fails; misuse (EndStruct
// without a matching Begin, nesting deeper than kMaxDepth) is a bug and is checked.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parquet/thrift/compact_reader.h"

namespace ocpagg::parquet::thrift {

/// Zigzag encoding: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...
inline uint64_t ZigzagEncode64(int64_t n) {
  return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63);
}
inline uint32_t ZigzagEncode32(int32_t n) {
  return (static_cast<uint32_t>(n) << 1) ^ static_cast<uint32_t>(n >> 31);
}

/// Appends compact-protocol values to `*out` (which must outlive the writer). Not thread-safe;
/// no allocation besides the growth of `*out`.
class CompactWriter {
 public:
  /// Maximum number of nested structs (the root included).
  static constexpr int kMaxDepth = 64;

  explicit CompactWriter(std::vector<uint8_t>* out) : out_(out) {}

  /// Writes a field header of the current struct (short form when possible).
  void FieldHeader(int16_t id, CompactType type);

  /// Fields: header and value.
  void BoolField(int16_t id, bool value);
  void ByteField(int16_t id, int8_t value);
  void I16Field(int16_t id, int16_t value);
  void I32Field(int16_t id, int32_t value);
  void I64Field(int16_t id, int64_t value);
  void DoubleField(int16_t id, double value);
  void BinaryField(int16_t id, std::string_view value);
  /// A list field's header; the caller then writes `size` elements.
  void ListField(int16_t id, CompactType element_type, uint32_t size);
  /// A struct field's header, and enters the struct (close with EndStruct()).
  void BeginStructField(int16_t id);
  /// A struct field with no fields (an empty union member such as LogicalType.STRING).
  void EmptyStructField(int16_t id);

  /// Enters a struct that is a list element (no field header).
  void BeginStruct();
  /// Writes the stop byte of the innermost open struct and leaves it.
  void EndStruct();
  /// Writes the stop byte of the implicit root struct. Every nested struct must be closed.
  void Finish();

  /// Values without a field header (list elements).
  void ListHeader(CompactType element_type, uint32_t size);
  void BoolElement(bool value) { out_->push_back(value ? 1 : 2); }
  void Byte(int8_t value) { out_->push_back(static_cast<uint8_t>(value)); }
  void I16(int16_t value) { Varint(ZigzagEncode32(value)); }
  void I32(int32_t value) { Varint(ZigzagEncode32(value)); }
  void I64(int64_t value) { Varint(ZigzagEncode64(value)); }
  void Double(double value);
  void Binary(std::string_view value);
  void Varint(uint64_t value);

 private:
  std::vector<uint8_t>* out_;
  int depth_ = 0;  // open nested structs (the root is depth 0)
  std::array<int16_t, kMaxDepth> last_field_id_{};
};

}  // namespace ocpagg::parquet::thrift
