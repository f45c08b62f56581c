// Keeps C++ exceptions of HiGHS out of Rust (built only with the `highs` feature), as
// `guard.cpp` does for Clp and Cbc. HiGHS's C API (`highs_c_api.cpp` in highs-sys 1.16) is
// C++ behind `extern "C"` with no `try` anywhere: each function calls a `Highs` member
// directly. `Highs::run` catches `std::exception` around the optimisation itself
// (`Highs::optimizeModelTryCatch`, model status "memory limit" for `std::bad_alloc`), but
// nothing else does: `Highs_create` (`new Highs`), `Highs_passLp` (copies the LP into
// `std::vector`s), the bound, cost and basis changes, the option setters and info getters
// (each builds a `std::string` from its name) and the parts of `Highs::run` outside that
// `try` can all throw `std::bad_alloc` straight into Rust, which aborts the process.
//
// Each function here calls one C API function inside `try`; an exception is recorded for the
// thread by `hl_guard_record_current` (guard.cpp) and a neutral value returned. Rust links
// these under the C API's names (`#[link_name]` in `src/highs_model.rs`) and asks
// `hl_guard_take` after each call. Not guarded: the plain getters of numbers HiGHS already
// holds (`Highs_getNumCol`, `Highs_getModelStatus`, `Highs_getObjectiveValue`,
// `Highs_getRunTime`, the version), which allocate nothing, and `Highs_destroy`, whose
// `delete` runs destructors, which are `noexcept`.
//
// `HighsInt` is `int`: highs-sys builds HiGHS without `HIGHSINT64` (the Rust side asserts
// the size). Pointers to HiGHS's structs are declared `void *`; the C ABI passes them alike.

#include "guard.h"

extern "C" {
typedef int HighsInt;
typedef void (*HighsCCallbackType)(int, const char *, const void *, void *, void *);

void *Highs_create(void);
HighsInt Highs_passLp(void *, HighsInt, HighsInt, HighsInt, HighsInt, HighsInt, double, const double *,
                      const double *, const double *, const double *, const double *, const HighsInt *,
                      const HighsInt *, const double *);
HighsInt Highs_changeColsBoundsBySet(void *, HighsInt, const HighsInt *, const double *, const double *);
HighsInt Highs_changeRowsBoundsBySet(void *, HighsInt, const HighsInt *, const double *, const double *);
HighsInt Highs_changeColsCostBySet(void *, HighsInt, const HighsInt *, const double *);
HighsInt Highs_setBasis(void *, const HighsInt *, const HighsInt *);
HighsInt Highs_run(void *);
HighsInt Highs_clearSolver(void *);
HighsInt Highs_getSolution(const void *, double *, double *, double *, double *);
HighsInt Highs_getBasis(const void *, HighsInt *, HighsInt *);
HighsInt Highs_setBoolOptionValue(void *, const char *, HighsInt);
HighsInt Highs_setIntOptionValue(void *, const char *, HighsInt);
HighsInt Highs_setDoubleOptionValue(void *, const char *, double);
HighsInt Highs_setStringOptionValue(void *, const char *, const char *);
HighsInt Highs_getIntInfoValue(const void *, const char *, HighsInt *);
HighsInt Highs_setCallback(void *, HighsCCallbackType, void *);
HighsInt Highs_startCallback(void *, HighsInt);
HighsInt Highs_stopCallback(void *, HighsInt);
}

// HiGHS's status for an error (kHighsStatusError), returned when an exception was caught.
#define HIGHS_ERROR -1

GUARD(void *, nullptr, Highs_create, (), ())
GUARD(HighsInt, HIGHS_ERROR, Highs_passLp,
      (void *h, HighsInt nc, HighsInt nr, HighsInt nz, HighsInt f, HighsInt s, double off, const double *c,
       const double *cl, const double *cu, const double *rl, const double *ru, const HighsInt *st,
       const HighsInt *ix, const double *v),
      (h, nc, nr, nz, f, s, off, c, cl, cu, rl, ru, st, ix, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_changeColsBoundsBySet,
      (void *h, HighsInt n, const HighsInt *set, const double *lo, const double *hi), (h, n, set, lo, hi))
GUARD(HighsInt, HIGHS_ERROR, Highs_changeRowsBoundsBySet,
      (void *h, HighsInt n, const HighsInt *set, const double *lo, const double *hi), (h, n, set, lo, hi))
GUARD(HighsInt, HIGHS_ERROR, Highs_changeColsCostBySet,
      (void *h, HighsInt n, const HighsInt *set, const double *cost), (h, n, set, cost))
GUARD(HighsInt, HIGHS_ERROR, Highs_setBasis, (void *h, const HighsInt *c, const HighsInt *r), (h, c, r))
GUARD(HighsInt, HIGHS_ERROR, Highs_run, (void *h), (h))
GUARD(HighsInt, HIGHS_ERROR, Highs_clearSolver, (void *h), (h))
GUARD(HighsInt, HIGHS_ERROR, Highs_getSolution,
      (const void *h, double *cv, double *cd, double *rv, double *rd), (h, cv, cd, rv, rd))
GUARD(HighsInt, HIGHS_ERROR, Highs_getBasis, (const void *h, HighsInt *c, HighsInt *r), (h, c, r))
GUARD(HighsInt, HIGHS_ERROR, Highs_setBoolOptionValue, (void *h, const char *o, HighsInt v), (h, o, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_setIntOptionValue, (void *h, const char *o, HighsInt v), (h, o, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_setDoubleOptionValue, (void *h, const char *o, double v), (h, o, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_setStringOptionValue, (void *h, const char *o, const char *v), (h, o, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_getIntInfoValue, (const void *h, const char *i, HighsInt *v), (h, i, v))
GUARD(HighsInt, HIGHS_ERROR, Highs_setCallback, (void *h, HighsCCallbackType f, void *d), (h, f, d))
GUARD(HighsInt, HIGHS_ERROR, Highs_startCallback, (void *h, HighsInt k), (h, k))
GUARD(HighsInt, HIGHS_ERROR, Highs_stopCallback, (void *h, HighsInt k), (h, k))
