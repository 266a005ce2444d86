#include "gen/koku_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/date.h"

namespace ocpagg::gen {
namespace {

constexpr int64_t kDayMs = 86400000;

int64_t DayOfMs(int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; }

// Appends Python json.dumps' form of `s` (ensure_ascii=True) with quotes.
void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xC0) {  // decode UTF-8; an invalid sequence's byte stands for itself (Latin-1)
      const size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      uint32_t v = c & (0x3Fu >> need);
      bool ok = i + need < s.size();
      for (size_t k = 1; ok && k <= need; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) ok = false;
        v = (v << 6) | (cc & 0x3Fu);
      }
      if (ok) {
        cp = v;
        len = need + 1;
      }
    }
    i += len;
    switch (cp) {
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      case '\b':
        out->append("\\b");
        continue;
      case '\f':
        out->append("\\f");
        continue;
      default:
        break;
    }
    if (cp >= 0x20 && cp < 0x7F) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x10000) {
      out->append(fmt::format("\\u{:04x}", cp));
    } else {  // a surrogate pair
      const uint32_t v = cp - 0x10000;
      out->append(fmt::format("\\u{:04x}\\u{:04x}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)));
    }
  }
  out->push_back('"');
}

std::string ReplaceAll(std::string_view s, std::string_view from) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    pos = hit + from.size();
  }
  out.append(s.substr(pos));
  return out;
}

