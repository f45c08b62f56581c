// The guard macros of `guard.cpp` (Clp, Cbc) and `highs_guard.cpp` (HiGHS): each defines
// `hl_guard_NAME`, which calls NAME inside `try` and, on any C++ exception, records it for
// the thread (`hl_guard_record_current`, in guard.cpp) and returns `fallback`.
#pragma once

extern "C" void hl_guard_record_current() noexcept;

#define GUARD(ret, fallback, name, params, args) \
  extern "C" ret hl_guard_##name params          \
  {                                              \
    try {                                        \
      return name args;                          \
    } catch (...) {                              \
      hl_guard_record_current();                 \
    }                                            \
    return fallback;                             \
  }

#define GUARD_VOID(name, params, args) \
  extern "C" void hl_guard_##name params \
  {                                      \
    try {                                \
      name args;                         \
    } catch (...) {                      \
      hl_guard_record_current();         \
    }                                    \
  }
