#include "ocp/labels.h"

#include <gtest/gtest.h>

namespace ocpagg::ocp {
namespace {

LabelMap Parse(std::string_view text) {
  auto map = ParseLabelJson(text);
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  return map.ok() ? *map : LabelMap{};
}

TEST(LabelParsing, ReadsKokuJsonDumpsText) {
  // Koku writes json.dumps defaults: ", " / ": " separators, ASCII escapes (spec §1.4).
  LabelMap m = Parse(R"({"app": "koku", "env": "prod", "team": "caf\u00e9"})");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].key, "app");
  EXPECT_EQ(m[2].value, "caf\xc3\xa9");
  EXPECT_TRUE(Parse("{}").empty());
  EXPECT_TRUE(Parse("  { }  ").empty());
}

TEST(LabelParsing, LastDuplicateWinsAndScalarsBecomeText) {
  LabelMap m = Parse(R"({"a": "1", "b": 2, "a": "3", "c": true, "d": null})");
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].value, "3");
  EXPECT_EQ(m[1].value, "2");
  EXPECT_EQ(m[2].value, "true");
  EXPECT_TRUE(m[3].is_null);
}

TEST(LabelParsing, RejectsMalformedText) {
  for (const char* bad : {"", "[]", "{\"a\": }", "{\"a\": \"x\"", "{\"a\": {\"b\": \"c\"}}",
                          "{\"a\": \"x\"} trailing", "{\"a\": \"\\q\"}"}) {
    auto map = ParseLabelJson(bad);
    ASSERT_FALSE(map.ok()) << bad;
    EXPECT_TRUE(map.status().IsCorruption());
  }
}

TEST(EnabledKeyFiltering, KeepsOnlyEnabledKeys) {
  LabelMap m = Parse(R"({"app": "a", "env": "e", "vm_kubevirt_io_name": "vm1", "zone": "z"})");
  LabelMap f = FilterLabels(m, {"app", "vm_kubevirt_io_name"});
  EXPECT_EQ(FormatJsonb(f), R"({"app": "a", "vm_kubevirt_io_name": "vm1"})");
  EXPECT_TRUE(FilterLabels(m, {}).empty());
}

TEST(LabelMergePrecedence, LaterMapWins) {
  // pod > namespace > node (spec §2.7).
  LabelMap node = Parse(R"({"env": "node", "tier": "n"})");
  LabelMap ns = Parse(R"({"env": "ns", "owner": "o"})");
  LabelMap pod = Parse(R"({"env": "pod"})");
  LabelMap merged = MergeLabels(MergeLabels(node, ns), pod);
  EXPECT_EQ(FormatJsonb(merged), R"({"env": "pod", "tier": "n", "owner": "o"})");
}

TEST(JsonbText, OrdersKeysByLengthThenBytesAndEscapes) {
  LabelMap m = Parse(R"({"bb": "x", "a": "q\"uote", "ccc": "line\nbreak", "B": "y"})");
  EXPECT_EQ(FormatJsonb(m), R"({"B": "y", "a": "q\"uote", "bb": "x", "ccc": "line\nbreak"})");
  EXPECT_EQ(FormatJsonb({}), "{}");
}

TEST(LabelPool, InternsAndCachesMerges) {
  LabelPool pool;
  const uint32_t a = pool.Intern(Parse(R"({"app": "a"})"));
  const uint32_t b = pool.Intern(Parse(R"({"env": "e"})"));
  EXPECT_EQ(pool.Intern(Parse(R"({"app": "a"})")), a);
  const uint32_t ab = pool.Merge(a, b);
  EXPECT_EQ(pool.Merge(a, b), ab);
  EXPECT_EQ(pool.Jsonb(ab), R"({"app": "a", "env": "e"})");
  EXPECT_EQ(pool.Merge(LabelPool::kEmptyLabels, a), a);
  // Maps are compared as sets: the same entries reached in another order are one id.
  EXPECT_EQ(pool.Merge(b, a), ab);
}

}  // namespace
}  // namespace ocpagg::ocp
