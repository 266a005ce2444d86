#include "gen/manifest.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <exception>

#include "common/date.h"
#include "io/file.h"

namespace ocpagg::gen {
namespace {

constexpr int64_t kDay = 86400;

// A YAML scalar resolved as PyYAML's safe_load (YAML 1.1) resolves it.
struct Scalar {
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kDate, kDateTime, kString };
  Kind kind = Kind::kNull;
  std::string text;     // the scalar's text (strings: the value)
  double number = 0;    // kInt / kFloat / kBool
  int64_t seconds = 0;  // kDate / kDateTime: seconds since the epoch
};

bool AllOf(std::string_view s, int (*pred)(int)) {
  for (char c : s) {
    if (!pred(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return !s.empty();
}

int IsOctal(int c) { return c >= '0' && c <= '7'; }
int IsBinary(int c) { return c == '0' || c == '1'; }

std::optional<double> ParseYamlInt(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  std::string digits;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    if (!AllOf(s.substr(2), isxdigit)) return std::nullopt;
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'b') {
    if (!AllOf(s.substr(2), IsBinary)) return std::nullopt;
    base = 2;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    if (!AllOf(s, IsOctal)) return std::nullopt;
    base = 8;
  } else {
    if (!AllOf(s, isdigit) || s[0] == '_') return std::nullopt;
  }
  for (char c : s) {
    if (c != '_') digits.push_back(c);
  }
  if (digits.empty()) return std::nullopt;
  double v = 0;
  for (char c : digits) {
    int d = std::isdigit(static_cast<unsigned char>(c))
                ? c - '0'
                : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    v = v * base + d;
  }
  return neg ? -v : v;
}

// PyYAML's float: [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? (a '.' is required), plus
// .inf / .nan.
std::optional<double> ParseYamlFloat(std::string_view s) {
  std::string_view body = s;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::nan("");
  size_t i = 0;
  while (i < body.size() && (std::isdigit(static_cast<unsigned char>(body[i])) || body[i] == '_'))
    ++i;
  if (i < body.size() && body[0] == '_') return std::nullopt;
  if (i >= body.size() || body[i] != '.') return std::nullopt;
  ++i;
  while (i < body.size() && (std::isdigit(static_cast<unsigned char>(body[i])) || body[i] == '.'))
    ++i;
  if (i < body.size()) {
    if (body[i] != 'e' && body[i] != 'E') return std::nullopt;
    ++i;
    if (i >= body.size() || (body[i] != '-' && body[i] != '+')) return std::nullopt;
    ++i;
    if (i >= body.size() || !AllOf(body.substr(i), isdigit)) return std::nullopt;
  }
  std::string clean;
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  if (std::count(clean.begin(), clean.end(), '.') > 1) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return std::nullopt;
  return v;
}

bool ParseFixedInt(std::string_view s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// ISO-ish date / date-time: YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|+00:00]. Returns seconds.
std::optional<int64_t> ParseIsoDateTime(std::string_view s, bool* has_time) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !ParseFixedInt(s, 0, 4, &y) ||
      !ParseFixedInt(s, 5, 2, &m) || !ParseFixedInt(s, 8, 2, &d) || m < 1 || m > 12 || d < 1 ||
      d > static_cast<int>(DaysInMonth(y, static_cast<uint32_t>(m)))) {
    return std::nullopt;
  }
  int64_t secs =
      static_cast<int64_t>(DaysFromCivil({y, static_cast<uint32_t>(m), static_cast<uint32_t>(d)})) *
      kDay;
  *has_time = false;
  if (s.size() == 10) return secs;
  if (s[10] != ' ' && s[10] != 'T' && s[10] != 't') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!ParseFixedInt(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' ||
      !ParseFixedInt(s, 14, 2, &mm)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!ParseFixedInt(s, pos + 1, 2, &ss)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
  }
  std::string_view tz = s.substr(pos);
  while (!tz.empty() && tz[0] == ' ') tz.remove_prefix(1);
  if (!tz.empty() && tz != "Z" && tz != "z" && tz != "+00:00" && tz != "+0000" && tz != "UTC") {
    return std::nullopt;
  }
  *has_time = true;
  return secs + hh * 3600 + mm * 60 + ss;
}

Scalar Resolve(const YAML::Node& node) {
  Scalar s;
  if (!node || node.IsNull()) return s;
  s.text = node.Scalar();
  if (node.Tag() != "?") {  // quoted (or explicitly tagged): a string
    s.kind = Scalar::Kind::kString;
    return s;
  }
  const std::string& t = s.text;
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
    s.kind = Scalar::Kind::kNull;
    return s;
  }
  static const char* kTrue[] = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char* kFalse[] = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  for (const char* v : kTrue) {
    if (t == v) {
      s.kind = Scalar::Kind::kBool;
      s.number = 1;
      return s;
    }
  }
  for (const char* v : kFalse) {
    if (t == v) {
      s.kind = Scalar::Kind::kBool;
      return s;
    }
  }
  if (auto i = ParseYamlInt(t)) {
    s.kind = Scalar::Kind::kInt;
    s.number = *i;
    return s;
  }
  if (auto f = ParseYamlFloat(t)) {
    s.kind = Scalar::Kind::kFloat;
    s.number = *f;
    return s;
  }
  bool has_time = false;
  if (auto secs = ParseIsoDateTime(t, &has_time)) {
    s.kind = has_time ? Scalar::Kind::kDateTime : Scalar::Kind::kDate;
    s.seconds = *secs;
    return s;
  }
  s.kind = Scalar::Kind::kString;
  return s;
}

// Python's str() of a resolved scalar (used for resource_id and names given as numbers).
std::string PyStr(const Scalar& s) {
  switch (s.kind) {
    case Scalar::Kind::kNull:
      return "None";
    case Scalar::Kind::kBool:
      return s.number != 0 ? "True" : "False";
    case Scalar::Kind::kInt:
      return fmt::format("{}", static_cast<int64_t>(s.number));
    case Scalar::Kind::kFloat: {
      std::string r = fmt::format("{}", s.number);
      if (r.find_first_of(".en") == std::string::npos) r += ".0";
      return r;
    }
    case Scalar::Kind::kDate:
      return FormatDate(static_cast<int32_t>(s.seconds / kDay));
    case Scalar::Kind::kDateTime:
      return FormatTimestamp(s.seconds, 1);
    case Scalar::Kind::kString:
      return s.text;
  }
  return s.text;
}

// Parses dateutil-style day keys of usage maps: ISO dates (with an optional time) and month-first
// `M-D-YYYY` / `M/D/YYYY` (nise-manifests.md §2.7).
std::optional<int32_t> ParseDayKey(std::string_view key) {
  bool has_time = false;
  if (auto secs = ParseIsoDateTime(key, &has_time)) return static_cast<int32_t>(*secs / kDay);
  std::string k(key);
  std::replace(k.begin(), k.end(), '/', '-');
  int parts[3] = {0, 0, 0};
  size_t p = 0;
  for (int n = 0; n < 3; ++n) {
    size_t q = k.find('-', p);
    if (n < 2 && q == std::string::npos) return std::nullopt;
    if (n == 2) {
      if (q != std::string::npos) return std::nullopt;
      q = k.size();
    }
    std::string_view part(k.data() + p, q - p);
    if (part.empty() || part.size() > 4 || !AllOf(part, isdigit)) return std::nullopt;
    std::from_chars(part.data(), part.data() + part.size(), parts[n]);
    p = q + 1;
  }
  int y = parts[2], m = parts[0], d = parts[1];
  if (parts[0] > 31) {  // Y-M-D without zero padding
    y = parts[0];
    m = parts[1];
    d = parts[2];
  }
  if (m < 1 || m > 12 || d < 1 || d > static_cast<int>(DaysInMonth(y, static_cast<uint32_t>(m))))
    return std::nullopt;
  return DaysFromCivil({y, static_cast<uint32_t>(m), static_cast<uint32_t>(d)});
}

class Parser {
 public:
  explicit Parser(std::string name) : name_(std::move(name)) {}

