#include "gen/writer.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/date.h"
#include "io/file.h"
#include "parquet/file_writer.h"

namespace ocpagg::gen {
namespace {

using columnar::ColumnBatch;
using columnar::Storage;

ColumnBatch FixedBatch(Storage storage, const void* data, size_t n) {
  ColumnBatch b;
  b.storage = storage;
  b.width = 8;
  b.length = n;
  b.fixed = Buffer(n * 8);
  if (n > 0) std::memcpy(b.fixed.data(), data, n * 8);
  return b;
}

// A dictionary-layout batch whose dictionary holds only the strings the column uses, in order of
// first appearance (as Arrow writes them).
ColumnBatch StringBatch(const Column& c, const StringPool& pool, size_t n,
                        std::vector<uint32_t>* remap) {
  ColumnBatch b;
  b.storage = Storage::kByteArray;
  b.length = n;
  if (c.all_null) {
    b.strings.assign(n, std::string_view());
    b.valid.assign(n, 0);
    b.null_count = n;
    return b;
  }
  auto dict = std::make_shared<ColumnBatch>();
  dict->storage = Storage::kByteArray;
  remap->assign(pool.size(), std::numeric_limits<uint32_t>::max());
  b.indices.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t& slot = (*remap)[c.ids[i]];
    if (slot == std::numeric_limits<uint32_t>::max()) {
      slot = static_cast<uint32_t>(dict->strings.size());
      dict->strings.push_back(pool.Get(c.ids[i]));
    }
    b.indices[i] = slot;
  }
  dict->length = dict->strings.size();
  b.dictionary = std::move(dict);
  return b;
}

void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string NiseTimestamp(int64_t ms) {
  const int64_t secs = ms / 1000;
  return FormatTimestamp(secs, 1) + " +0000 UTC";
}

}  // namespace

std::string FormatPyFloat(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  std::string out;
  if (sci[0] == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const auto int_len = static_cast<size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exp - 1), '0');
      out += digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += fmt::format("e{}{:02d}", exp < 0 ? '-' : '+', std::abs(exp));
  return out;
}

std::string FormatPyInt(double v) {
  if (std::fabs(v) < 9e18) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{:.0f}", v);
}

Status WriteParquetFile(const std::string& path, const Frame& frame, io::FileSystem& files) {
  std::vector<parquet::WriterColumn> schema;
  schema.reserve(frame.columns.size());
  for (const Column& c : frame.columns) {
    parquet::WriterColumn w;
    w.name = c.name;
    w.optional = true;
    switch (c.kind) {
      case ColumnKind::kTimestamp:
        w.type = parquet::WriterColumn::Type::kTimestampMillis;
        break;
      case ColumnKind::kDouble:
        w.type = parquet::WriterColumn::Type::kDouble;
        break;
      case ColumnKind::kString:
        w.type = parquet::WriterColumn::Type::kString;
        break;
    }
    schema.push_back(std::move(w));
  }
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> sink, files.OpenWrite(path));
  parquet::WriterOptions options;
  options.codec = parquet::Codec::kSnappy;
  auto writer_or = parquet::FileWriter::Open(std::move(sink), std::move(schema), options);
  if (!writer_or.ok()) return writer_or.status().WithContext(path);
  std::unique_ptr<parquet::FileWriter> writer = std::move(writer_or).value();
  if (frame.rows > 0) {
    std::vector<ColumnBatch> batches;
    batches.reserve(frame.columns.size());
    std::vector<uint32_t> remap;
    for (const Column& c : frame.columns) {
      switch (c.kind) {
        case ColumnKind::kTimestamp:
          batches.push_back(FixedBatch(Storage::kInt64, c.i64.data(), frame.rows));
          break;
        case ColumnKind::kDouble:
          batches.push_back(FixedBatch(Storage::kDouble, c.f64.data(), frame.rows));
          break;
        case ColumnKind::kString:
          batches.push_back(StringBatch(c, *frame.pool, frame.rows, &remap));
          break;
      }
    }
    OCPAGG_RETURN_IF_ERROR(writer->Write(batches).WithContext(path));
  }
  return writer->Close().WithContext(path);
}

Status WriteNiseCsv(const std::string& path, const Frame& frame, io::FileSystem& files) {
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> sink, files.OpenWrite(path));
  std::string buf;
  const auto flush = [&]() -> Status {
    Status s = sink->Append(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(buf.data()), buf.size()));
    buf.clear();
    return s;
  };
  for (size_t c = 0; c < frame.columns.size(); ++c) {
    if (c > 0) buf.push_back(',');
    AppendCsvField(frame.columns[c].name, &buf);
  }
  buf += "\r\n";
  for (size_t r = 0; r < frame.rows; ++r) {
    for (size_t c = 0; c < frame.columns.size(); ++c) {
      if (c > 0) buf.push_back(',');
      const Column& col = frame.columns[c];
      if (col.all_null) continue;
      switch (col.kind) {
        case ColumnKind::kTimestamp:
          buf += NiseTimestamp(col.i64[r]);
          break;
        case ColumnKind::kDouble: {
          const double v = col.f64[r];
          if (std::isnan(v)) break;
          const bool is_int = !col.py_int.empty() && col.py_int[r] != 0;
          buf += is_int ? FormatPyInt(v) : FormatPyFloat(v);
          break;
        }
        case ColumnKind::kString:
          AppendCsvField(frame.pool->Get(col.ids[r]), &buf);
          break;
      }
    }
    buf += "\r\n";
    if (buf.size() > (1 << 20)) OCPAGG_RETURN_IF_ERROR(flush());
  }
  OCPAGG_RETURN_IF_ERROR(flush());
  return sink->Close();
}

}  // namespace ocpagg::gen
