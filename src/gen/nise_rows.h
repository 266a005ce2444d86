#pragma once

// The operator CSV rows nise writes for a static manifest (nise-manifests.md §2-§3), as raw
// frames (gen/frame.h), one set of four per calendar month.
//
// Deterministic values are exactly nise's, including its quirks (N: = project-koku/nise
// @12990a2c, nise/generators/ocp/ocp_generator.py):
//   - `pod_seconds` is per hourly row and never clamped (:1145-1172);
//   - a usage of 0 (or a missing one) is drawn at random each hour (`if usage:`, :1155-1165);
//   - limits are capped at the node, requests at the limit, usages at the limit (:686-700);
//   - resource_id is always "i-" + str(value) (:586);
//   - inside one generator, namespaces and pods are keyed by name: a namespace declared on two
//     nodes keeps the last node's pods and volumes, two pods of one name collapse into the last
//     one at the first one's position (:606-615, :731-742; nise-manifests.md §2.10);
//   - storage rows: the whole PV request on every claim, claimless PVs with empty namespace,
//     node and usage (:1259-1291, :1540-1586);
//   - Python's int/float distinction is kept in `Column::py_int` so the CSV prints like nise.
// Values nise draws at random come from our own seeded std::mt19937_64 (nise's Python `random`
// and Faker streams cannot be reproduced): the same seed gives the same rows.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/result.h"
#include "gen/frame.h"
#include "gen/manifest.h"

namespace ocpagg::gen {

struct NiseOptions {
  uint64_t seed = 1;
  std::optional<int64_t> cli_start;  // nise --start-date (seconds), for generators without one
  std::optional<int64_t> cli_end;    // nise --end-date (seconds)
  int64_t now_hour = 0;              // "now" for `today` and the defaults (whole hour, seconds)
};

/// One month of nise output: a raw frame per report type, rows in nise's order (generators
/// concatenated; inside a generator hour-major, then entities).
struct NiseMonth : ReportFrames {
  int64_t month_start = 0;  // seconds, first of the month 00:00 UTC
};

/// Generates the rows of `manifest`. Strings are interned into `pool`. InvalidArgument when nise
/// would raise (a volume's claims exceed its request).
Result<std::vector<NiseMonth>> GenerateNiseRows(const Manifest& manifest,
                                                const NiseOptions& options, StringPool* pool);

}  // namespace ocpagg::gen
