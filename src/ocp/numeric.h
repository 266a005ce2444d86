#pragma once

// double -> numeric(33,15), the cast Koku's final INSERT applies to every metric (spec §2.6).
//
//   Trino (SaaS)       BigDecimal.valueOf(d).setScale(15, HALF_UP): the shortest decimal text
//                      that reads back as d (Java Double.toString, JDK >= 19), then rounded half
//                      away from zero at 15 decimals (trino
//                      DecimalConversions.doubleToLongDecimal).
//   PostgreSQL port    float8_numeric: snprintf("%.15g") (15 significant digits), then the
//                      column typmod rounds half away from zero at 15 decimals (numeric.c).
// Examples: 3.225806451612903 -> Trino 3.225806451612903, PostgreSQL 3.225806451612900.

#include <optional>
#include <string>

#include "common/int128.h"

namespace ocpagg::ocp {

enum class Dialect { kTrino, kPostgres };

/// The value times 10^15 as an exact integer, after the dialect's rounding. nullopt for NaN
/// and infinities (numeric cannot hold them; the caller reports the error) and for values beyond
/// numeric(33,15)'s 18 integer digits.
std::optional<Int128> ToNumeric15(double value, Dialect dialect);

/// The text PostgreSQL prints for a numeric(33,15) given as value * 10^15: "-12.500000000000000".
std::string FormatNumeric15(Int128 scaled);

}  // namespace ocpagg::ocp