  Status ParseDocument(const YAML::Node& root, Manifest* out) {
    if (!root.IsMap()) return Error("", "the document must be a mapping");
    YAML::Node generators = root["generators"];
    if (!generators && root["ocp"] && root["ocp"].IsMap()) {
      generators = root["ocp"]["generators"];  // the POC's wrapped form (nise-manifests.md §1.1)
      if (!generators && root["ocp"]["clusters"]) {
        return Status::NotSupported(fmt::format(
            "{}: 'ocp.clusters' (one nise run per cluster) is not supported; split the manifest",
            name_));
      }
    }
    if (!generators || generators.IsNull()) return Error("", "no 'generators' list");
    if (!generators.IsSequence()) return Error("generators", "must be a list");
    for (size_t i = 0; i < generators.size(); ++i) {
      const YAML::Node item = generators[i];
      const std::string where = fmt::format("generators[{}]", i);
      if (!item.IsMap() || item.size() != 1) {
        return Error(where, "must be a one-key mapping {OCPGenerator: ...}");
      }
      const auto entry = *item.begin();
      const std::string cls = entry.first.as<std::string>();
      if (cls != "OCPGenerator") {
        return Status::NotSupported(
            fmt::format("{}: {}: generator '{}' is not an OCP generator", name_, where, cls));
      }
      GeneratorSpec gen;
      OCPAGG_RETURN_IF_ERROR(ParseGenerator(entry.second, where, &gen));
      out->generators.push_back(std::move(gen));
    }
    return Status::OK();
  }

