#pragma once

// Per-column statistics of a whole file in a canonical text form, so that any file can be
// checked against another Parquet implementation by a script (`ocpagg parquet stats --json`).
//
// The fields and their canonical forms are those of the reader's test corpus
// (tests/data/parquet-testing/expected.json, `_about.canonical`): per value a canonical text
// (integers in decimal, floats as the hex of their bit pattern, byte arrays as lowercase hex,
// dates/times/timestamps as the raw integer, INT96 as microseconds, decimals as the unscaled
// integer), and over a column: count, null_count, min, max, sum, sum_f64 (+ bits), nan_count,
// true_count, total_bytes, the first five values and the sha256 of all canonical texts.

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "parquet/file_reader.h"

namespace ocpagg::parquet {

/// Reads every row of every column of `reader` and returns the statistics document:
/// {"file", "size_bytes", "sha256_file" (when `file_bytes_sha256` is given), "num_rows",
///  "footer_num_rows", "row_group_num_rows", "columns": [...]}.
Result<nlohmann::ordered_json> ComputeFileStats(const FileReader& reader,
                                                const ReadOptions& options = {});

/// The canonical kind of a column: "int", "bool", "float32", "float64", "float16", "decimal",
/// "bytes", "date", "ts_ms", "ts_us", "ts_ns", "time_ms", "time_us", "time_ns", "int96_us".
std::string CanonicalKind(const ColumnDescriptor& column);

/// A double in the shortest text that reads back to the same value, laid out as JavaScript's
/// Number.prototype.toString does ("10.1", "1e+21", "Infinity", "-0" printed as "0").
std::string FormatNumberLikeJs(double value);

/// The logical type as the corpus writes it: "STRING", "TIMESTAMP(MILLIS,utc=False)",
/// "INTEGER(16,unsigned)", "DECIMAL(9,2)", "GEOMETRY", "LOGICAL_TYPE_ID_2555", or empty.
std::string LogicalTypeText(const LogicalType& type);

}  // namespace ocpagg::parquet
