#include "parquet/thrift/compact_reader.h"

#include <fmt/format.h>

#include <bit>
#include <limits>

#include "common/check.h"

namespace ocpagg::parquet::thrift {
namespace {

constexpr size_t kMaxVarintBytes = 10;

bool IsValueType(uint8_t code) {
  return code >= static_cast<uint8_t>(CompactType::kBoolTrue) &&
         code <= static_cast<uint8_t>(CompactType::kStruct);
}

// The fewest bytes one element of `type` can take inside a container: a double is always 8 bytes,
// every other value (including an empty struct's stop byte and a bool element) at least 1.
size_t MinElementBytes(CompactType type) { return type == CompactType::kDouble ? 8 : 1; }

}  // namespace

std::string CompactTypeName(CompactType type) {
  switch (type) {
    case CompactType::kStop:
      return "stop";
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return "bool";
    case CompactType::kByte:
      return "byte";
    case CompactType::kI16:
      return "i16";
    case CompactType::kI32:
      return "i32";
    case CompactType::kI64:
      return "i64";
    case CompactType::kDouble:
      return "double";
    case CompactType::kBinary:
      return "binary";
    case CompactType::kList:
      return "list";
    case CompactType::kSet:
      return "set";
    case CompactType::kMap:
      return "map";
    case CompactType::kStruct:
      return "struct";
  }
  return fmt::format("type({})", static_cast<int>(type));
}

Status CompactReader::Truncated(std::string_view what, size_t needed) const {
  return Status::Corruption(fmt::format("{} needs {} bytes but only {} remain at offset {}", what,
                                        needed, remaining(), pos_));
}

Status CompactReader::BeginStruct() {
  if (depth_ >= kMaxDepth) {
    return Status::Corruption(
        fmt::format("nesting deeper than {} levels at offset {}", kMaxDepth, pos_));
  }
  ++depth_;
  ++struct_depth_;
  last_field_id_[static_cast<size_t>(struct_depth_)] = 0;
  return Status::OK();
}

void CompactReader::EndStruct() {
  OCPAGG_CHECK(struct_depth_ > 0);
  --struct_depth_;
  --depth_;
}

Status CompactReader::EnterContainer() {
  if (depth_ >= kMaxDepth) {
    return Status::Corruption(
        fmt::format("nesting deeper than {} levels at offset {}", kMaxDepth, pos_));
  }
  ++depth_;
  return Status::OK();
}

Status CompactReader::ReadVarint(uint64_t* value) {
  uint64_t result = 0;
  const size_t start = pos_;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (pos_ >= bytes_.size()) {
      return Status::Corruption(
          fmt::format("varint truncated at offset {} after {} bytes", start, pos_ - start));
    }
    const uint8_t byte = bytes_[pos_++];
    if (i == kMaxVarintBytes - 1 && (byte & 0x7F) > 1) {
      return Status::Corruption(fmt::format("varint at offset {} overflows 64 bits", start));
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      return Status::OK();
    }
  }
  return Status::Corruption(
      fmt::format("varint at offset {} is longer than {} bytes", start, kMaxVarintBytes));
}

Status CompactReader::ReadFieldHeader(FieldHeader* field) {
  OCPAGG_CHECK(struct_depth_ > 0);
  if (pos_ >= bytes_.size()) return Truncated("field header", 1);
  const size_t start = pos_;
  const uint8_t byte = bytes_[pos_++];
  const uint8_t type = byte & 0x0F;
  if (type == static_cast<uint8_t>(CompactType::kStop)) {
    if (byte != 0) {
      return Status::Corruption(
          fmt::format("field header 0x{:02x} at offset {} has type stop", byte, start));
    }
    field->id = 0;
    field->type = CompactType::kStop;
    return Status::OK();
  }
  if (!IsValueType(type)) {
    return Status::Corruption(
        fmt::format("field header at offset {} has unknown type code {}", start, type));
  }
  int16_t& last_id = last_field_id_[static_cast<size_t>(struct_depth_)];
  const int delta = byte >> 4;
  int32_t id = 0;
  if (delta != 0) {
    id = last_id + delta;
    if (id > std::numeric_limits<int16_t>::max()) {
      return Status::Corruption(
          fmt::format("field id {} at offset {} exceeds the i16 range", id, start));
    }
  } else {
    int16_t long_id = 0;
    OCPAGG_RETURN_IF_ERROR(ReadI16(&long_id));
    id = long_id;
  }
  last_id = static_cast<int16_t>(id);
  field->id = static_cast<int16_t>(id);
  field->type = static_cast<CompactType>(type);
  return Status::OK();
}

