#pragma once

// The binary COPY format (PostgreSQL docs, "COPY: Binary Format"; all integers big-endian):
//
//   stream   := header row* trailer
//   header   := "PGCOPY\n\377\r\n\0"  int32 flags(0)  int32 extension-length(0)
//   row      := int16 field-count  field*
//   field    := int32 length(-1 = NULL)  bytes[length]
//   trailer  := int16 -1
//
// Field bytes per type (the server's *_send functions):
//   int4 / int8   4 / 8 bytes two's complement
//   date          int32 days since 2000-01-01
//   uuid          the 16 bytes
//   text/varchar  the UTF-8 bytes
//   jsonb         a version byte 1, then the JSON text
//   numeric       int16 ndigits, int16 weight, int16 sign (0x0000 +, 0x4000 -), int16 dscale,
//                 then ndigits int16 base-10000 digits, most significant first, with leading
//                 and trailing zero digits stripped. weight is the power of 10000 of the first
//                 digit; the integer part is grouped in fours leftwards from the point, the
//                 fraction rightwards (zero: ndigits 0, weight 0, sign 0).
//
// CopyEncoder appends to a byte string the caller sends with Connection::CopySend.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/int128.h"
#include "common/result.h"
#include "ocp/numeric.h"
#include "ocp/summary_row.h"

namespace ocpagg::pg {

/// Appends binary COPY fields to `out`. Cheap; holds only the output pointer.
class CopyEncoder {
 public:
  explicit CopyEncoder(std::string* out) : out_(out) {}

  void Header();
  void Trailer();
  void RowStart(int16_t fields) { Int16(fields); }

  void Null() { Int32(-1); }
  void Int4(int32_t v) {
    Int32(4);
    Int32(v);
  }
  void Int8(int64_t v);
  /// `days_since_1970` is converted to PostgreSQL's epoch (2000-01-01).
  void Date(int32_t days_since_1970) {
    Int32(4);
    Int32(days_since_1970 - kPostgresEpochDays);
  }
  void Text(std::string_view text);
  void Jsonb(std::string_view json_text);
  /// A uuid given as 32 hex digits with optional dashes; false if the text is not one.
  [[nodiscard]] bool Uuid(std::string_view text);
  /// numeric with dscale 15: `scaled` is the value times 10^15 (ocp::ToNumeric15).
  void Numeric15(Int128 scaled);

  /// Days from 1970-01-01 to 2000-01-01.
  static constexpr int32_t kPostgresEpochDays = 10957;

 private:
  void Int16(int16_t v) {
    const auto u = static_cast<uint16_t>(v);
    const char b[2] = {static_cast<char>(u >> 8), static_cast<char>(u)};
    out_->append(b, 2);
  }
  void Int32(int32_t v) {
    const auto u = static_cast<uint32_t>(v);
    const char b[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                       static_cast<char>(u >> 8), static_cast<char>(u)};
    out_->append(b, 4);
  }

  std::string* out_;
};

/// Appends one summary row (every column of ocp::kSummaryColumns, in order) to `out`, numerics
/// rounded to numeric(33,15) in `dialect`. InvalidArgument names the column when a value cannot
/// be stored (a uuid that is not one, a metric beyond numeric(33,15)).
Status EncodeSummaryRow(const ocp::SummaryRow& row, ocp::Dialect dialect, std::string* out);

}  // namespace ocpagg::pg
