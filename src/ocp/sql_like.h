#pragma once

// SQL LIKE, as the cost-category join uses it (spec §2.8; TSQL:302-303, 428-429, 579-580):
// `%` matches any run of characters, `_` exactly one character, everything else itself,
// case-sensitive, anchored at both ends. PostgreSQL treats a backslash as the escape character
// by default; Trino's LIKE without ESCAPE has none (spec §2.5 #7).

#include <string_view>

namespace ocpagg::ocp {

/// True when `value` matches `pattern`. Characters are UTF-8 code points for `_`.
bool SqlLike(std::string_view value, std::string_view pattern, bool backslash_escape);

}  // namespace ocpagg::ocp
