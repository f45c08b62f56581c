// Two members of HiGHS's `Highs` class that its C API does not offer (built only with the
// `highs` feature): `putIterate`, which remembers the simplex basis, its factorisation and
// any dual steepest-edge weights, and `getIterate`, which goes back to them, so that the
// next run starts there with nothing to factorise afresh. HiGHS's MIP solver uses the pair
// the same way: remember, change bounds, go back, re-solve (`HighsLpRelaxation::Playground`).
//
// highs-sys builds HiGHS but does not export its include directory, so `Highs` is declared
// here with just these two members, exactly as HiGHS 1.16's Highs.h declares them (public,
// non-virtual, no arguments); the linker binds the calls to the library's definitions. The
// handle is the `Highs*` that the C API's `Highs_create` returns as `void*`. A test
// (`highs_resolver_goes_back_to_the_mark` in tests/it/resolve.rs) checks the pair against
// the library: after an edit, the base LP from the mark pivots 0 times, from the edit's
// optimum it does not.

#include <new>

enum class HighsStatus { kError = -1, kOk = 0, kWarning = 1 };

class Highs {
public:
  HighsStatus putIterate();
  HighsStatus getIterate();
};

extern "C" {
// Both return HiGHS's status (-1 error, 0 ok, 1 warning) and never unwind.
int hl_highs_put_iterate(void *highs)
{
  try {
    return static_cast<int>(static_cast<Highs *>(highs)->putIterate());
  } catch (...) {
    return -1;
  }
}

int hl_highs_get_iterate(void *highs)
{
  try {
    return static_cast<int>(static_cast<Highs *>(highs)->getIterate());
  } catch (...) {
    return -1;
  }
}
}
