#pragma once

// OCPAGG_CHECK*: invariants of our own code, never user input (CONTRIBUTING.md rule 3).
// A failed check prints the condition, both operands for the _EQ/_LT/... forms, and aborts.
// OCPAGG_DCHECK* are compiled out of release builds.

#include <sstream>
#include <string>

namespace ocpagg::detail {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const std::string& operands);

template <typename A, typename B>
std::string FormatOperands(const A& a, const B& b) {
  std::ostringstream out;  // only on the failure path
  out << a << " vs " << b;
  return out.str();
}
}  // namespace ocpagg::detail

#define OCPAGG_CHECK(cond)                                                     \
  do {                                                                         \
    if (!(cond)) ::ocpagg::detail::CheckFailed(__FILE__, __LINE__, #cond, ""); \
  } while (false)

#define OCPAGG_CHECK_OP(a, op, b)                                                            \
  do {                                                                                       \
    const auto& ocpagg_a_ = (a);                                                             \
    const auto& ocpagg_b_ = (b);                                                             \
    if (!(ocpagg_a_ op ocpagg_b_))                                                           \
      ::ocpagg::detail::CheckFailed(__FILE__, __LINE__, #a " " #op " " #b,                   \
                                    ::ocpagg::detail::FormatOperands(ocpagg_a_, ocpagg_b_)); \
  } while (false)

#define OCPAGG_CHECK_EQ(a, b) OCPAGG_CHECK_OP(a, ==, b)
#define OCPAGG_CHECK_NE(a, b) OCPAGG_CHECK_OP(a, !=, b)
#define OCPAGG_CHECK_LT(a, b) OCPAGG_CHECK_OP(a, <, b)
#define OCPAGG_CHECK_LE(a, b) OCPAGG_CHECK_OP(a, <=, b)
#define OCPAGG_CHECK_GT(a, b) OCPAGG_CHECK_OP(a, >, b)
#define OCPAGG_CHECK_GE(a, b) OCPAGG_CHECK_OP(a, >=, b)

#ifdef NDEBUG
#define OCPAGG_DCHECK(cond) \
  do {                      \
  } while (false)
#define OCPAGG_DCHECK_LE(a, b) OCPAGG_DCHECK(true)
#define OCPAGG_DCHECK_LT(a, b) OCPAGG_DCHECK(true)
#else
#define OCPAGG_DCHECK(cond) OCPAGG_CHECK(cond)
#define OCPAGG_DCHECK_LE(a, b) OCPAGG_CHECK_LE(a, b)
#define OCPAGG_DCHECK_LT(a, b) OCPAGG_CHECK_LT(a, b)
#endif
