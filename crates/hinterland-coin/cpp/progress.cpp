// A Clp event handler that tells Rust about each simplex iteration. Clp's C API reports
// progress only through its message callback, which also prints Clp's log to stdout; this
// handler prints nothing.
//
// CLP_EXTERN_C makes `Clp_Simplex` the real struct (`Coin_C_defines.h`), so the C API's
// model can hand over its `ClpSimplex`.
// `ClpSimplex` must be declared before `Coin_C_defines.h`.
#define CLP_EXTERN_C
#include "ClpEventHandler.hpp"
#include "ClpNonLinearCost.hpp"
#include "ClpSimplex.hpp"
#include "Coin_C_defines.h"

extern "C" {
// Called after each simplex iteration with the iterations of the current run and whether
// the current point is primal infeasible. Must not unwind; a non-zero return stops the run
// (Clp's status 5, stopped by the event handler).
typedef int (*hl_clp_progress_fn)(void *user, int iterations, int primal_infeasible);
}

namespace {

class ProgressHandler : public ClpEventHandler {
public:
  ProgressHandler(hl_clp_progress_fn fn, void *user)
    : fn_(fn)
    , user_(user)
  {
  }
  ProgressHandler(const ProgressHandler &rhs)
    : ClpEventHandler(rhs)
    , fn_(rhs.fn_)
    , user_(rhs.user_)
  {
  }
  ClpEventHandler *clone() const override { return new ProgressHandler(*this); }
  int event(Event which) override
  {
    if (which == endOfIteration && model_ != nullptr) {
      if (fn_(user_, model_->numberIterations(), primal_infeasible()) != 0)
        return 5; // stop: Clp ends the run with status 5
    }
    return -1; // go on
  }

private:
  // Primal simplex keeps its infeasibilities in its piecewise-linear costs (what its log
  // prints); dual simplex in the model's counts.
  int primal_infeasible() const
  {
    const ClpNonLinearCost *costs = model_->nonLinearCost();
    if (model_->algorithm() > 0 && costs != nullptr)
      return costs->numberInfeasibilities() > 0;
    return model_->numberPrimalInfeasibilities() > 0;
  }

  hl_clp_progress_fn fn_;
  void *user_;
};

} // namespace

extern "C" void hl_guard_record_current() noexcept;

// Installs (fn non-null) or removes (fn null) the progress handler of `model`. Clp keeps a
// copy, and copies it into the models its presolve makes. `user` must stay valid until the
// handler is removed or the model deleted. An exception
// (Clp copies the handler with `new`) is recorded for `hl_guard_take` (`cpp/guard.cpp`).
extern "C" void hl_clp_set_progress(Clp_Simplex *model, hl_clp_progress_fn fn, void *user)
{
  try {
    if (fn != nullptr) {
      ProgressHandler handler(fn, user);
      model->model_->passInEventHandler(&handler);
    } else {
      ClpEventHandler plain;
      model->model_->passInEventHandler(&plain);
    }
  } catch (...) {
    hl_guard_record_current();
  }
}
