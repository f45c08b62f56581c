// Keeps C++ exceptions out of Rust. Clp's and Cbc's C interfaces are C++ behind `extern "C"`:
// an exception thrown inside (`std::bad_alloc` when memory runs out, a `CoinError`) would
// unwind into Rust, which cannot catch it and aborts the process ("Rust cannot catch foreign
// exceptions"). Each function here calls one C API function inside `try`; an exception is
// recorded for the calling thread and a neutral value returned. Rust links these under the
// C API's names (`#[link_name]` in `src/ffi.rs`) and asks `hl_guard_take` after each call.
//
// The C API functions are declared here with opaque pointers; their symbols are C, so the
// declarations link against Clp's and Cbc's own.
#include <cstring>
#include <exception>
#include <new>

#include "CoinError.hpp"
#include "guard.h"

extern "C" {
void *Clp_newModel();
void Clp_loadProblem(void *, int, int, const int *, const int *, const double *, const double *,
                     const double *, const double *, const double *, const double *);
void Clp_chgRowLower(void *, const double *);
void Clp_chgRowUpper(void *, const double *);
void Clp_chgColumnLower(void *, const double *);
void Clp_chgColumnUpper(void *, const double *);
void Clp_chgObjCoefficients(void *, const double *);
int Clp_readMps(void *, const char *, int, int);
void Clp_copyinStatus(void *, const unsigned char *);
unsigned char *Clp_statusArray(void *);
int Clp_initialSolve(void *);
int Clp_initialDualSolve(void *);
int Clp_initialPrimalSolve(void *);
int Clp_initialBarrierSolve(void *);
int Clp_dual(void *, int);
int Clp_primal(void *, int);

void *Cbc_newModel();
void Cbc_loadProblem(void *, int, int, const int *, const int *, const double *, const double *,
                     const double *, const double *, const double *, const double *);
void Cbc_setInteger(void *, int);
void Cbc_setParameter(void *, const char *, const char *);
int Cbc_solve(void *);
}

namespace {

// 0 none, 1 out of memory, 2 a C++ exception with a message, 3 an unknown exception.
thread_local int failure = 0;
// Fixed storage: recording must not allocate, since memory may have run out.
thread_local char message[256];

void keep(const char *text)
{
  std::strncpy(message, text, sizeof message - 1);
  message[sizeof message - 1] = '\0';
}

// Called inside a `catch (...)`: classifies the exception being handled.
void record() noexcept
{
  try {
    throw;
  } catch (const std::bad_alloc &) {
    failure = 1;
    keep("out of memory");
  } catch (const CoinError &e) {
    failure = 2;
    keep(e.message().c_str());
  } catch (const std::exception &e) {
    failure = 2;
    keep(e.what());
  } catch (...) {
    failure = 3;
    keep("an unknown C++ exception");
  }
}

} // namespace

GUARD(void *, nullptr, Clp_newModel, (), ())
GUARD_VOID(Clp_loadProblem,
           (void *m, int nc, int nr, const int *s, const int *i, const double *v, const double *cl,
            const double *cu, const double *o, const double *rl, const double *ru),
           (m, nc, nr, s, i, v, cl, cu, o, rl, ru))
GUARD_VOID(Clp_chgRowLower, (void *m, const double *a), (m, a))
GUARD_VOID(Clp_chgRowUpper, (void *m, const double *a), (m, a))
GUARD_VOID(Clp_chgColumnLower, (void *m, const double *a), (m, a))
GUARD_VOID(Clp_chgColumnUpper, (void *m, const double *a), (m, a))
GUARD_VOID(Clp_chgObjCoefficients, (void *m, const double *a), (m, a))
GUARD(int, -1, Clp_readMps, (void *m, const char *f, int k, int e), (m, f, k, e))
GUARD_VOID(Clp_copyinStatus, (void *m, const unsigned char *s), (m, s))
GUARD(unsigned char *, nullptr, Clp_statusArray, (void *m), (m))
GUARD(int, -1, Clp_initialSolve, (void *m), (m))
GUARD(int, -1, Clp_initialDualSolve, (void *m), (m))
GUARD(int, -1, Clp_initialPrimalSolve, (void *m), (m))
GUARD(int, -1, Clp_initialBarrierSolve, (void *m), (m))
GUARD(int, -1, Clp_dual, (void *m, int p), (m, p))
GUARD(int, -1, Clp_primal, (void *m, int p), (m, p))

GUARD(void *, nullptr, Cbc_newModel, (), ())
GUARD_VOID(Cbc_loadProblem,
           (void *m, int nc, int nr, const int *s, const int *i, const double *v, const double *cl,
            const double *cu, const double *o, const double *rl, const double *ru),
           (m, nc, nr, s, i, v, cl, cu, o, rl, ru))
GUARD_VOID(Cbc_setInteger, (void *m, int c), (m, c))
GUARD_VOID(Cbc_setParameter, (void *m, const char *n, const char *v), (m, n, v))
GUARD(int, -1, Cbc_solve, (void *m), (m))

// Records the exception being handled (call only inside a `catch`), for the C++ files of
// this crate that catch exceptions themselves.
extern "C" void hl_guard_record_current() noexcept { record(); }

// The failure of this thread's last guarded calls since the previous take (0 for none), with
// its message copied into `buffer` (NUL-terminated, at most `size` bytes); clears it.
extern "C" int hl_guard_take(char *buffer, int size)
{
  int code = failure;
  failure = 0;
  if (code != 0 && buffer != nullptr && size > 0) {
    std::strncpy(buffer, message, static_cast<size_t>(size) - 1);
    buffer[size - 1] = '\0';
  }
  return code;
}

// For the tests: throws `std::bad_alloc` through the guard, as a failed allocation in Clp
// would.
extern "C" int hl_guard_test_throw(int which)
{
  try {
    if (which == 1)
      throw std::bad_alloc();
    if (which == 2)
      throw CoinError("a test error", "hl_guard_test_throw", "guard.cpp");
    throw 42;
  } catch (...) {
    record();
  }
  return -1;
}
