#include <fmt/format.h>

#include "common/date.h"
#include "io/file.h"
#include "ocp/numeric.h"
#include "output/sinks_internal.h"

namespace ocpagg::output {
namespace {

using ocp::Cell;
using ocp::ColumnType;

void AppendQuotedIfNeeded(std::string_view text, std::string* out) {
  // PostgreSQL CSV output quotes a value when it is empty (to tell it from NULL) or contains the
  // delimiter, the quote, a carriage return or a newline (copyto.c CopyAttributeOutCSV; the
  // end-of-data marker \. is quoted only in single-column output, and this table has 58).
  bool quote = text.empty();
  for (char c : text) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(text);
    return;
  }
  out->push_back('"');
  // Copy the runs between quotes whole; each quote is doubled.
  while (!text.empty()) {
    const size_t q = text.find('"');
    if (q == std::string_view::npos) {
      out->append(text);
      break;
    }
    out->append(text.substr(0, q + 1));
    out->push_back('"');
    text.remove_prefix(q + 1);
  }
  out->push_back('"');
}

class CsvSink final : public ocp::SummarySink {
 public:
  explicit CsvSink(std::string path) : path_(std::move(path)) {}

  std::string name() const override { return "csv:" + path_; }

  Status Begin(const ocp::SummaryRunInfo& info) override {
    dialect_ = info.dialect;
    OCPAGG_ASSIGN_OR_RETURN(file_, io::OpenLocalWritable(path_));
    std::string header;
    for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
      if (c) header += ',';
      header += ocp::kSummaryColumns[c].name;
    }
    header += '\n';
    return file_->Append({reinterpret_cast<const uint8_t*>(header.data()), header.size()});
  }

  Status Write(std::vector<ocp::SummaryRow>& rows) override {
    buffer_.clear();
    Format(rows, &buffer_);
    return file_->Append({reinterpret_cast<const uint8_t*>(buffer_.data()), buffer_.size()});
  }

  // The text of a day is made on the worker that computed it; the writing thread only appends.
  ocp::PreparedRows Prepare(std::vector<ocp::SummaryRow> rows) const override {
    ocp::PreparedRows prepared;
    Format(rows, &prepared.encoded);
    return prepared;
  }

  Status WritePrepared(ocp::PreparedRows& prepared) override {
    if (!prepared.rows.empty()) return Write(prepared.rows);
    return file_->Append(
        {reinterpret_cast<const uint8_t*>(prepared.encoded.data()), prepared.encoded.size()});
  }

  Status Commit() override { return file_->Close(); }

 private:
  void Format(const std::vector<ocp::SummaryRow>& rows, std::string* out) const {
    out->reserve(out->size() + rows.size() * 1536);  // ~1.3 KB a row with labels
    for (const ocp::SummaryRow& row : rows) {
      for (size_t c = 0; c < ocp::kSummaryColumns.size(); ++c) {
        if (c) out->push_back(',');
        AppendCsvCell(ocp::GetCell(row, c), ocp::kSummaryColumns[c].type, dialect_, out);
      }
      out->push_back('\n');
    }
  }

  std::string path_;
  ocp::Dialect dialect_ = ocp::Dialect::kTrino;
  std::unique_ptr<io::WritableFile> file_;
  std::string buffer_;
};

}  // namespace

void AppendCsvCell(const Cell& cell, ColumnType type, ocp::Dialect dialect, std::string* out) {
  switch (cell.kind) {
    case Cell::Kind::kNull:
      return;
    case Cell::Kind::kText:
      AppendQuotedIfNeeded(cell.text, out);
      return;
    case Cell::Kind::kInteger:
      *out += std::to_string(cell.integer);
      return;
    case Cell::Kind::kDate:
      *out += FormatDate(static_cast<int32_t>(cell.integer));
      return;
    case Cell::Kind::kDouble: {
      (void)type;
      std::optional<Int128> scaled = ocp::ToNumeric15(cell.number, dialect);
      // Values numeric(33,15) cannot hold would make PostgreSQL fail the insert; they cannot
      // come from finite Koku metrics, so they are printed as NaN for the reader to see.
      *out += scaled ? ocp::FormatNumeric15(*scaled) : "NaN";
      return;
    }
  }
}

std::unique_ptr<ocp::SummarySink> MakeCsvSink(const std::string& path) {
  return std::make_unique<CsvSink>(path);
}

}  // namespace ocpagg::output
