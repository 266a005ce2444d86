// The reader against Parquet files written by other implementations
// (tests/data/parquet-testing: apache/parquet-testing + DuckDB-written supplements), checked field
// by field against expected.json, whose values come from DuckDB and an independent decoder.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "parquet/file_reader.h"
#include "parquet/file_stats.h"

namespace ocpagg::parquet {
namespace {

using nlohmann::json;

std::string CorpusDir() { return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/parquet-testing/"; }

const json& Expected() {
  static const json doc = [] {
    std::ifstream in(CorpusDir() + "expected.json");
    return json::parse(in);
  }();
  return doc;
}

std::vector<std::string> FilesExpecting(const std::set<std::string>& outcomes) {
  std::vector<std::string> out;
  for (const auto& [name, entry] : Expected()["files"].items()) {
    if (outcomes.count(entry["expect"].get<std::string>())) out.push_back(name);
  }
  return out;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// Fields of expected.json that describe the oracles, not the file.
const std::set<std::string> kOracleFields = {"duckdb_type", "values_source",
                                             "verified_by_second_decoder"};

// Where expected.json itself is wrong. non_hadoop_lz4_compressed.parquet cannot be read by DuckDB,
// so its column entries were copied from lz4_raw_compressed.parquet, whose c0 and c1 are REQUIRED;
// this file's footer declares them OPTIONAL (the corpus's own tools/pqmeta.py prints the same).
struct Erratum {
  std::string file, column, field;
  json actual_value;
};
const std::vector<Erratum> kErrata = {
    {"data/non_hadoop_lz4_compressed.parquet", "c0", "repetition", "OPTIONAL"},
    {"data/non_hadoop_lz4_compressed.parquet", "c1", "repetition", "OPTIONAL"},
};

const Erratum* FindErratum(const std::string& file, const json& column, const std::string& field) {
  for (const Erratum& e : kErrata) {
    if (e.file == file && column["name"] == e.column && e.field == field) return &e;
  }
  return nullptr;
}

/// Compares every field of the expected column entries (and the file-level counts) with ours.
void ExpectStatsMatch(const std::string& file, const json& expected,
                      const nlohmann::ordered_json& actual) {
  for (const char* key : {"num_rows", "footer_num_rows", "row_group_num_rows", "size_bytes"}) {
    EXPECT_EQ(json(actual[key]), expected[key]) << key;
  }
  const json& expected_columns = expected["columns"];
  const auto& actual_columns = actual["columns"];
  ASSERT_EQ(actual_columns.size(), expected_columns.size());
  for (size_t c = 0; c < expected_columns.size(); ++c) {
    const json& want = expected_columns[c];
    const json got = json(actual_columns[c]);
    for (const auto& [field, value] : want.items()) {
      if (kOracleFields.count(field)) continue;
      ASSERT_TRUE(got.contains(field)) << "column " << want["name"] << " lacks field " << field;
      if (const Erratum* erratum = FindErratum(file, want, field)) {
        EXPECT_EQ(got[field], erratum->actual_value) << "column " << want["name"] << ", " << field;
        continue;
      }
      EXPECT_EQ(got[field], value) << "column " << want["name"] << ", field " << field;
    }
    for (const auto& [field, value] : got.items()) {
      EXPECT_TRUE(want.contains(field))
          << "column " << want["name"] << ": unexpected field " << field << " = " << value;
    }
  }
}

Result<nlohmann::ordered_json> Stats(const std::string& file, bool verify_crc) {
  OCPAGG_ASSIGN_OR_RETURN(auto reader, FileReader::OpenLocal(CorpusDir() + file));
  ReadOptions options;
  options.verify_crc = verify_crc;
  return ComputeFileStats(*reader, options);
}

class ReadableFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ReadableFile, MatchesExpectedJsonInEveryField) {
  const json& expected = Expected()["files"][GetParam()];
  auto stats = Stats(GetParam(), /*verify_crc=*/true);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  ExpectStatsMatch(GetParam(), expected, *stats);
}

TEST_P(ReadableFile, DictionaryFormMatchesMaterialisedValues) {
  auto reader = FileReader::OpenLocal(CorpusDir() + GetParam());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ReadOptions keep;
  keep.keep_dictionary = true;
  for (size_t rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
    for (size_t c = 0; c < (*reader)->schema().num_columns(); ++c) {
      auto plain = (*reader)->ReadColumn(rg, c);
      auto dict = (*reader)->ReadColumn(rg, c, keep);
      ASSERT_TRUE(plain.ok() && dict.ok());
      ASSERT_EQ(plain->length, dict->length);
      ASSERT_EQ(plain->null_count, dict->null_count);
      for (size_t row = 0; row < plain->length; ++row) {
        ASSERT_EQ(plain->IsNull(row), dict->IsNull(row));
        if (!plain->IsNull(row)) {
          ASSERT_EQ(plain->Bytes(row), dict->Bytes(row)) << row;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, ReadableFile, ::testing::ValuesIn(FilesExpecting({"read"})),
                         TestName);

class CrcCorruptFile : public ::testing::TestWithParam<std::string> {};

TEST_P(CrcCorruptFile, FailsWhenCheckedAndReadsWhenNot) {
  auto checked = Stats(GetParam(), /*verify_crc=*/true);
  ASSERT_FALSE(checked.ok());
  EXPECT_TRUE(checked.status().IsCorruption());
  EXPECT_NE(checked.status().message().find("CRC"), std::string::npos)
      << checked.status().ToString();
  auto unchecked = Stats(GetParam(), /*verify_crc=*/false);
  ASSERT_TRUE(unchecked.ok()) << unchecked.status().ToString();
  ExpectStatsMatch(GetParam(), Expected()["files"][GetParam()], *unchecked);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CrcCorruptFile,
                         ::testing::ValuesIn(FilesExpecting({"read_if_crc_ignored_else_error"})),
                         TestName);

class RejectedFile : public ::testing::TestWithParam<std::string> {};

TEST_P(RejectedFile, IsNotSupportedWithReason) {
  const std::string expect = Expected()["files"][GetParam()]["expect"];
  auto reader = FileReader::OpenLocal(CorpusDir() + GetParam());
  ASSERT_FALSE(reader.ok());
  EXPECT_TRUE(reader.status().IsNotSupported()) << reader.status().ToString();
  const std::string reason = expect == "reject_nested" ? "nested" : "encrypt";
  EXPECT_NE(reader.status().message().find(reason), std::string::npos)
      << reader.status().ToString();
  EXPECT_NE(reader.status().message().find(GetParam()), std::string::npos)
      << "the message names the file: " << reader.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(Corpus, RejectedFile,
                         ::testing::ValuesIn(FilesExpecting({"reject_nested", "reject_encrypted"})),
                         TestName);

class CorruptFile : public ::testing::TestWithParam<std::string> {};

TEST_P(CorruptFile, ErrorsCleanlyNamingTheFile) {
  auto stats = Stats(GetParam(), /*verify_crc=*/true);
  ASSERT_FALSE(stats.ok()) << "deliberately corrupt file read without error";
  EXPECT_TRUE(stats.status().IsCorruption() || stats.status().IsNotSupported())
      << stats.status().ToString();
  EXPECT_NE(stats.status().message().find(GetParam()), std::string::npos)
      << stats.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorruptFile, ::testing::ValuesIn(FilesExpecting({"error"})),
                         TestName);

}  // namespace
}  // namespace ocpagg::parquet
