#include "parquet/file_stats.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "common/int128.h"

namespace ocpagg::parquet {
namespace {

using columnar::ColumnBatch;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<uint8_t>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

double HalfToDouble(uint16_t h) {
  const int sign = (h >> 15) & 1;
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  double value;
  if (exponent == 0) {
    value = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    value = mantissa ? std::numeric_limits<double>::quiet_NaN()
                     : std::numeric_limits<double>::infinity();
  } else {
    value = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return sign ? -value : value;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

nlohmann::ordered_json Utf8OrNull(std::string_view s) {
  if (!IsValidUtf8(s)) return nullptr;
  return std::string(s);
}

/// Big-endian two's complement (decimal BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY) to an integer.
std::optional<Int128> BigEndianToInt128(std::string_view bytes) {
  if (bytes.empty()) return Int128{0};
  const bool negative = static_cast<uint8_t>(bytes[0]) & 0x80;
  // Leading sign-extension bytes beyond 16 are allowed.
  while (bytes.size() > 16) {
    if (static_cast<uint8_t>(bytes[0]) != (negative ? 0xff : 0x00)) return std::nullopt;
    bytes.remove_prefix(1);
  }
  UInt128 value = negative ? ~static_cast<UInt128>(0) : 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  return static_cast<Int128>(value);
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_, digest, &length);
    return Hex(std::string_view(reinterpret_cast<const char*>(digest), length));
  }

 private:
  EVP_MD_CTX* ctx_;
};

/// What one non-null value contributes to the statistics.
struct Value {
  std::string text;               // canonical text
  std::optional<Int128> integer;  // integer kinds
  std::optional<double> number;   // float kinds
  std::string_view bytes;         // byte kinds
  bool is_bytes = false;
  bool boolean = false;
};

class ColumnAccumulator {
 public:
  ColumnAccumulator(const ColumnDescriptor& column, std::string kind)
      : column_(column), kind_(std::move(kind)) {}

  Status Add(const ColumnBatch& batch);
  nlohmann::ordered_json Finish();

 private:
  Result<Value> Canonical(const ColumnBatch& batch, size_t row) const;