 private:
  Status Error(const std::string& where, const std::string& what) const {
    if (where.empty()) return Status::InvalidArgument(fmt::format("{}: {}", name_, what));
    return Status::InvalidArgument(fmt::format("{}: {}: {}", name_, where, what));
  }

  Status ParseDate(const YAML::Node& node, bool is_end, const std::string& where, DateSpec* out) {
    if (!node) return Status::OK();
    const Scalar s = Resolve(node);
    switch (s.kind) {
      case Scalar::Kind::kNull:
        return Status::OK();
      case Scalar::Kind::kDate:
      case Scalar::Kind::kDateTime:
        out->kind = DateSpec::Kind::kSeconds;
        out->seconds = s.seconds;
        return Status::OK();
      case Scalar::Kind::kInt:
        if (!is_end) break;
        out->kind = DateSpec::Kind::kDayOffset;
        out->seconds = static_cast<int64_t>(s.number);
        return Status::OK();
      case Scalar::Kind::kString: {
        if (s.text == "today") {
          out->kind = DateSpec::Kind::kToday;
          return Status::OK();
        }
        if (s.text == "last_month") {
          out->kind = DateSpec::Kind::kLastMonth;
          return Status::OK();
        }
        bool has_time = false;
        if (auto secs = ParseIsoDateTime(s.text, &has_time)) {
          out->kind = DateSpec::Kind::kSeconds;
          out->seconds = *secs;
          return Status::OK();
        }
        if (auto day = ParseDayKey(s.text)) {
          out->kind = DateSpec::Kind::kSeconds;
          out->seconds = int64_t{*day} * kDay;
          return Status::OK();
        }
        break;
      }
      default:
        break;
    }
    return Error(where, fmt::format("cannot read '{}' as a date", s.text));
  }