Status CompactReader::ReadListHeader(ListHeader* header) {
  if (pos_ >= bytes_.size()) return Truncated("list header", 1);
  const size_t start = pos_;
  const uint8_t byte = bytes_[pos_++];
  const uint8_t type = byte & 0x0F;
  if (!IsValueType(type)) {
    return Status::Corruption(
        fmt::format("list header at offset {} has unknown element type code {}", start, type));
  }
  uint64_t size = byte >> 4;
  if (size == 15) {
    OCPAGG_RETURN_IF_ERROR(ReadVarint(&size));
  }
  const auto element_type = static_cast<CompactType>(type);
  // Checked by division so that a huge size cannot overflow the product.
  if (size > remaining() / MinElementBytes(element_type)) {
    return Status::Corruption(
        fmt::format("list of {} elements exceeds the {} remaining bytes", size, remaining()));
  }
  if (size > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Status::Corruption(fmt::format("list size {} exceeds the i32 range", size));
  }
  header->element_type = element_type;
  header->size = static_cast<uint32_t>(size);
  return Status::OK();
}

Status CompactReader::ReadMapHeader(MapHeader* header) {
  const size_t start = pos_;
  uint64_t size = 0;
  OCPAGG_RETURN_IF_ERROR(ReadVarint(&size));
  if (size == 0) {
    *header = MapHeader{};
    return Status::OK();
  }
  if (pos_ >= bytes_.size()) return Truncated("map key and value types", 1);
  const uint8_t types = bytes_[pos_++];
  const uint8_t key_type = types >> 4;
  const uint8_t value_type = types & 0x0F;
  if (!IsValueType(key_type) || !IsValueType(value_type)) {
    return Status::Corruption(
        fmt::format("map header at offset {} has unknown types 0x{:02x}", start, types));
  }
  const size_t entry_bytes = MinElementBytes(static_cast<CompactType>(key_type)) +
                             MinElementBytes(static_cast<CompactType>(value_type));
  if (size > remaining() / entry_bytes) {
    return Status::Corruption(
        fmt::format("map of {} entries exceeds the {} remaining bytes", size, remaining()));
  }
  if (size > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Status::Corruption(fmt::format("map size {} exceeds the i32 range", size));
  }
  header->key_type = static_cast<CompactType>(key_type);
  header->value_type = static_cast<CompactType>(value_type);
  header->size = static_cast<uint32_t>(size);
  return Status::OK();
}

Status CompactReader::ReadBoolElement(bool* value) {
  if (pos_ >= bytes_.size()) return Truncated("bool", 1);
  const uint8_t byte = bytes_[pos_];
  // Writers differ on false (0 or 2, the BOOLEAN_FALSE type code); true is always 1.
  if (byte > 2) {
    return Status::Corruption(
        fmt::format("bool element 0x{:02x} at offset {} is not 0, 1 or 2", byte, pos_));
  }
  ++pos_;
  *value = byte == 1;
  return Status::OK();
}

Status CompactReader::ReadByte(int8_t* value) {
  if (pos_ >= bytes_.size()) return Truncated("byte", 1);
  *value = static_cast<int8_t>(bytes_[pos_++]);
  return Status::OK();
}

Status CompactReader::ReadI16(int16_t* value) {
  const size_t start = pos_;
  uint64_t raw = 0;
  OCPAGG_RETURN_IF_ERROR(ReadVarint(&raw));
  if (raw > std::numeric_limits<uint16_t>::max()) {
    return Status::Corruption(
        fmt::format("varint {} at offset {} exceeds the i16 range", raw, start));
  }
  *value = static_cast<int16_t>(ZigzagDecode32(static_cast<uint32_t>(raw)));
  return Status::OK();
}

Status CompactReader::ReadI32(int32_t* value) {
  const size_t start = pos_;
  uint64_t raw = 0;
  OCPAGG_RETURN_IF_ERROR(ReadVarint(&raw));
  if (raw > std::numeric_limits<uint32_t>::max()) {
    return Status::Corruption(
        fmt::format("varint {} at offset {} exceeds the i32 range", raw, start));
  }
  *value = ZigzagDecode32(static_cast<uint32_t>(raw));
  return Status::OK();
}

