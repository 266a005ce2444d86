#pragma once

// Label maps: Koku's label JSON text, filtered by enabled keys, merged, and printed as
// PostgreSQL prints jsonb.
//
//   parse     JSON object text -> LabelMap (keys sorted by bytes; a repeated key keeps its last
//             value, as jsonb does). Values may be strings, numbers, booleans (kept as their
//             text, as Trino's cast(json as map(varchar, varchar)) and jsonb_each_text do) or
//             null.
//   filter    keep the keys in the enabled set (spec §2.7; TSQL:101-141, 289-292).
//   merge     map_concat / jsonb ||: entries of the later map win (spec §2.2 H, I).
//   jsonb     `{"key": "value", ...}` with keys ordered shorter-first then bytewise (jsonb's
//             storage order), ", " and ": " separators, PostgreSQL's string escaping.
//   pool      interns maps to small integer ids, so that grouping compares ids and each distinct
//             label text is parsed, filtered and merged once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.h"

namespace ocpagg::ocp {

struct Label {
  std::string key;
  std::string value;
  bool is_null = false;  // JSON null value
  bool operator==(const Label& other) const = default;
};

/// Entries sorted by key bytes, keys unique.
using LabelMap = std::vector<Label>;

/// Parses a JSON object. Corruption names the offset and what was expected.
Result<LabelMap> ParseLabelJson(std::string_view text);

/// Keeps the entries whose key is in `sorted_keys` (sorted, unique).
LabelMap FilterLabels(const LabelMap& map, const std::vector<std::string>& sorted_keys);

/// `later` entries overwrite `earlier` ones with the same key.
LabelMap MergeLabels(const LabelMap& earlier, const LabelMap& later);

/// The text PostgreSQL prints for the map as jsonb.
std::string FormatJsonb(const LabelMap& map);

/// Interned label maps. Id kNullLabels stands for SQL NULL (no map at all).
class LabelPool {
 public:
  static constexpr uint32_t kNullLabels = UINT32_MAX;
  static constexpr uint32_t kEmptyLabels = 0;  // {} is always id 0

  LabelPool();

  /// The id of `map`, adding it if new.
  uint32_t Intern(LabelMap map);
  const LabelMap& Get(uint32_t id) const { return maps_[id]; }
  size_t size() const { return maps_.size(); }

  /// Interned MergeLabels(Get(earlier), Get(later)); cached per pair. Neither may be kNullLabels.
  uint32_t Merge(uint32_t earlier, uint32_t later);

  /// FormatJsonb(Get(id)), cached.
  const std::string& Jsonb(uint32_t id);

 private:
  struct MapHash {
    size_t operator()(const LabelMap& map) const;
  };
  std::vector<LabelMap> maps_;
  std::unordered_map<LabelMap, uint32_t, MapHash> ids_;
  std::unordered_map<uint64_t, uint32_t> merges_;
  std::vector<std::optional<std::string>> jsonb_;
};

}  // namespace ocpagg::ocp