  Status ParseGenerator(const YAML::Node& attrs, const std::string& where, GeneratorSpec* gen) {
    if (!attrs || attrs.IsNull() || (attrs.IsMap() && !attrs["nodes"])) {
      return Status::NotSupported(fmt::format(
          "{}: {}: a generator without 'nodes' makes a fully random cluster, which ocpagg "
          "does not generate (use scale mode)",
          name_, where));
    }
    if (!attrs.IsMap()) return Error(where, "attributes must be a mapping");
    OCPAGG_RETURN_IF_ERROR(
        ParseDate(attrs["start_date"], false, where + ".start_date", &gen->start));
    OCPAGG_RETURN_IF_ERROR(ParseDate(attrs["end_date"], true, where + ".end_date", &gen->end));
    const YAML::Node nodes = attrs["nodes"];
    if (nodes.IsNull() || (nodes.IsSequence() && nodes.size() == 0)) {
      return Status::NotSupported(
          fmt::format("{}: {}: empty 'nodes' makes a fully random cluster", name_, where));
    }
    if (!nodes.IsSequence()) return Error(where + ".nodes", "must be a list");
    for (size_t i = 0; i < nodes.size(); ++i) {
      NodeSpec node;
      OCPAGG_RETURN_IF_ERROR(ParseNode(nodes[i], fmt::format("{}.nodes[{}]", where, i), &node));
      gen->nodes.push_back(std::move(node));
    }
    return Status::OK();
  }

  // Optional string: absent = nullopt, null = "" (Python None -> empty cell), else str(value).
  static std::optional<std::string> OptString(const YAML::Node& map, const char* key) {
    const YAML::Node v = map[key];
    if (!v) return std::nullopt;
    const Scalar s = Resolve(v);
    if (s.kind == Scalar::Kind::kNull) return std::string();
    return PyStr(s);
  }
  static std::string Text(const YAML::Node& map, const char* key) {
    return OptString(map, key).value_or("");
  }

  Status OptNumber(const YAML::Node& map, const char* key, const std::string& where, bool null_ok,
                   std::optional<PyNum>* out) {
    const YAML::Node v = map[key];
    if (!v) return Status::OK();
    if (!v.IsScalar() && !v.IsNull()) return Error(where + "." + key, "must be a number");
    const Scalar s = Resolve(v);
    if (s.kind == Scalar::Kind::kNull) {
      if (null_ok) return Status::OK();
      return Error(where + "." + key, "is null (nise crashes on a null number here)");
    }
    if (s.kind != Scalar::Kind::kInt && s.kind != Scalar::Kind::kFloat &&
        s.kind != Scalar::Kind::kBool) {
      return Error(where + "." + key, fmt::format("'{}' is not a number", s.text));
    }
    *out = PyNum{s.number, s.kind != Scalar::Kind::kFloat};
    return Status::OK();
  }

  Status ParseUsage(const YAML::Node& map, const char* key, const std::string& where,
                    UsageMap* out) {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) return Status::OK();
    if (!v.IsMap()) return Error(where + "." + key, "must be a mapping {full_period: value}");
    for (const auto& entry : v) {
      const Scalar k = Resolve(entry.first);
      const Scalar val = Resolve(entry.second);
      UsageEntry e;
      if (k.kind != Scalar::Kind::kString) {
        return Error(where + "." + key,
                     fmt::format("key '{}' is not a string (an unquoted date key crashes nise; "
                                 "quote it)",
                                 k.text));
      }
      if (k.text == "full_period") {
        e.full_period = true;
      } else if (auto day = ParseDayKey(k.text)) {
        e.day = *day;
      } else {
        return Error(where + "." + key, fmt::format("cannot read key '{}' as a date", k.text));
      }
      if (val.kind == Scalar::Kind::kNull) {
        e.value = PyNum{0, true};  // None is falsy: random, like 0
      } else if (val.kind == Scalar::Kind::kInt || val.kind == Scalar::Kind::kFloat ||
                 val.kind == Scalar::Kind::kBool) {
        e.value = PyNum{val.number, val.kind != Scalar::Kind::kFloat};
      } else {
        return Error(where + "." + key, fmt::format("value '{}' is not a number", val.text));
      }
      out->entries.push_back(e);
    }
    return Status::OK();
  }

