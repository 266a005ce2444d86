#include "ocp/labels.h"

#include <fmt/format.h>

#include <algorithm>

namespace ocpagg::ocp {
namespace {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Result<LabelMap> ParseObject() {
    SkipSpace();
    if (!Consume('{')) return Error("expected '{'");
    LabelMap map;
    SkipSpace();
    if (Consume('}')) return Finish(std::move(map));
    while (true) {
      SkipSpace();
      Label label;
      OCPAGG_ASSIGN_OR_RETURN(label.key, ParseString());
      SkipSpace();
      if (!Consume(':')) return Error("expected ':'");
      SkipSpace();
      OCPAGG_RETURN_IF_ERROR(ParseValue(&label));
      map.push_back(std::move(label));
      SkipSpace();
      if (Consume('}')) break;
      if (!Consume(',')) return Error("expected ',' or '}'");
    }
    return Finish(std::move(map));
  }

 private:
  Result<LabelMap> Finish(LabelMap map) {
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the object");
    // Sort by key keeping the input order of equal keys, then keep the last of each run.
    std::stable_sort(map.begin(), map.end(),
                     [](const Label& a, const Label& b) { return a.key < b.key; });
    LabelMap out;
    out.reserve(map.size());
    for (auto& label : map) {
      if (!out.empty() && out.back().key == label.key) {
        out.back() = std::move(label);
      } else {
        out.push_back(std::move(label));
      }
    }
    return out;
  }

  Status Error(std::string_view what) const {
    return Status::Corruption(fmt::format("label JSON: {} at offset {}", what, pos_));
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Status ParseValue(Label* label) {
    if (pos_ >= text_.size()) return Error("expected a value");
    const char c = text_[pos_];
    if (c == '"') {
      OCPAGG_ASSIGN_OR_RETURN(label->value, ParseString());
      return Status::OK();
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        if (word == "null") {
          label->is_null = true;
        } else {
          label->value = std::string(word);
        }
        return Status::OK();
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const size_t start = pos_;
      while (pos_ < text_.size() &&
             std::string_view("+-0123456789.eE").find(text_[pos_]) != std::string_view::npos) {
        ++pos_;
      }
      label->value = std::string(text_.substr(start, pos_ - start));
      return Status::OK();
    }
    return Error("label values must be strings, numbers, booleans or null");
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  Result<uint32_t> ParseHex4() {
    if (text_.size() - pos_ < 4) return Error("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return Error("bad hex digit in \\u escape");
      }
    }
    return v;
  }

  Result<std::string> ParseString() {
    if (!Consume('"')) return Error("expected a string");
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return Error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return Error("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          OCPAGG_ASSIGN_OR_RETURN(uint32_t cp, ParseHex4());
          if (cp >= 0xd800 && cp < 0xdc00 && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            OCPAGG_ASSIGN_OR_RETURN(uint32_t low, ParseHex4());
            if (low < 0xdc00 || low > 0xdfff) return Error("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          }
          AppendUtf8(cp, &out);
          break;
        }
        default:
          return Error("unknown escape");
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void AppendJsonbString(std::string_view s, std::string* out) {
  // PostgreSQL escape_json(): quotes, backslash and control characters; everything else raw.
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          *out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

Result<LabelMap> ParseLabelJson(std::string_view text) { return JsonParser(text).ParseObject(); }

LabelMap FilterLabels(const LabelMap& map, const std::vector<std::string>& sorted_keys) {
  LabelMap out;
  for (const Label& label : map) {
    if (std::binary_search(sorted_keys.begin(), sorted_keys.end(), label.key)) {
      out.push_back(label);
    }
  }
  return out;
}

LabelMap MergeLabels(const LabelMap& earlier, const LabelMap& later) {
  LabelMap out;
  out.reserve(earlier.size() + later.size());
  size_t i = 0, j = 0;
  while (i < earlier.size() || j < later.size()) {
    if (j == later.size() || (i < earlier.size() && earlier[i].key < later[j].key)) {
      out.push_back(earlier[i++]);
    } else if (i == earlier.size() || later[j].key < earlier[i].key) {
      out.push_back(later[j++]);
    } else {
      out.push_back(later[j++]);
      ++i;
    }
  }
  return out;
}

std::string FormatJsonb(const LabelMap& map) {
  std::vector<const Label*> order;
  order.reserve(map.size());
  for (const Label& label : map) order.push_back(&label);
  // jsonb keeps object keys sorted by length first, then bytewise (PostgreSQL jsonb.c,
  // lengthCompareJsonbString).
  std::sort(order.begin(), order.end(), [](const Label* a, const Label* b) {
    if (a->key.size() != b->key.size()) return a->key.size() < b->key.size();
    return a->key < b->key;
  });
  std::string out = "{";
  for (size_t i = 0; i < order.size(); ++i) {
    if (i) out += ", ";
    AppendJsonbString(order[i]->key, &out);
    out += ": ";
    if (order[i]->is_null) {
      out += "null";
    } else {
      AppendJsonbString(order[i]->value, &out);
    }
  }
  out += "}";
  return out;
}

size_t LabelPool::MapHash::operator()(const LabelMap& map) const {
  size_t h = 1469598103934665603ULL;
  for (const Label& label : map) {
    h = (h ^ std::hash<std::string>()(label.key)) * 1099511628211ULL;
    h = (h ^ std::hash<std::string>()(label.value)) * 1099511628211ULL;
    h ^= label.is_null;
  }
  return h;
}

LabelPool::LabelPool() { Intern({}); }

uint32_t LabelPool::Intern(LabelMap map) {
  auto it = ids_.find(map);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(maps_.size());
  maps_.push_back(map);
  ids_.emplace(std::move(map), id);
  jsonb_.emplace_back();
  return id;
}

uint32_t LabelPool::Merge(uint32_t earlier, uint32_t later) {
  if (earlier == kEmptyLabels) return later;
  if (later == kEmptyLabels) return earlier;
  const uint64_t key = (uint64_t{earlier} << 32) | later;
  auto it = merges_.find(key);
  if (it != merges_.end()) return it->second;
  const uint32_t id = Intern(MergeLabels(maps_[earlier], maps_[later]));
  merges_.emplace(key, id);
  return id;
}

const std::string& LabelPool::Jsonb(uint32_t id) {
  if (!jsonb_[id]) jsonb_[id] = FormatJsonb(maps_[id]);
  return *jsonb_[id];
}

}  // namespace ocpagg::ocp