Status CompactReader::ReadI64(int64_t* value) {
  uint64_t raw = 0;
  OCPAGG_RETURN_IF_ERROR(ReadVarint(&raw));
  *value = ZigzagDecode64(raw);
  return Status::OK();
}

Status CompactReader::ReadDouble(double* value) {
  if (remaining() < 8) return Truncated("double", 8);
  uint64_t bits = 0;
  for (size_t i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
  pos_ += 8;
  *value = std::bit_cast<double>(bits);
  return Status::OK();
}

Status CompactReader::ReadBinary(std::string_view* value) {
  const size_t start = pos_;
  uint64_t length = 0;
  OCPAGG_RETURN_IF_ERROR(ReadVarint(&length));
  if (length > std::numeric_limits<uint32_t>::max()) {
    return Status::Corruption(
        fmt::format("binary length varint {} at offset {} exceeds the i32 range", length, start));
  }
  const int32_t signed_length = static_cast<int32_t>(static_cast<uint32_t>(length));
  if (signed_length < 0) {
    return Status::Corruption(
        fmt::format("binary length {} at offset {} is negative", signed_length, start));
  }
  if (length > remaining()) {
    return Status::Corruption(
        fmt::format("binary length {} at offset {} exceeds the {} remaining bytes", length, start,
                    remaining()));
  }
  *value = std::string_view(reinterpret_cast<const char*>(bytes_.data() + pos_),
                            static_cast<size_t>(length));
  pos_ += static_cast<size_t>(length);
  return Status::OK();
}

Status CompactReader::Skip(CompactType type) { return SkipValue(type, /*is_element=*/false); }

Status CompactReader::SkipElement(CompactType type) { return SkipValue(type, /*is_element=*/true); }

Status CompactReader::SkipValue(CompactType type, bool is_element) {
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      if (is_element) {
        bool ignored = false;
        return ReadBoolElement(&ignored);
      }
      return Status::OK();
    case CompactType::kByte: {
      int8_t ignored = 0;
      return ReadByte(&ignored);
    }
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: {
      uint64_t ignored = 0;
      return ReadVarint(&ignored);
    }
    case CompactType::kDouble:
      if (remaining() < 8) return Truncated("double", 8);
      pos_ += 8;
      return Status::OK();
    case CompactType::kBinary: {
      std::string_view ignored;
      return ReadBinary(&ignored);
    }
    case CompactType::kList:
    case CompactType::kSet: {
      ListHeader header;
      OCPAGG_RETURN_IF_ERROR(ReadListHeader(&header));
      OCPAGG_RETURN_IF_ERROR(EnterContainer());
      // Bounded by the remaining bytes: ReadListHeader checked size against them and every
      // element consumes at least one byte or fails.
      for (uint32_t i = 0; i < header.size; ++i) {
        OCPAGG_RETURN_IF_ERROR(SkipElement(header.element_type));
      }
      --depth_;
      return Status::OK();
    }
    case CompactType::kMap: {
      MapHeader header;
      OCPAGG_RETURN_IF_ERROR(ReadMapHeader(&header));
      OCPAGG_RETURN_IF_ERROR(EnterContainer());
      for (uint32_t i = 0; i < header.size; ++i) {
        OCPAGG_RETURN_IF_ERROR(SkipElement(header.key_type));
        OCPAGG_RETURN_IF_ERROR(SkipElement(header.value_type));
      }
      --depth_;
      return Status::OK();
    }
    case CompactType::kStruct: {
      OCPAGG_RETURN_IF_ERROR(BeginStruct());
      while (true) {
        FieldHeader field;
        OCPAGG_RETURN_IF_ERROR(ReadFieldHeader(&field));
        if (field.is_stop()) break;
        OCPAGG_RETURN_IF_ERROR(SkipValue(field.type, /*is_element=*/false));
      }
      EndStruct();
      return Status::OK();
    }
    case CompactType::kStop:
      break;
  }
  return Status::Corruption(
      fmt::format("cannot skip a value of {} at offset {}", CompactTypeName(type), pos_));
}

}  // namespace ocpagg::parquet::thrift