  Status ParseNode(const YAML::Node& item, const std::string& where, NodeSpec* node) {
    if (!item.IsMap()) return Error(where, "must be a mapping");
    node->name = OptString(item, "node_name");
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "cpu_cores", where, false, &node->cpu_cores));
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "memory_gig", where, false, &node->memory_gig));
    node->resource_id = OptString(item, "resource_id");
    if (node->resource_id && item["resource_id"].IsNull()) node->resource_id = "None";
    node->labels = Text(item, "node_labels");
    const YAML::Node namespaces = item["namespaces"];
    if (!namespaces || namespaces.IsNull() || (namespaces.IsMap() && namespaces.size() == 0)) {
      return Status::NotSupported(fmt::format(
          "{}: {}: a node without namespaces gets random namespaces, pods and VMs from nise, "
          "which ocpagg does not generate",
          name_, where));
    }
    if (!namespaces.IsMap()) return Error(where + ".namespaces", "must be a mapping");
    for (const auto& entry : namespaces) {
      NamespaceSpec ns;
      ns.name = PyStr(Resolve(entry.first));
      const std::string w = where + ".namespaces." + ns.name;
      OCPAGG_RETURN_IF_ERROR(ParseNamespace(entry.second, w, &ns));
      node->namespaces.push_back(std::move(ns));
    }
    return Status::OK();
  }

  Status ParseNamespace(const YAML::Node& v, const std::string& where, NamespaceSpec* ns) {
    if (!v || v.IsNull()) return Status::OK();  // an empty namespace (allowed by nise)
    if (!v.IsMap()) return Error(where, "must be a mapping");
    ns->labels = Text(v, "namespace_labels");
    if (v["virtual_machines"] && !v["virtual_machines"].IsNull() &&
        !(v["virtual_machines"].IsSequence() && v["virtual_machines"].size() == 0)) {
      return Status::NotSupported(
          fmt::format("{}: {}: virtual_machines are not generated yet", name_, where));
    }
    const YAML::Node pods = v["pods"];
    if (pods && !pods.IsNull()) {
      if (!pods.IsSequence()) return Error(where + ".pods", "must be a list");
      for (size_t i = 0; i < pods.size(); ++i) {
        PodSpec pod;
        OCPAGG_RETURN_IF_ERROR(ParsePod(pods[i], fmt::format("{}.pods[{}]", where, i), &pod));
        ns->pods.push_back(std::move(pod));
      }
    }
    const YAML::Node volumes = v["volumes"];
    if (volumes) {
      if (volumes.IsNull()) {
        return Error(where + ".volumes", "is null (nise iterates it and crashes); remove it");
      }
      if (!volumes.IsSequence()) return Error(where + ".volumes", "must be a list");
      for (size_t i = 0; i < volumes.size(); ++i) {
        VolumeSpec vol;
        OCPAGG_RETURN_IF_ERROR(
            ParseVolume(volumes[i], fmt::format("{}.volumes[{}]", where, i), &vol));
        ns->volumes.push_back(std::move(vol));
      }
    }
    return Status::OK();
  }

  Status ParsePod(const YAML::Node& item, const std::string& where, PodSpec* pod) {
    if (!item.IsMap()) return Error(where, "must be a mapping");
    pod->name = OptString(item, "pod_name");
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "cpu_limit", where, false, &pod->cpu_limit));
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "cpu_request", where, false, &pod->cpu_request));
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "mem_limit_gig", where, false, &pod->mem_limit_gig));
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "mem_request_gig", where, false, &pod->mem_request_gig));
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "pod_seconds", where, true, &pod->pod_seconds));
    OCPAGG_RETURN_IF_ERROR(ParseUsage(item, "cpu_usage", where, &pod->cpu_usage));
    OCPAGG_RETURN_IF_ERROR(ParseUsage(item, "mem_usage_gig", where, &pod->mem_usage_gig));
    pod->labels = Text(item, "labels");
    if (pod->labels.find("label_vm_kubevirt_io_name:") != std::string::npos) {
      return Status::NotSupported(fmt::format(
          "{}: {}: pods labelled label_vm_kubevirt_io_name make nise add a VM; VMs are not "
          "generated yet",
          name_, where));
    }
    if (item["gpus"] && !item["gpus"].IsNull()) {
      return Status::NotSupported(fmt::format("{}: {}: gpus are not generated yet", name_, where));
    }
    return Status::OK();
  }

  Status ParseVolume(const YAML::Node& item, const std::string& where, VolumeSpec* vol) {
    if (!item.IsMap()) return Error(where, "must be a mapping");
    vol->name = OptString(item, "volume_name");
    vol->storage_class = OptString(item, "storage_class");
    vol->csi_driver = OptString(item, "csi_driver");
    vol->csi_volume_handle = OptString(item, "csi_volume_handle");
    OCPAGG_RETURN_IF_ERROR(OptNumber(item, "volume_request_gig", where, true, &vol->request_gig));
    vol->labels = Text(item, "labels");
    const YAML::Node claims = item["volume_claims"];
    if (claims && !claims.IsNull()) {
      if (!claims.IsSequence()) return Error(where + ".volume_claims", "must be a list");
      for (size_t i = 0; i < claims.size(); ++i) {
        const YAML::Node c = claims[i];
        const std::string w = fmt::format("{}.volume_claims[{}]", where, i);
        if (!c.IsMap()) return Error(w, "must be a mapping");
        ClaimSpec claim;
        claim.name = OptString(c, "volume_claim_name");
        claim.pod_name = Text(c, "pod_name");
        OCPAGG_RETURN_IF_ERROR(OptNumber(c, "capacity_gig", w, false, &claim.capacity_gig));
        OCPAGG_RETURN_IF_ERROR(ParseUsage(c, "volume_claim_usage_gig", w, &claim.usage_gig));
        claim.labels = Text(c, "labels");
        vol->claims.push_back(std::move(claim));
      }
    }
    return Status::OK();
  }

  std::string name_;
};