bool IsNameField(std::string_view name) {
  // FIELDS_TO_VALIDATE (ocp_data_validator.py:47-65) present in our report types.
  static constexpr std::string_view kNames[] = {
      "namespace",    "pod",         "node",       "persistentvolumeclaim", "persistentvolume",
      "storageclass", "resource_id", "csi_driver", "csi_volume_handle",     "node_role"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool IsThresholdColumn(std::string_view name) {
  // THRESHOLD_MAP (K:koku/masu/util/ocp/common.py:386-404): rows above 1e18 are dropped.
  static constexpr std::string_view kCols[] = {"pod_usage_cpu_core_seconds",
                                               "pod_request_cpu_core_seconds",
                                               "pod_limit_cpu_core_seconds",
                                               "node_capacity_cpu_core_seconds",
                                               "pod_usage_memory_byte_seconds",
                                               "pod_request_memory_byte_seconds",
                                               "pod_limit_memory_byte_seconds",
                                               "node_capacity_memory_byte_seconds",
                                               "node_capacity_memory_bytes",
                                               "persistentvolumeclaim_capacity_bytes",
                                               "persistentvolumeclaim_capacity_byte_seconds",
                                               "volume_request_storage_byte_seconds",
                                               "persistentvolumeclaim_usage_byte_seconds"};
  return std::find(std::begin(kCols), std::end(kCols), name) != std::end(kCols);
}

enum class Agg : uint8_t { kSum, kMax };
struct AggSpec {
  const char* name;
  Agg agg;
};

// group_by / agg / new_required_columns per type (K:koku/masu/util/ocp/common.py:90-207).
struct RollupSpec {
  std::vector<const char*> group_by;
  std::vector<AggSpec> aggs;
  std::vector<const char*> new_required;  // all-NULL string columns when absent
};

const RollupSpec& SpecFor(ReportType type) {
  static const RollupSpec kPod{{"namespace", "node", "pod", "pod_labels"},
                               {{"report_period_start", Agg::kMax},
                                {"report_period_end", Agg::kMax},
                                {"resource_id", Agg::kMax},
                                {"pod_usage_cpu_core_seconds", Agg::kSum},
                                {"pod_request_cpu_core_seconds", Agg::kSum},
                                {"pod_effective_usage_cpu_core_seconds", Agg::kSum},
                                {"pod_limit_cpu_core_seconds", Agg::kSum},
                                {"pod_usage_memory_byte_seconds", Agg::kSum},
                                {"pod_request_memory_byte_seconds", Agg::kSum},
                                {"pod_effective_usage_memory_byte_seconds", Agg::kSum},
                                {"pod_limit_memory_byte_seconds", Agg::kSum},
                                {"node_capacity_cpu_cores", Agg::kMax},
                                {"node_capacity_cpu_core_seconds", Agg::kSum},
                                {"node_capacity_memory_bytes", Agg::kMax},
                                {"node_capacity_memory_byte_seconds", Agg::kSum},
                                {"node_role", Agg::kMax}},
                               {"node_role"}};
  static const RollupSpec kStorage{
      {"namespace", "node", "pod", "persistentvolumeclaim", "persistentvolume", "storageclass",
       "csi_driver", "csi_volume_handle", "persistentvolume_labels",
       "persistentvolumeclaim_labels"},
      {{"report_period_start", Agg::kMax},
       {"report_period_end", Agg::kMax},
       {"persistentvolumeclaim_capacity_bytes", Agg::kMax},
       {"persistentvolumeclaim_capacity_byte_seconds", Agg::kSum},
       {"volume_request_storage_byte_seconds", Agg::kSum},
       {"persistentvolumeclaim_usage_byte_seconds", Agg::kSum}},
      {"node", "csi_driver", "csi_volume_handle"}};
  static const RollupSpec kNode{
      {"node", "node_labels"},
      {{"report_period_start", Agg::kMax}, {"report_period_end", Agg::kMax}},
      {}};
  static const RollupSpec kNamespace{
      {"namespace", "namespace_labels"},
      {{"report_period_start", Agg::kMax}, {"report_period_end", Agg::kMax}},
      {}};
  switch (type) {
    case ReportType::kPodUsage:
      return kPod;
    case ReportType::kStorageUsage:
      return kStorage;
    case ReportType::kNodeLabels:
      return kNode;
    case ReportType::kNamespaceLabels:
      return kNamespace;
  }
  return kPod;
}

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

}  // namespace

bool IsPandasNaToken(std::string_view s) {
  // pandas' default na_values (pandas/_libs/parsers.pyx STR_NA_VALUES).
  static constexpr std::string_view kTokens[] = {
      "",     "#N/A",   "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN",
      "-nan", "1.#IND", "1.#QNAN",  "<NA>", "N/A",     "NA",       "NULL",
      "NaN",  "None",   "n/a",      "nan",  "null"};
  return std::find(std::begin(kTokens), std::end(kTokens), s) != std::end(kTokens);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\0':
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {

std::vector<std::pair<std::string, std::string>> ParseLabels(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> labels;
  size_t pos = 0;
  while (!raw.empty() && pos <= raw.size()) {
    size_t bar = raw.find('|', pos);
    if (bar == std::string_view::npos) bar = raw.size();
    const std::string_view part = raw.substr(pos, bar - pos);
    pos = bar + 1;
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) continue;                      // no ':' -> skipped
    if (part.find(':', colon + 1) != std::string_view::npos) continue;  // split -> ValueError
    std::string key = ReplaceAll(part.substr(0, colon), "label_");
    std::string value(part.substr(colon + 1));
    auto it =
        std::find_if(labels.begin(), labels.end(), [&](const auto& kv) { return kv.first == key; });
    if (it != labels.end()) {
      it->second = std::move(value);
    } else {
      labels.emplace_back(std::move(key), std::move(value));
    }
  }
  return labels;
}

}  // namespace

std::vector<std::string> LabelKeys(std::string_view raw) {
  std::vector<std::string> keys;
  for (auto& kv : ParseLabels(raw)) keys.push_back(std::move(kv.first));
  return keys;
}

std::string LabelsToJson(std::string_view raw) {
  const auto labels = ParseLabels(raw);
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonString(labels[i].first, &out);
    out += ": ";
    AppendJsonString(labels[i].second, &out);
  }
  out += "}";
  return out;
}

KokuStrings KokuStrings::Build(StringPool* pool) {
  KokuStrings s;
  const size_t n = pool->size();
  s.label_.resize(n);
  s.name_.resize(n);
  s.plain_.resize(n);
  for (size_t id = 0; id < n; ++id) {
    const std::string text(pool->Get(static_cast<uint32_t>(id)));
    const bool na = IsPandasNaToken(text);
    s.plain_[id] = na ? 0 : static_cast<uint32_t>(id);
    s.label_[id] = pool->Intern(LabelsToJson(na ? std::string_view() : std::string_view(text)));
    s.name_[id] = na ? 0 : pool->Intern(HtmlEscape(text));
  }
  return s;
}