  const ColumnDescriptor& column_;
  const std::string kind_;
  Sha256 sha_;
  int64_t count_ = 0;
  int64_t null_count_ = 0;
  nlohmann::ordered_json head_ = nlohmann::ordered_json::array();
  std::vector<std::string> head_bytes_;  // raw bytes of the head, for head_utf8
  std::vector<bool> head_is_null_;
  std::optional<Value> min_, max_;
  std::string min_storage_, max_storage_;  // owned copies of byte minima/maxima
  Int128 integer_sum_ = 0;
  double float_sum_ = 0.0;
  int64_t nan_count_ = 0;
  int64_t true_count_ = 0;
  uint64_t total_bytes_ = 0;
};

Result<Value> ColumnAccumulator::Canonical(const ColumnBatch& batch, size_t row) const {
  Value v;
  const std::string_view raw = batch.Bytes(row);
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  switch (column_.physical_type) {
    case PhysicalType::kBoolean:
      v.boolean = p[0] != 0;
      v.text = v.boolean ? "true" : "false";
      return v;
    case PhysicalType::kInt32: {
      const int32_t x = Load<int32_t>(p);
      const bool is_unsigned = column_.annotation == Annotation::kInteger && !column_.is_signed;
      v.integer = is_unsigned ? Int128{static_cast<uint32_t>(x)} : Int128{x};
      v.text = Int128ToString(*v.integer);
      return v;
    }
    case PhysicalType::kInt64: {
      const int64_t x = Load<int64_t>(p);
      const bool is_unsigned = column_.annotation == Annotation::kInteger && !column_.is_signed;
      v.integer = is_unsigned ? Int128{static_cast<uint64_t>(x)} : Int128{x};
      v.text = Int128ToString(*v.integer);
      return v;
    }
    case PhysicalType::kInt96: {
      // Spark/Impala INT96: 8 bytes nanoseconds of the day, 4 bytes Julian day, little-endian.
      const int64_t nanos = Load<int64_t>(p);
      const int32_t julian_day = Load<int32_t>(p + 8);
      const uint64_t micros =
          static_cast<uint64_t>(int64_t{julian_day} - 2440588) * uint64_t{86400000000} +
          static_cast<uint64_t>(nanos / 1000);
      v.integer = Int128{static_cast<int64_t>(micros)};
      v.text = Int128ToString(*v.integer);
      return v;
    }
    case PhysicalType::kFloat: {
      uint32_t bits = Load<uint32_t>(p);
      float f;
      std::memcpy(&f, &bits, 4);
      if (std::isnan(f)) bits = 0x7fc00000;
      v.number = static_cast<double>(f);
      v.text = fmt::format("{:08x}", bits);
      return v;
    }
    case PhysicalType::kDouble: {
      uint64_t bits = Load<uint64_t>(p);
      double d;
      std::memcpy(&d, &bits, 8);
      if (std::isnan(d)) bits = 0x7ff8000000000000ULL;
      v.number = d;
      v.text = fmt::format("{:016x}", bits);
      return v;
    }
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (kind_ == "decimal") {
        std::optional<Int128> x = BigEndianToInt128(raw);
        if (!x) {
          return Status::NotSupported(
              fmt::format("decimal of {} bytes does not fit 128 bits", raw.size()));
        }
        v.integer = *x;
        v.text = Int128ToString(*x);
        return v;
      }
      if (kind_ == "float16") {
        uint16_t bits = Load<uint16_t>(p);
        const double d = HalfToDouble(bits);
        if (std::isnan(d)) bits = 0x7e00;
        v.number = d;
        v.text = fmt::format("{:04x}", bits);
        return v;
      }
      v.is_bytes = true;
      v.bytes = raw;
      v.text = Hex(raw);
      return v;
  }
  return v;
}

Status ColumnAccumulator::Add(const ColumnBatch& batch) {
  const bool is_float = kind_ == "float32" || kind_ == "float64" || kind_ == "float16";
  for (size_t row = 0; row < batch.length; ++row) {
    if (batch.IsNull(row)) {
      ++null_count_;
      sha_.Update("null\n");
      if (head_.size() < 5) {
        head_.push_back(nullptr);
        head_bytes_.emplace_back();
        head_is_null_.push_back(true);
      }
      continue;
    }
    ++count_;
    OCPAGG_ASSIGN_OR_RETURN(Value v, Canonical(batch, row));
    sha_.Update(v.text);
    sha_.Update("\n");
    if (head_.size() < 5) {
      head_.push_back(v.text);
      head_bytes_.emplace_back(v.bytes);
      head_is_null_.push_back(false);
    }
    if (kind_ == "bool") {
      true_count_ += v.boolean;
      continue;
    }
    if (is_float) {
      if (std::isnan(*v.number)) {
        ++nan_count_;
        continue;
      }
      float_sum_ += *v.number;
      if (!min_ || *v.number < *min_->number) min_ = v;
      if (!max_ || *max_->number < *v.number) max_ = v;
      continue;
    }
    if (v.is_bytes) {
      total_bytes_ += v.bytes.size();
      if (!min_ || v.bytes < min_->bytes) {
        min_storage_.assign(v.bytes);
        min_ = v;
        min_->bytes = min_storage_;
      }
      if (!max_ || max_->bytes < v.bytes) {
        max_storage_.assign(v.bytes);
        max_ = v;
        max_->bytes = max_storage_;
      }
      continue;
    }
    integer_sum_ += *v.integer;
    if (!min_ || *v.integer < *min_->integer) min_ = v;
    if (!max_ || *max_->integer < *v.integer) max_ = v;
  }
  return Status::OK();
}

nlohmann::ordered_json ColumnAccumulator::Finish() {
  nlohmann::ordered_json col;
  col["name"] = column_.name;
  col["canonical"] = kind_;
  col["physical_type"] = PhysicalTypeName(column_.physical_type);
  col["type_length"] = column_.physical_type == PhysicalType::kFixedLenByteArray
                           ? nlohmann::ordered_json(column_.type_length)
                           : nlohmann::ordered_json(nullptr);
  col["repetition"] = column_.optional ? "OPTIONAL" : "REQUIRED";
  const std::string logical = LogicalTypeText(column_.logical_type);
  col["logical_type"] =
      logical.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(logical);
  col["converted_type"] = column_.converted_type
                              ? nlohmann::ordered_json(ConvertedTypeName(*column_.converted_type))
                              : nlohmann::ordered_json(nullptr);
  col["count"] = count_;
  col["null_count"] = null_count_;
  if (kind_ == "bool") col["true_count"] = true_count_;
  if (min_) {
    col["min"] = min_->text;
    col["max"] = max_->text;
    if (min_->number) {
      col["min_number"] = FormatNumberLikeJs(*min_->number);
      col["max_number"] = FormatNumberLikeJs(*max_->number);
    }
    if (min_->is_bytes) {
      col["min_utf8"] = Utf8OrNull(min_->bytes);
      col["max_utf8"] = Utf8OrNull(max_->bytes);
    }
  }
  if (kind_ == "float32" || kind_ == "float64" || kind_ == "float16") {
    col["nan_count"] = nan_count_;
    col["sum_f64"] = FormatNumberLikeJs(float_sum_);
    uint64_t bits;
    std::memcpy(&bits, &float_sum_, 8);
    col["sum_f64_bits"] = fmt::format("{:016x}", bits);
  } else if (kind_ != "bool" && kind_ != "bytes") {
    col["sum"] = Int128ToString(integer_sum_);
  }
  if (kind_ == "decimal") {
    col["decimal_precision"] = column_.decimal_precision;
    col["decimal_scale"] = column_.decimal_scale;
  }
  if (kind_ == "bytes") col["total_bytes"] = std::to_string(total_bytes_);
  col["head"] = head_;
  if (kind_ == "bytes") {
    nlohmann::ordered_json head_utf8 = nlohmann::ordered_json::array();
    for (size_t i = 0; i < head_bytes_.size(); ++i) {
      head_utf8.push_back(head_is_null_[i] ? nlohmann::ordered_json(nullptr)
                                           : Utf8OrNull(head_bytes_[i]));
    }
    col["head_utf8"] = head_utf8;
  }
  col["sha256"] = sha_.HexDigest();
  return col;
}

}  // namespace

std::string CanonicalKind(const ColumnDescriptor& column) {
  const auto unit_suffix = [&](const char* prefix) {
    switch (column.unit) {
      case TimeUnit::kMillis:
        return std::string(prefix) + "_ms";
      case TimeUnit::kMicros:
        return std::string(prefix) + "_us";
      case TimeUnit::kNanos:
        return std::string(prefix) + "_ns";
    }
    return std::string(prefix);
  };
  switch (column.physical_type) {
    case PhysicalType::kBoolean:
      return "bool";
    case PhysicalType::kInt96:
      return "int96_us";
    case PhysicalType::kFloat:
      return "float32";
    case PhysicalType::kDouble:
      return "float64";
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      switch (column.annotation) {
        case Annotation::kDecimal:
          return "decimal";
        case Annotation::kDate:
          return "date";
        case Annotation::kTimestamp:
          return unit_suffix("ts");
        case Annotation::kTime:
          return unit_suffix("time");
        default:
          return "int";
      }
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (column.annotation == Annotation::kDecimal) return "decimal";
      if (column.annotation == Annotation::kFloat16 && column.type_length == 2) return "float16";
      return "bytes";
  }
  return "bytes";
}

std::string FormatNumberLikeJs(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  // Shortest round-trip digits and exponent, then ECMAScript Number::toString layout.
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string sci(buffer, result.ptr);
  const bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  const size_t e_pos = sci.find('e');
  std::string digits = sci.substr(0, e_pos);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(sci.substr(e_pos + 1));
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // position of the decimal point
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string LogicalTypeText(const LogicalType& type) {
  switch (type.kind) {
    case LogicalType::Kind::kNone:
      return "";
    case LogicalType::Kind::kString:
      return "STRING";
    case LogicalType::Kind::kMap:
      return "MAP";
    case LogicalType::Kind::kList:
      return "LIST";
    case LogicalType::Kind::kEnum:
      return "ENUM";
    case LogicalType::Kind::kDecimal:
      return fmt::format("DECIMAL({},{})", type.decimal_precision, type.decimal_scale);
    case LogicalType::Kind::kDate:
      return "DATE";
    case LogicalType::Kind::kTime:
      return fmt::format("TIME({},utc={})", TimeUnitName(type.unit),
                         type.is_adjusted_to_utc ? "True" : "False");
    case LogicalType::Kind::kTimestamp:
      return fmt::format("TIMESTAMP({},utc={})", TimeUnitName(type.unit),
                         type.is_adjusted_to_utc ? "True" : "False");
    case LogicalType::Kind::kInteger:
      return fmt::format("INTEGER({},{})", static_cast<int>(type.bit_width),
                         type.is_signed ? "signed" : "unsigned");
    case LogicalType::Kind::kUnknown:
      return "UNKNOWN";
    case LogicalType::Kind::kJson:
      return "JSON";
    case LogicalType::Kind::kBson:
      return "BSON";
    case LogicalType::Kind::kUuid:
      return "UUID";
    case LogicalType::Kind::kFloat16:
      return "FLOAT16";
    case LogicalType::Kind::kOther:
      switch (type.other_field_id) {
        case 16:
          return "VARIANT";
        case 17:
          return "GEOMETRY";
        case 18:
          return "GEOGRAPHY";
        default:
          return fmt::format("LOGICAL_TYPE_ID_{}", type.other_field_id);
      }
  }
  return "";
}

Result<nlohmann::ordered_json> ComputeFileStats(const FileReader& reader,
                                                const ReadOptions& options) {
  nlohmann::ordered_json doc;
  doc["file"] = reader.name();
  doc["size_bytes"] = reader.file_size();
  int64_t rows = 0;
  nlohmann::ordered_json row_groups = nlohmann::ordered_json::array();
  for (size_t rg = 0; rg < reader.num_row_groups(); ++rg) {
    rows += reader.row_group_num_rows(rg);
    row_groups.push_back(reader.row_group_num_rows(rg));
  }
  doc["num_rows"] = rows;
  doc["footer_num_rows"] = reader.num_rows();
  doc["row_group_num_rows"] = row_groups;
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (size_t c = 0; c < reader.schema().num_columns(); ++c) {
    const ColumnDescriptor& column = reader.schema().column(c);
    ColumnAccumulator accumulator(column, CanonicalKind(column));
    for (size_t rg = 0; rg < reader.num_row_groups(); ++rg) {
      OCPAGG_ASSIGN_OR_RETURN(columnar::ColumnBatch batch, reader.ReadColumn(rg, c, options));
      OCPAGG_RETURN_IF_ERROR(accumulator.Add(batch).WithContext(
          fmt::format("{}: row group {}, column '{}'", reader.name(), rg, column.name)));
    }
    columns.push_back(accumulator.Finish());
  }
  doc["columns"] = columns;
  return doc;
}

}  // namespace ocpagg::parquet
