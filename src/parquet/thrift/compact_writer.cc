#include "parquet/thrift/compact_writer.h"

#include <bit>

#include "common/check.h"

namespace ocpagg::parquet::thrift {

void CompactWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<uint8_t>(value));
}

void CompactWriter::FieldHeader(int16_t id, CompactType type) {
  int16_t& last = last_field_id_[static_cast<size_t>(depth_)];
  const int delta = static_cast<int>(id) - static_cast<int>(last);
  const auto code = static_cast<uint8_t>(type);
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<uint8_t>(delta << 4 | code));
  } else {
    out_->push_back(code);
    I16(id);
  }
  last = id;
}

void CompactWriter::BoolField(int16_t id, bool value) {
  FieldHeader(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}

void CompactWriter::ByteField(int16_t id, int8_t value) {
  FieldHeader(id, CompactType::kByte);
  Byte(value);
}

void CompactWriter::I16Field(int16_t id, int16_t value) {
  FieldHeader(id, CompactType::kI16);
  I16(value);
}

void CompactWriter::I32Field(int16_t id, int32_t value) {
  FieldHeader(id, CompactType::kI32);
  I32(value);
}

void CompactWriter::I64Field(int16_t id, int64_t value) {
  FieldHeader(id, CompactType::kI64);
  I64(value);
}

void CompactWriter::DoubleField(int16_t id, double value) {
  FieldHeader(id, CompactType::kDouble);
  Double(value);
}

void CompactWriter::BinaryField(int16_t id, std::string_view value) {
  FieldHeader(id, CompactType::kBinary);
  Binary(value);
}

void CompactWriter::ListField(int16_t id, CompactType element_type, uint32_t size) {
  FieldHeader(id, CompactType::kList);
  ListHeader(element_type, size);
}

void CompactWriter::BeginStructField(int16_t id) {
  FieldHeader(id, CompactType::kStruct);
  BeginStruct();
}

void CompactWriter::EmptyStructField(int16_t id) {
  BeginStructField(id);
  EndStruct();
}

void CompactWriter::BeginStruct() {
  OCPAGG_CHECK(depth_ + 1 < kMaxDepth);
  ++depth_;
  last_field_id_[static_cast<size_t>(depth_)] = 0;
}

void CompactWriter::EndStruct() {
  OCPAGG_CHECK(depth_ > 0);
  out_->push_back(0);
  --depth_;
}

void CompactWriter::Finish() {
  OCPAGG_CHECK(depth_ == 0);
  out_->push_back(0);
  last_field_id_[0] = 0;
}

void CompactWriter::ListHeader(CompactType element_type, uint32_t size) {
  const auto code = static_cast<uint8_t>(element_type);
  if (size < 15) {
    out_->push_back(static_cast<uint8_t>(size << 4 | code));
  } else {
    out_->push_back(static_cast<uint8_t>(0xF0 | code));
    Varint(size);
  }
}

void CompactWriter::Double(double value) {
  const auto bits = std::bit_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) out_->push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

void CompactWriter::Binary(std::string_view value) {
  Varint(value.size());
  out_->insert(out_->end(), value.begin(), value.end());
}

}  // namespace ocpagg::parquet::thrift