namespace {

Frame ConvertRange(const Frame& raw, const std::vector<uint32_t>* indices, size_t begin, size_t end,
                   const KokuStrings& strings) {
  const size_t n = indices ? indices->size() : end - begin;
  const auto row_at = [&](size_t i) -> size_t { return indices ? (*indices)[i] : begin + i; };
  // Rows dropped by the thresholds (ocp_post_processor.py:314-326 _remove_anomalies).
  std::vector<uint32_t> keep;
  bool drop_any = false;
  std::vector<uint8_t> dropped(n, 0);
  for (const Column& c : raw.columns) {
    if (c.kind != ColumnKind::kDouble || !IsThresholdColumn(c.name)) continue;
    for (size_t i = 0; i < n; ++i) {
      if (c.f64[row_at(i)] > 1e18) {
        dropped[i] = 1;
        drop_any = true;
      }
    }
  }
  if (drop_any) {
    for (size_t i = 0; i < n; ++i) {
      if (!dropped[i]) keep.push_back(static_cast<uint32_t>(row_at(i)));
    }
  }
  const size_t out_rows = drop_any ? keep.size() : n;
  const auto src = [&](size_t i) -> size_t { return drop_any ? keep[i] : row_at(i); };

  Frame out;
  out.type = raw.type;
  out.pool = raw.pool;
  out.rows = out_rows;
  out.columns.reserve(raw.columns.size() + 2);
  for (const Column& c : raw.columns) {
    Column o;
    o.name = c.name;
    o.kind = c.kind;
    o.all_null = c.all_null;
    if (c.all_null) {
      out.columns.push_back(std::move(o));
      continue;
    }
    switch (c.kind) {
      case ColumnKind::kTimestamp:
        o.i64.resize(out_rows);
        for (size_t i = 0; i < out_rows; ++i) o.i64[i] = c.i64[src(i)];
        break;
      case ColumnKind::kDouble:  // safe_float: an empty cell is 0.0
                                 // (K:koku/masu/util/common.py:126)
        o.f64.resize(out_rows);
        for (size_t i = 0; i < out_rows; ++i) {
          const double v = c.f64[src(i)];
          o.f64[i] = std::isnan(v) ? 0.0 : v;
        }
        break;
      case ColumnKind::kString: {
        o.ids.resize(out_rows);
        if (c.is_label) {
          for (size_t i = 0; i < out_rows; ++i) o.ids[i] = strings.Label(c.ids[src(i)]);
        } else if (IsNameField(c.name)) {
          for (size_t i = 0; i < out_rows; ++i) o.ids[i] = strings.Name(c.ids[src(i)]);
        } else {
          for (size_t i = 0; i < out_rows; ++i) o.ids[i] = strings.Plain(c.ids[src(i)]);
        }
        break;
      }
    }
    out.columns.push_back(std::move(o));
  }
  if (raw.type == ReportType::kPodUsage) {
    // max(usage, request) per row, NaN-skipping (ocp_post_processor.py:156-166).
    const auto add = [&](const char* name, const char* usage, const char* request) {
      const Column& u = out.columns[static_cast<size_t>(out.Find(usage))];
      const Column& r = out.columns[static_cast<size_t>(out.Find(request))];
      Column e;
      e.name = name;
      e.kind = ColumnKind::kDouble;
      e.f64.resize(out_rows);
      for (size_t i = 0; i < out_rows; ++i) {
        const double a = u.f64[i], b = r.f64[i];
        e.f64[i] = std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b);
      }
      out.columns.push_back(std::move(e));
    };
    add("pod_effective_usage_cpu_core_seconds", "pod_usage_cpu_core_seconds",
        "pod_request_cpu_core_seconds");
    add("pod_effective_usage_memory_byte_seconds", "pod_usage_memory_byte_seconds",
        "pod_request_memory_byte_seconds");
  }
  return out;
}

}  // namespace

Frame ConvertChunk(const Frame& raw, const KokuStrings& strings) {
  return ConvertRange(raw, nullptr, 0, raw.rows, strings);
}

