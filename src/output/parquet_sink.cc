#include <fmt/format.h>

#include <cstring>
#include <deque>

#include "io/file.h"
#include "ocp/numeric.h"
#include "output/sinks_internal.h"
#include "parquet/file_writer.h"

namespace ocpagg::output {
namespace {

using columnar::ColumnBatch;
using columnar::Storage;
using parquet::WriterColumn;

WriterColumn::Type ParquetType(ocp::ColumnType type) {
  switch (type) {
    case ocp::ColumnType::kInteger:
      return WriterColumn::Type::kInt64;
    case ocp::ColumnType::kDate:
      return WriterColumn::Type::kDate;
    case ocp::ColumnType::kNumeric:
      return WriterColumn::Type::kDouble;
    default:
      return WriterColumn::Type::kString;
  }
}

/// Rows go to Parquet one day at a time: each Write() becomes one columnar batch.
class ParquetSink final : public ocp::SummarySink {
 public:
  explicit ParquetSink(std::string path) : path_(std::move(path)) {}

  std::string name() const override { return "parquet:" + path_; }

  Status Begin(const ocp::SummaryRunInfo& info) override {
    dialect_ = info.dialect;
    std::vector<WriterColumn> columns;
    for (const auto& c : ocp::kSummaryColumns) {
      columns.push_back({std::string(c.name), ParquetType(c.type), c.name != "uuid"});
    }
    OCPAGG_ASSIGN_OR_RETURN(auto file, io::OpenLocalWritable(path_));
    parquet::WriterOptions options;
    options.codec = parquet::Codec::kZstd;
    OCPAGG_ASSIGN_OR_RETURN(writer_, parquet::FileWriter::Open(std::move(file), columns, options));
    return Status::OK();
  }

  Status Write(std::vector<ocp::SummaryRow>& rows) override {
    if (rows.empty()) return Status::OK();
    const size_t n = rows.size();
    std::vector<ColumnBatch> batches(ocp::kSummaryColumns.size());
    std::deque<std::string> text;  // owns date/number texts the views point to
    for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
      const ocp::ColumnType type = ocp::kSummaryColumns[c].type;
      ColumnBatch& b = batches[c];
      b.length = n;
      b.valid.assign(n, 1);
      switch (ParquetType(type)) {
        case WriterColumn::Type::kInt64:
          b.storage = Storage::kInt64;
          b.width = 8;
          break;
        case WriterColumn::Type::kDate:
          b.storage = Storage::kInt32;
          b.width = 4;
          break;
        case WriterColumn::Type::kDouble:
          b.storage = Storage::kDouble;
          b.width = 8;
          break;
        default:
          b.storage = Storage::kByteArray;
          b.strings.resize(n);
          break;
      }
      if (b.width) b.fixed = Buffer(n * b.width);
      for (size_t r = 0; r < n; ++r) {
        const ocp::Cell cell = ocp::GetCell(rows[r], c);
        if (cell.kind == ocp::Cell::Kind::kNull) {
          b.valid[r] = 0;
          ++b.null_count;
          if (b.width) std::memset(b.fixed.data() + r * b.width, 0, b.width);
          continue;
        }
        switch (b.storage) {
          case Storage::kInt64:
            std::memcpy(b.fixed.data() + r * 8, &cell.integer, 8);
            break;
          case Storage::kInt32: {
            const auto days = static_cast<int32_t>(cell.integer);
            std::memcpy(b.fixed.data() + r * 4, &days, 4);
            break;
          }
          case Storage::kDouble: {
            // The numeric(33,15) value a database would hold, as the nearest double.
            std::optional<Int128> scaled = ocp::ToNumeric15(cell.number, dialect_);
            if (!scaled) {
              return Status::InvalidArgument(
                  fmt::format("column {}: value {} does not fit numeric(33,15)",
                              ocp::kSummaryColumns[c].name, cell.number));
            }
            const double v = std::stod(ocp::FormatNumeric15(*scaled));
            std::memcpy(b.fixed.data() + r * 8, &v, 8);
            break;
          }
          default:
            b.strings[r] = cell.text;
            break;
        }
      }
      if (b.null_count == 0) b.valid.clear();
    }
    return writer_->Write(batches);
  }

  Status Commit() override { return writer_->Close(); }

 private:
  std::string path_;
  ocp::Dialect dialect_ = ocp::Dialect::kTrino;
  std::unique_ptr<parquet::FileWriter> writer_;
};

}  // namespace

std::unique_ptr<ocp::SummarySink> MakeParquetSink(const std::string& path) {
  return std::make_unique<ParquetSink>(path);
}

}  // namespace ocpagg::output