int64_t FirstOfMonth(int64_t secs) {
  CivilDate d = CivilFromDays(static_cast<int32_t>(secs / kDay));
  d.day = 1;
  return int64_t{DaysFromCivil(d)} * kDay;
}

int64_t AddMonths(int64_t first_of_month, int months) {
  CivilDate d = CivilFromDays(static_cast<int32_t>(first_of_month / kDay));
  int m = static_cast<int>(d.month) - 1 + months;
  d.year += m >= 0 ? m / 12 : (m - 11) / 12;
  d.month = static_cast<uint32_t>(((m % 12) + 12) % 12 + 1);
  return int64_t{DaysFromCivil(d)} * kDay;
}

int64_t FloorDay(int64_t secs) { return secs - (((secs % kDay) + kDay) % kDay); }

}  // namespace

std::optional<PyNum> UsageMap::Lookup(int32_t day) const {
  for (const UsageEntry& e : entries) {
    if (e.full_period || e.day == day) return e.value;
  }
  return std::nullopt;
}

Result<Manifest> ParseManifest(const std::string& yaml_text, const std::string& name) {
  Manifest manifest;
  // yaml-cpp reports errors by throwing; this is the one boundary where they become a Status.
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    Parser parser(name);
    OCPAGG_RETURN_IF_ERROR(parser.ParseDocument(root, &manifest));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}: YAML error at line {}, column {}: {}", name,
                                               e.mark.line + 1, e.mark.column + 1, e.msg));
  } catch (const std::exception& e) {
    return Status::InvalidArgument(fmt::format("{}: {}", name, e.what()));
  }
  return manifest;
}

Result<Manifest> LoadManifest(const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, io::ReadWholeFile(path));
  return ParseManifest(std::string(bytes.begin(), bytes.end()), path);
}