Frame RollupDaily(const Frame& hourly) {
  // `_generate_daily_data` returns an empty frame unchanged (ocp_post_processor.py:238-239).
  if (hourly.rows == 0) {
    Frame copy = hourly.EmptyLike();
    return copy;
  }
  const RollupSpec& spec = SpecFor(hourly.type);
  const StringPool& pool = *hourly.pool;
  std::vector<const Column*> keys;
  for (const char* k : spec.group_by) {
    const int c = hourly.Find(k);
    if (c >= 0) keys.push_back(&hourly.columns[static_cast<size_t>(c)]);
  }
  const Column& interval = hourly.columns[static_cast<size_t>(hourly.Find("interval_start"))];
  const size_t n = hourly.rows;

  // Group rows (open addressing on the key ids and the day).
  std::vector<uint32_t> group_of(n);
  std::vector<uint32_t> first_row;  // per group
  size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  std::vector<uint32_t> slots(cap, 0);
  const auto same = [&](size_t a, size_t b) {
    if (DayOfMs(interval.i64[a]) != DayOfMs(interval.i64[b])) return false;
    for (const Column* k : keys) {
      if (k->all_null) continue;
      if (k->ids[a] != k->ids[b]) return false;
    }
    return true;
  };
  for (size_t r = 0; r < n; ++r) {
    uint64_t h = static_cast<uint64_t>(DayOfMs(interval.i64[r]));
    for (const Column* k : keys) h = Mix(h, k->all_null ? 0 : k->ids[r]);
    size_t slot = h & (cap - 1);
    while (true) {
      if (slots[slot] == 0) {
        first_row.push_back(static_cast<uint32_t>(r));
        slots[slot] = static_cast<uint32_t>(first_row.size());
        group_of[r] = static_cast<uint32_t>(first_row.size() - 1);
        break;
      }
      const uint32_t g = slots[slot] - 1;
      if (same(first_row[g], r)) {
        group_of[r] = g;
        break;
      }
      slot = (slot + 1) & (cap - 1);
    }
  }
  const size_t groups = first_row.size();
  // pandas sorts the groups by the keys, then the day.
  std::vector<uint32_t> order(groups);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t ga, uint32_t gb) {
    const size_t a = first_row[ga], b = first_row[gb];
    for (const Column* k : keys) {
      if (k->all_null || k->ids[a] == k->ids[b]) continue;
      return pool.Get(k->ids[a]) < pool.Get(k->ids[b]);
    }
    return DayOfMs(interval.i64[a]) < DayOfMs(interval.i64[b]);
  });
  std::vector<uint32_t> rank(groups);
  for (size_t i = 0; i < groups; ++i) rank[order[i]] = static_cast<uint32_t>(i);

  Frame out;
  out.type = hourly.type;
  out.pool = hourly.pool;
  out.rows = groups;
  for (const Column* k : keys) {
    Column o;
    o.name = k->name;
    o.kind = k->kind;
    o.all_null = k->all_null;
    if (!k->all_null) {
      o.ids.resize(groups);
      for (size_t g = 0; g < groups; ++g) o.ids[rank[g]] = k->ids[first_row[g]];
    }
    out.columns.push_back(std::move(o));
  }
  {
    Column day;
    day.name = "interval_start";
    day.kind = ColumnKind::kTimestamp;
    day.i64.resize(groups);
    for (size_t g = 0; g < groups; ++g) {
      day.i64[rank[g]] = DayOfMs(interval.i64[first_row[g]]) * kDayMs;
    }
    out.columns.push_back(std::move(day));
  }
  for (const AggSpec& a : spec.aggs) {
    const int ci = hourly.Find(a.name);
    if (ci < 0) continue;
    const Column& c = hourly.columns[static_cast<size_t>(ci)];
    Column o;
    o.name = c.name;
    o.kind = c.kind;
    o.all_null = c.all_null;
    if (c.all_null) {
      out.columns.push_back(std::move(o));
      continue;
    }
    switch (c.kind) {
      case ColumnKind::kDouble: {
        o.f64.assign(groups, a.agg == Agg::kSum ? 0.0 : -HUGE_VAL);
        if (a.agg == Agg::kSum) {
          // pandas group_sum: Kahan summation in row order (pandas/_libs/groupby.pyx).
          std::vector<double> comp(groups, 0.0);
          for (size_t r = 0; r < n; ++r) {
            const double v = c.f64[r];
            if (std::isnan(v)) continue;
            const uint32_t g = rank[group_of[r]];
            const double y = v - comp[g];
            const double t = o.f64[g] + y;
            comp[g] = t - o.f64[g] - y;
            if (std::isnan(comp[g])) comp[g] = 0;
            o.f64[g] = t;
          }
        } else {
          std::vector<uint8_t> seen(groups, 0);
          for (size_t r = 0; r < n; ++r) {
            const double v = c.f64[r];
            if (std::isnan(v)) continue;
            const uint32_t g = rank[group_of[r]];
            if (!seen[g] || v > o.f64[g]) o.f64[g] = v;
            seen[g] = 1;
          }
          for (size_t g = 0; g < groups; ++g) {
            if (!seen[g]) o.f64[g] = std::nan("");
          }
        }
        break;
      }
      case ColumnKind::kTimestamp: {
        o.i64.assign(groups, INT64_MIN);
        for (size_t r = 0; r < n; ++r) {
          const uint32_t g = rank[group_of[r]];
          o.i64[g] = std::max(o.i64[g], c.i64[r]);
        }
        break;
      }
      case ColumnKind::kString: {
        o.ids.resize(groups);
        std::vector<uint8_t> seen(groups, 0);
        for (size_t r = 0; r < n; ++r) {
          const uint32_t g = rank[group_of[r]];
          const uint32_t id = c.ids[r];
          if (!seen[g]) {
            o.ids[g] = id;
            seen[g] = 1;
          } else if (id != o.ids[g] && pool.Get(id) > pool.Get(o.ids[g])) {
            o.ids[g] = id;
          }
        }
        break;
      }
    }
    out.columns.push_back(std::move(o));
  }
  for (const char* name : spec.new_required) {
    if (out.Find(name) >= 0) continue;
    Column o;
    o.name = name;
    o.kind = ColumnKind::kString;
    o.all_null = true;
    out.columns.push_back(std::move(o));
  }
  return out;
}

