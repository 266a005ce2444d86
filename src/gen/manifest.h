#pragma once

// nise static OCP manifests (`nise report ocp --static-report-file`): the model and the YAML
// parser. Spec: nise-manifests.md §1-§2 (tests/data/scenarios/PROVENANCE.md says where the spec
// and the scenarios come from).
//
// What the parser follows (N: = project-koku/nise @12990a2c):
//   - YAML 1.1 scalars as PyYAML's safe_load resolves them: int vs float (a float needs a '.'),
//     null, bools, unquoted dates, octal `0123` (nise-manifests.md §1.2);
//   - flat list items with or without their marker key (`- pod: null` + keys at the same level);
//   - present-but-null differs from absent (`csi_driver:` = empty cell, absent = random);
//   - the wrapped POC form `{ocp: {generators: ...}}` is accepted (nise-manifests.md §7.1);
//   - generator dates (§1.3): date, string, `today`, `last_month`, an int offset in days.
// What it refuses (InvalidArgument or NotSupported, naming the generator / node / pod):
//   - anything nise itself crashes on (`volumes:` null, null limits, unquoted date usage keys, a
//     claim total above the volume request);
//   - fully random nodes (a node without namespaces, or no `nodes`), virtual machines, GPUs and
//     pods labelled `label_vm_kubevirt_io_name` (NotSupported: not generated yet).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ocpagg::gen {

/// A number as Python holds it: the value and whether it is an `int` (which decides how nise's
/// CSV prints it, nise-manifests.md §3.7).
struct PyNum {
  double value = 0;
  bool is_int = false;
};

/// Python `a * b`.
inline PyNum PyMul(PyNum a, PyNum b) { return {a.value * b.value, a.is_int && b.is_int}; }
/// Python `min(a, b)`: `a` unless `b < a`.
inline PyNum PyMin(PyNum a, PyNum b) { return b.value < a.value ? b : a; }

/// One `key: value` of a usage map (`cpu_usage`, `mem_usage_gig`, `volume_claim_usage_gig`).
struct UsageEntry {
  bool full_period = false;
  int32_t day = 0;  // days since 1970-01-01 of a date key (dateutil parse, month first)
  PyNum value;
};

/// A usage map in YAML order (N:nise/generators/ocp/ocp_generator.py:1155-1164).
struct UsageMap {
  std::vector<UsageEntry> entries;
  /// The value for the hour starting on day `day` (first matching entry), or nullopt.
  std::optional<PyNum> Lookup(int32_t day) const;
};

struct PodSpec {
  std::optional<std::string> name;  // absent: a random word
  std::optional<PyNum> cpu_limit, cpu_request, mem_limit_gig, mem_request_gig;
  UsageMap cpu_usage, mem_usage_gig;
  std::optional<PyNum> pod_seconds;  // absent, null or 0: random per hour
  std::string labels;                // `labels:` only (the POC's `pod_labels:` is ignored)
};

struct ClaimSpec {
  std::optional<std::string> name;  // absent: a random word
  std::string pod_name;             // absent / null: empty
  std::optional<PyNum> capacity_gig;
  UsageMap usage_gig;
  std::string labels;
};

struct VolumeSpec {
  std::optional<std::string> name;  // absent: "pv-" + word
  // absent: random (nise-manifests.md §2.5); present-null: empty.
  std::optional<std::string> storage_class, csi_driver, csi_volume_handle;
  std::optional<PyNum> request_gig;  // absent, null or 0: 100
  std::string labels;
  std::vector<ClaimSpec> claims;
};

struct NamespaceSpec {
  std::string name;
  std::string labels;
  std::vector<PodSpec> pods;
  std::vector<VolumeSpec> volumes;
};

struct NodeSpec {
  std::optional<std::string> name;         // absent: "node_" + word
  std::optional<PyNum> cpu_cores;          // absent: randint(2, 16)
  std::optional<PyNum> memory_gig;         // absent: randint(2, 8)
  std::optional<std::string> resource_id;  // str() of the YAML value; absent: 17 random hex
  std::string labels;
  std::vector<NamespaceSpec> namespaces;  // YAML order
};

/// A date or time as a generator attribute holds it.
struct DateSpec {
  enum class Kind : uint8_t { kAbsent, kSeconds, kToday, kLastMonth, kDayOffset };
  Kind kind = Kind::kAbsent;
  int64_t seconds = 0;  // kSeconds: seconds since the epoch (UTC); kDayOffset: days
};

struct GeneratorSpec {
  DateSpec start, end;
  std::vector<NodeSpec> nodes;
};

struct Manifest {
  std::vector<GeneratorSpec> generators;
};

/// Parses manifest text. `name` appears in error messages. InvalidArgument for malformed YAML or
/// a manifest nise would crash on; NotSupported for the random / VM / GPU features above.
Result<Manifest> ParseManifest(const std::string& yaml_text, const std::string& name);

/// Reads and parses a manifest file (NotFound / IOError / InvalidArgument naming the path).
Result<Manifest> LoadManifest(const std::string& path);

/// A generator's resolved time range, [start, end) in seconds since the epoch (UTC).
struct TimeRange {
  int64_t start = 0;
  int64_t end = 0;
};

/// nise's date resolution (nise-manifests.md §1.3): per generator, its own dates, else the
/// command line's (`cli_start` / `cli_end`, seconds; nullopt = nise's defaults: first of the
/// current month / now), relative to `now_hour` (the current time, whole hour). InvalidArgument
/// when an end precedes its start.
Result<std::vector<TimeRange>> ResolveGeneratorDates(const Manifest& manifest,
                                                     std::optional<int64_t> cli_start,
                                                     std::optional<int64_t> cli_end,
                                                     int64_t now_hour);

/// One calendar month of output and the generators' windows clipped to it (§1.4): `windows[g]`
/// is empty (start == end == 0) when generator g lies outside the month.
struct MonthPlan {
  int64_t month_start = 0;  // first of the month 00:00
  std::vector<TimeRange> windows;
};

/// nise's month split (N:nise/report.py:400-432 `_create_month_list`, :551-588
/// `_create_generator_dates_from_yaml`).
std::vector<MonthPlan> PlanMonths(const std::vector<TimeRange>& generators);

/// The hour starts of a window: t = start; while t + 59:59 <= end: emit t; t += 1 h
/// (N:nise/generators/generator.py `_set_hours`, OCP hour_delta 59m59s).
std::vector<int64_t> HourGrid(TimeRange window);

}  // namespace ocpagg::gen
