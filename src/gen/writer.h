#pragma once

// Files out of frames (gen/frame.h): Koku's Parquet through parquet::FileWriter, and the
// operator CSV nise writes.
//
// Parquet, as pandas.to_parquet(coerce_timestamps="ms") writes Koku's frames
// (ocp-daily-summary.md §1.1 step 6): every column optional; timestamps INT64
// TIMESTAMP(MILLIS, isAdjustedToUTC=false); metrics DOUBLE; strings BYTE_ARRAY STRING; columns
// Koku adds as all-NULL are string columns of nulls. SNAPPY, dictionary encoding on.
//
// CSV, as nise writes it (nise-manifests.md §3.7): Python csv "excel" dialect (comma, CRLF,
// minimal quoting), timestamps `%Y-%m-%d %H:%M:%S +0000 UTC`, numbers as Python's str() of an int
// or a float, empty cells for missing numbers.

#include <string>

#include "common/status.h"
#include "gen/frame.h"
#include "io/file_system.h"

namespace ocpagg::gen {

/// Writes `frame` to the file `path` of `files` (local: parent folders created; published on
/// success only). IOError / InvalidArgument from the writer, with the path as context.
Status WriteParquetFile(const std::string& path, const Frame& frame,
                        io::FileSystem& files = io::LocalFileSystem());

/// Writes the raw frame `frame` as a nise CSV file (header line, then one line per row).
Status WriteNiseCsv(const std::string& path, const Frame& frame,
                    io::FileSystem& files = io::LocalFileSystem());

/// Python repr() of a float: shortest round-trip digits, ".0" on whole numbers, exponent form
/// below 1e-4 or from 1e16 ("1e-05", "1.5e+16"), "inf", "nan".
std::string FormatPyFloat(double v);

/// Python str() of an int held in a double.
std::string FormatPyInt(double v);

}  // namespace ocpagg::gen
