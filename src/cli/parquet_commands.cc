#include "cli/parquet_commands.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli/command.h"
#include "cli/storage.h"
#include "common/date.h"
#include "common/int128.h"
#include "parquet/file_reader.h"
#include "parquet/file_stats.h"

namespace ocpagg::cli {
namespace {

using parquet::Annotation;
using parquet::ColumnDescriptor;
using parquet::FileReader;
using parquet::PhysicalType;

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  if (bytes < uint64_t{1} << 30) return fmt::format("{:.1f} MiB", bytes / 1048576.0);
  return fmt::format("{:.2f} GiB", bytes / 1073741824.0);
}

std::string TypeText(const ColumnDescriptor& c) {
  std::string out = parquet::PhysicalTypeName(c.physical_type);
  if (c.physical_type == PhysicalType::kFixedLenByteArray)
    out += fmt::format("({})", c.type_length);
  const std::string annotation = parquet::DescribeAnnotation(c);
  if (!annotation.empty()) out += " " + annotation;
  return out;
}

/// A statistics bound, decoded from its PLAIN bytes for display.
std::string BoundText(const ColumnDescriptor& c, const std::string& raw) {
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  switch (c.physical_type) {
    case PhysicalType::kInt32:
      if (raw.size() == 4) {
        int32_t v;
        std::memcpy(&v, p, 4);
        if (c.annotation == Annotation::kDate) return FormatDate(v);
        return std::to_string(v);
      }
      break;
    case PhysicalType::kInt64:
      if (raw.size() == 8) {
        int64_t v;
        std::memcpy(&v, p, 8);
        if (c.annotation == Annotation::kTimestamp) {
          const int64_t per_second = c.unit == parquet::TimeUnit::kMillis   ? 1000
                                     : c.unit == parquet::TimeUnit::kMicros ? 1000000
                                                                            : 1000000000;
          return FormatTimestamp(v, per_second);
        }
        return std::to_string(v);
      }
      break;
    case PhysicalType::kFloat:
      if (raw.size() == 4) {
        float v;
        std::memcpy(&v, p, 4);
        return parquet::FormatNumberLikeJs(v);
      }
      break;
    case PhysicalType::kDouble:
      if (raw.size() == 8) {
        double v;
        std::memcpy(&v, p, 8);
        return parquet::FormatNumberLikeJs(v);
      }
      break;
    case PhysicalType::kBoolean:
      if (raw.size() == 1) return p[0] ? "true" : "false";
      break;
    default:
      break;
  }
  bool printable = true;
  for (char ch : raw) printable &= (ch >= 0x20 && ch < 0x7f);
  if (printable) return "\"" + raw + "\"";
  std::string hex = "0x";
  for (char ch : raw) hex += fmt::format("{:02x}", static_cast<uint8_t>(ch));
  return hex;
}

/// One cell of `parquet cat` output, CSV-quoted when needed.
std::string CsvCell(std::string text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string DecimalText(Int128 unscaled, int32_t scale) {
  const bool negative = unscaled < 0;
  std::string digits = Int128ToString(unscaled);
  if (negative) digits.erase(0, 1);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + digits;
}

std::string ValueText(const ColumnDescriptor& c, const columnar::ColumnBatch& batch, size_t row) {
  if (batch.IsNull(row)) return "";
  const std::string_view raw = batch.Bytes(row);
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  const auto per_second = [&] {
    return c.unit == parquet::TimeUnit::kMillis   ? int64_t{1000}
           : c.unit == parquet::TimeUnit::kMicros ? int64_t{1000000}
                                                  : int64_t{1000000000};
  };
  switch (c.physical_type) {
    case PhysicalType::kBoolean:
      return p[0] ? "true" : "false";
    case PhysicalType::kInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      if (c.annotation == Annotation::kDate) return FormatDate(v);
      if (c.annotation == Annotation::kDecimal) return DecimalText(v, c.decimal_scale);
      if (c.annotation == Annotation::kInteger && !c.is_signed) {
        return std::to_string(static_cast<uint32_t>(v));
      }
      return std::to_string(v);
    }
    case PhysicalType::kInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      if (c.annotation == Annotation::kTimestamp) return FormatTimestamp(v, per_second());
      if (c.annotation == Annotation::kDecimal) return DecimalText(v, c.decimal_scale);
      if (c.annotation == Annotation::kInteger && !c.is_signed) {
        return std::to_string(static_cast<uint64_t>(v));
      }
      return std::to_string(v);
    }
    case PhysicalType::kInt96: {
      int64_t nanos;
      int32_t julian;
      std::memcpy(&nanos, p, 8);
      std::memcpy(&julian, p + 8, 4);
      const int64_t seconds = (int64_t{julian} - 2440588) * 86400;
      return FormatTimestamp(seconds * 1000000000 + nanos, 1000000000);
    }
    case PhysicalType::kFloat: {
      float v;
      std::memcpy(&v, p, 4);
      return parquet::FormatNumberLikeJs(v);
    }
    case PhysicalType::kDouble: {
      double v;
      std::memcpy(&v, p, 8);
      return parquet::FormatNumberLikeJs(v);
    }
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray: {
      if (c.annotation == Annotation::kDecimal && raw.size() <= 16 && !raw.empty()) {
        UInt128 v = (p[0] & 0x80) ? ~static_cast<UInt128>(0) : 0;
        for (uint8_t b : std::span<const uint8_t>(p, raw.size())) v = (v << 8) | b;
        return DecimalText(static_cast<Int128>(v), c.decimal_scale);
      }
      const bool text =
          c.annotation == Annotation::kString || c.annotation == Annotation::kEnum ||
          c.annotation == Annotation::kJson ||
          (c.annotation == Annotation::kNone && c.physical_type == PhysicalType::kByteArray);
      if (text) return std::string(raw);
      std::string hex = "0x";
      for (char ch : raw) hex += fmt::format("{:02x}", static_cast<uint8_t>(ch));
      return hex;
    }
  }
  return "";
}

}  // namespace