Result<std::vector<TimeRange>> ResolveGeneratorDates(const Manifest& manifest,
                                                     std::optional<int64_t> cli_start,
                                                     std::optional<int64_t> cli_end,
                                                     int64_t now_hour) {
  // N:nise/__main__.py _load_static_report_data, calculate_start_date, calculate_end_date.
  const int64_t today = FloorDay(now_hour);
  const auto resolve = [&](const DateSpec& d, bool is_end, int64_t start) -> int64_t {
    switch (d.kind) {
      case DateSpec::Kind::kSeconds:
        if (is_end && d.seconds == today) return now_hour;  // "today's date" = now
        return d.seconds;
      case DateSpec::Kind::kToday:
        return is_end ? now_hour : today;
      case DateSpec::Kind::kLastMonth:
        return AddMonths(FirstOfMonth(now_hour), -1);
      case DateSpec::Kind::kDayOffset:
        return start + d.seconds * kDay;
      case DateSpec::Kind::kAbsent:
        break;
    }
    if (is_end) return cli_end.value_or(now_hour);
    return cli_start.value_or(FirstOfMonth(now_hour));
  };
  std::vector<TimeRange> out;
  for (size_t i = 0; i < manifest.generators.size(); ++i) {
    const GeneratorSpec& g = manifest.generators[i];
    TimeRange r;
    r.start = resolve(g.start, false, 0);
    r.end = resolve(g.end, true, r.start);
    if (r.end < r.start) {
      return Status::InvalidArgument(
          fmt::format("generators[{}]: end_date {} is before start_date {}", i,
                      FormatTimestamp(r.end, 1), FormatTimestamp(r.start, 1)));
    }
    out.push_back(r);
  }
  return out;
}

std::vector<MonthPlan> PlanMonths(const std::vector<TimeRange>& generators) {
  std::vector<MonthPlan> months;
  if (generators.empty()) return months;
  int64_t start = generators[0].start;
  int64_t max_end = generators[0].end;
  for (const TimeRange& g : generators) {
    start = std::min(start, g.start);
    max_end = std::max(max_end, g.end);
  }
  // options.end: the last day of the month of the latest end, 00:00 (§1.3).
  const int64_t end = AddMonths(FirstOfMonth(max_end), 1) - kDay;
  const int64_t end_month_first = FirstOfMonth(end);
  for (int64_t current = FirstOfMonth(start) + (start - FloorDay(start)); current <= end;) {
    const int64_t first = FirstOfMonth(current);
    const int64_t next = AddMonths(first, 1);
    int64_t m_start = first;
    int64_t m_end = next - kDay + 23 * 3600 + 59 * 60;  // last day 23:59
    if (first == FirstOfMonth(start)) m_start = start;
    if (first < end_month_first) m_end = next;
    if (first == end_month_first) m_end = end;
    // month_end_compare: 23:59:59 of month_end's day unless it is the 1st.
    const CivilDate end_day = CivilFromDays(static_cast<int32_t>(FloorDay(m_end) / kDay));
    const int64_t compare = end_day.day != 1 ? FloorDay(m_end) + kDay - 1 : m_end;
    MonthPlan plan;
    plan.month_start = first;
    for (const TimeRange& g : generators) {
      TimeRange w;
      if (!(g.end < m_start || g.start > m_end)) {
        w.start = g.start < m_start ? m_start : g.start;
        w.end = g.end > compare ? m_end : g.end;
      }
      plan.windows.push_back(w);
    }
    months.push_back(std::move(plan));
    current = AddMonths(first, 1) + (current - first) % kDay;
  }
  return months;
}

std::vector<int64_t> HourGrid(TimeRange window) {
  std::vector<int64_t> hours;
  if (window.start == 0 && window.end == 0) return hours;
  for (int64_t t = window.start; t + 3599 <= window.end; t += 3600) hours.push_back(t);
  return hours;
}

}  // namespace ocpagg::gen