std::string PartitionDir(const LayoutOptions& options, ReportType type, int64_t day, bool daily) {
  const CivilDate d = CivilFromDays(static_cast<int32_t>(day));
  return fmt::format("data/parquet{}/{}/OCP/{}/source={}/year={:04d}/month={:02d}",
                     daily ? "/daily" : "", options.account, ReportTypeName(type), options.source,
                     d.year, d.month);
}

Status ProcessUpload(const Frame& raw, const KokuStrings& strings, const LayoutOptions& options,
                     int64_t manifest_id, FileCounters* counters, const EmitFn& emit) {
  if (raw.rows == 0) return Status::OK();
  const int interval_col = raw.Find("interval_start");
  const Column& interval = raw.columns[static_cast<size_t>(interval_col)];
  const size_t file_rows =
      options.file_rows > 0 ? static_cast<size_t>(options.file_rows) : raw.rows;
  const size_t chunk_rows =
      options.chunk_rows > 0 ? static_cast<size_t>(options.chunk_rows) : raw.rows;
  for (size_t piece = 0; piece < raw.rows; piece += file_rows) {
    const size_t piece_end = std::min(raw.rows, piece + file_rows);
    // divide_csv_daily: one CSV per day of interval_start, rows in file order.
    std::map<int64_t, std::vector<uint32_t>> days;
    for (size_t r = piece; r < piece_end; ++r) {
      days[DayOfMs(interval.i64[r])].push_back(static_cast<uint32_t>(r));
    }
    for (const auto& [day, rows] : days) {
      const std::string prefix = fmt::format("{}.{}.{}", ReportTypeName(raw.type),
                                             FormatDate(static_cast<int32_t>(day)), manifest_id);
      const int64_t counter = (*counters)[prefix]++;
      const std::string stem = fmt::format("{}.{}", prefix, counter);
      const std::string dir = PartitionDir(options, raw.type, day, false);
      const std::string daily_dir = PartitionDir(options, raw.type, day, true);
      const bool contiguous = rows.back() - rows.front() + 1 == rows.size();
      for (size_t c = 0, chunk = 0; c < rows.size(); c += chunk_rows, ++chunk) {
        const size_t c_end = std::min(rows.size(), c + chunk_rows);
        Frame hourly;
        if (contiguous) {
          hourly = ConvertRange(raw, nullptr, rows[c], rows[c] + (c_end - c), strings);
        } else {
          const std::vector<uint32_t> idx(rows.begin() + static_cast<std::ptrdiff_t>(c),
                                          rows.begin() + static_cast<std::ptrdiff_t>(c_end));
          hourly = ConvertRange(raw, &idx, 0, 0, strings);
        }
        const Frame daily = RollupDaily(hourly);
        OutputFile out;
        out.day = day;
        out.path = fmt::format("{}/{}_{}.parquet", dir, stem, chunk);
        out.frame = &hourly;
        OCPAGG_RETURN_IF_ERROR(emit(out));
        out.path = fmt::format("{}/{}_daily_{}.parquet", daily_dir, stem, chunk);
        out.frame = &daily;
        out.daily = true;
        OCPAGG_RETURN_IF_ERROR(emit(out));
      }
    }
  }
  return Status::OK();
}

}  // namespace ocpagg::gen