Status RunParquetInspect(const std::string& path, std::FILE* out, const S3Flags& s3) {
  OCPAGG_ASSIGN_OR_RETURN(auto reader, OpenParquet(path, s3));
  const parquet::FileMetaData& meta = reader->metadata();
  fmt::print(out, "file        {}\n", reader->name());
  fmt::print(out, "size        {} ({} bytes), footer {} bytes\n", HumanBytes(reader->file_size()),
             reader->file_size(), reader->footer_length());
  fmt::print(out, "created by  {}\n", meta.created_by.value_or("(not recorded)"));
  fmt::print(out, "version     {}\n", meta.version);
  fmt::print(out, "rows        {} in {} row group(s)\n", reader->num_rows(),
             reader->num_row_groups());
  if (!meta.key_value_metadata.empty()) {
    fmt::print(out, "metadata    ");
    std::vector<std::string> keys;
    for (const auto& kv : meta.key_value_metadata) {
      keys.push_back(kv.key + (kv.value ? fmt::format(" ({} bytes)", kv.value->size()) : ""));
    }
    fmt::print(out, "{}\n", Join(keys, ", "));
  }
  fmt::print(out, "\nschema ({} columns)\n", reader->schema().num_columns());
  for (const ColumnDescriptor& c : reader->schema().columns()) {
    fmt::print(out, "  {:>3}  {:<32} {:<44} {}\n", c.column_index, c.name, TypeText(c),
               c.optional ? "OPTIONAL" : "REQUIRED");
  }
  for (size_t rg = 0; rg < reader->num_row_groups(); ++rg) {
    const parquet::RowGroup& group = meta.row_groups[rg];
    fmt::print(out, "\nrow group {}: {} rows, {} uncompressed\n", rg, group.num_rows,
               HumanBytes(static_cast<uint64_t>(group.total_byte_size)));
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const parquet::ColumnMetaData& cm = *group.columns[c].meta_data;
      const ColumnDescriptor& column = reader->schema().column(c);
      std::vector<std::string> encodings;
      for (parquet::Encoding e : cm.encodings) encodings.push_back(parquet::EncodingName(e));
      fmt::print(out, "  {:<32} {:<8} {} -> {}  values {}  [{}]\n", column.name,
                 parquet::CodecName(cm.codec),
                 HumanBytes(static_cast<uint64_t>(cm.total_uncompressed_size)),
                 HumanBytes(static_cast<uint64_t>(cm.total_compressed_size)), cm.num_values,
                 Join(encodings, ","));
      const parquet::ChunkStatistics stats = reader->Statistics(rg, c);
      if (stats.null_count || stats.min || stats.max) {
        std::string line = "      stats:";
        if (stats.null_count) line += fmt::format(" nulls={}", *stats.null_count);
        if (stats.min) {
          line += fmt::format(" min={}{}", BoundText(column, *stats.min),
                              stats.min_is_exact ? "" : " (truncated)");
        }
        if (stats.max) {
          line += fmt::format(" max={}{}", BoundText(column, *stats.max),
                              stats.max_is_exact ? "" : " (truncated)");
        }
        fmt::print(out, "{}\n", line);
      }
    }
  }
  return Status::OK();
}

