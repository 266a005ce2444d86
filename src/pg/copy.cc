#include "pg/copy.h"

#include <fmt/format.h>

namespace ocpagg::pg {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr uint64_t kScale = 1'000'000'000'000'000ULL;  // 10^15

}  // namespace

void CopyEncoder::Header() {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // + the terminating '\0'
  out_->append(kSignature, sizeof(kSignature));             // 11 bytes
  Int32(0);                                                 // flags: no OIDs
  Int32(0);                                                 // header extension length
}

void CopyEncoder::Trailer() { Int16(-1); }

void CopyEncoder::Int8(int64_t v) {
  Int32(8);
  const auto u = static_cast<uint64_t>(v);
  Int32(static_cast<int32_t>(static_cast<uint32_t>(u >> 32)));
  Int32(static_cast<int32_t>(static_cast<uint32_t>(u)));
}

void CopyEncoder::Text(std::string_view text) {
  Int32(static_cast<int32_t>(text.size()));
  out_->append(text);
}

void CopyEncoder::Jsonb(std::string_view json_text) {
  Int32(static_cast<int32_t>(json_text.size() + 1));
  out_->push_back('\1');  // jsonb binary format version
  out_->append(json_text);
}

bool CopyEncoder::Uuid(std::string_view text) {
  char bytes[16];
  size_t n = 0;
  int high = -1;
  for (char c : text) {
    if (c == '-') continue;
    const int v = HexValue(c);
    if (v < 0 || n == 16) return false;
    if (high < 0) {
      high = v;
    } else {
      bytes[n++] = static_cast<char>((high << 4) | v);
      high = -1;
    }
  }
  if (n != 16 || high >= 0) return false;
  Int32(16);
  out_->append(bytes, 16);
  return true;
}

void CopyEncoder::Numeric15(Int128 scaled) {
  constexpr int16_t kDscale = 15;
  if (scaled == 0) {
    Int32(8);
    Int16(0);  // ndigits
    Int16(0);  // weight
    Int16(0);  // sign
    Int16(kDscale);
    return;
  }
  const bool negative = scaled < 0;
  const UInt128 magnitude =
      negative ? UInt128(0) - static_cast<UInt128>(scaled) : static_cast<UInt128>(scaled);
  UInt128 integer = magnitude / kScale;
  // 15 fraction digits, padded to 16 = four base-10000 digits.
  uint64_t fraction = static_cast<uint64_t>(magnitude % kScale) * 10;

  uint16_t digits[16];  // up to 8 integer + 4 fraction base-10000 digits for any Int128
  int nint = 0;
  uint16_t int_rev[12];
  while (integer > 0) {
    int_rev[nint++] = static_cast<uint16_t>(static_cast<uint64_t>(integer % 10000));
    integer /= 10000;
  }
  int n = 0;
  for (int i = nint - 1; i >= 0; --i) digits[n++] = int_rev[i];
  for (int i = 3; i >= 0; --i) {
    digits[n + i] = static_cast<uint16_t>(fraction % 10000);
    fraction /= 10000;
  }
  n += 4;
  int weight = nint - 1;
  int first = 0;
  while (first < n && digits[first] == 0) {
    ++first;
    --weight;
  }
  while (n > first && digits[n - 1] == 0) --n;
  const int ndigits = n - first;
  Int32(8 + 2 * ndigits);
  Int16(static_cast<int16_t>(ndigits));
  Int16(static_cast<int16_t>(weight));
  Int16(negative ? static_cast<int16_t>(0x4000) : 0);
  Int16(kDscale);
  for (int i = first; i < n; ++i) Int16(static_cast<int16_t>(digits[i]));
}

Status EncodeSummaryRow(const ocp::SummaryRow& row, ocp::Dialect dialect, std::string* out) {
  CopyEncoder e(out);
  e.RowStart(static_cast<int16_t>(ocp::kSummaryColumns.size()));
  for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
    const ocp::Cell cell = ocp::GetCell(row, c);
    const ocp::ColumnType type = ocp::kSummaryColumns[c].type;
    switch (cell.kind) {
      case ocp::Cell::Kind::kNull:
        e.Null();
        break;
      case ocp::Cell::Kind::kText:
        if (type == ocp::ColumnType::kUuid) {
          if (!e.Uuid(cell.text)) {
            return Status::InvalidArgument(fmt::format("column {}: '{}' is not a uuid",
                                                       ocp::kSummaryColumns[c].name, cell.text));
          }
        } else if (type == ocp::ColumnType::kJsonb) {
          e.Jsonb(cell.text);
        } else {
          e.Text(cell.text);
        }
        break;
      case ocp::Cell::Kind::kInteger:
        if (cell.integer < INT32_MIN || cell.integer > INT32_MAX) {
          return Status::InvalidArgument(fmt::format("column {}: {} does not fit integer",
                                                     ocp::kSummaryColumns[c].name, cell.integer));
        }
        e.Int4(static_cast<int32_t>(cell.integer));
        break;
      case ocp::Cell::Kind::kDate:
        e.Date(static_cast<int32_t>(cell.integer));
        break;
      case ocp::Cell::Kind::kDouble: {
        const std::optional<Int128> scaled = ocp::ToNumeric15(cell.number, dialect);
        if (!scaled) {
          return Status::InvalidArgument(
              fmt::format("column {}: value {} does not fit numeric(33,15)",
                          ocp::kSummaryColumns[c].name, cell.number));
        }
        e.Numeric15(*scaled);
        break;
      }
    }
  }
  return Status::OK();
}

}  // namespace ocpagg::pg