Status RunParquetCat(const std::string& path, const std::vector<std::string>& columns,
                     int64_t limit, std::FILE* out, const S3Flags& s3) {
  OCPAGG_ASSIGN_OR_RETURN(auto reader, OpenParquet(path, s3));
  std::vector<size_t> projection;
  if (columns.empty()) {
    for (size_t c = 0; c < reader->schema().num_columns(); ++c) projection.push_back(c);
  } else {
    for (const std::string& name : columns) {
      std::optional<size_t> index = reader->schema().Find(name);
      if (!index) {
        return Status::NotFound(fmt::format("{}: no column named '{}'", path, name));
      }
      projection.push_back(*index);
    }
  }
  std::vector<std::string> header;
  for (size_t c : projection) header.push_back(CsvCell(reader->schema().column(c).name));
  fmt::print(out, "{}\n", Join(header, ","));
  int64_t printed = 0;
  std::string line;
  for (size_t rg = 0; rg < reader->num_row_groups() && (limit < 0 || printed < limit); ++rg) {
    OCPAGG_ASSIGN_OR_RETURN(auto batches, reader->ReadColumns(rg, projection));
    const size_t rows = static_cast<size_t>(reader->row_group_num_rows(rg));
    for (size_t row = 0; row < rows && (limit < 0 || printed < limit); ++row, ++printed) {
      line.clear();
      for (size_t i = 0; i < projection.size(); ++i) {
        if (i) line += ',';
        line += CsvCell(ValueText(reader->schema().column(projection[i]), batches[i], row));
      }
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), out);
    }
  }
  return Status::OK();
}

Status RunParquetStats(const std::string& path, bool verify_crc, std::FILE* out,
                       const S3Flags& s3) {
  OCPAGG_ASSIGN_OR_RETURN(auto reader, OpenParquet(path, s3));
  parquet::ReadOptions options;
  options.verify_crc = verify_crc;
  OCPAGG_ASSIGN_OR_RETURN(nlohmann::ordered_json doc, parquet::ComputeFileStats(*reader, options));
  fmt::print(out, "{}\n", doc.dump(2));
  return Status::OK();
}

void AddParquetCommands(CLI::App& app, std::vector<Command>* commands) {
  CLI::App* parquet = app.add_subcommand("parquet", "Look inside Parquet files");
  parquet->require_subcommand(1);

  // The option values live as long as the callbacks that read them (shared by both).
  struct Options {
    std::string path;
    std::vector<std::string> columns;
    int64_t limit = -1;
    bool json = false;
    bool no_crc = false;
    S3Flags s3;  // for s3:// files
  };
  auto options = std::make_shared<Options>();

  CLI::App* inspect = parquet->add_subcommand(
      "inspect", "Schema, row groups, encodings, codecs, sizes, statistics");
  inspect->add_option("FILE", options->path, "Parquet file (a path or s3://bucket/key)")
      ->required();
  AddS3Flags(inspect, &options->s3);
  commands->push_back(
      {inspect, [options] { return RunParquetInspect(options->path, stdout, options->s3); }});

  CLI::App* cat = parquet->add_subcommand("cat", "Print rows as CSV (header first)");
  cat->add_option("FILE", options->path, "Parquet file (a path or s3://bucket/key)")->required();
  AddS3Flags(cat, &options->s3);
  cat->add_option("--columns", options->columns, "Columns to print, comma-separated (default: all)")
      ->delimiter(',');
  cat->add_option("--limit", options->limit, "Print at most N rows (default: all)");
  commands->push_back({cat, [options] {
                         return RunParquetCat(options->path, options->columns, options->limit,
                                              stdout, options->s3);
                       }});

  CLI::App* stats = parquet->add_subcommand(
      "stats", "Per-column count, nulls, min, max, sums, first values and sha256 of all values");
  stats->add_option("FILE", options->path, "Parquet file (a path or s3://bucket/key)")->required();
  AddS3Flags(stats, &options->s3);
  stats->add_flag("--json", options->json,
                  "Print JSON (the only format so far; accepted for clarity)");
  stats->add_flag("--no-crc", options->no_crc, "Do not verify page checksums");
  commands->push_back({stats, [options] {
                         return RunParquetStats(options->path, !options->no_crc, stdout,
                                                options->s3);
                       }});
}

}  // namespace ocpagg::cli
