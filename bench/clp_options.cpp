// Clp's options that its C API (and so `plan`) cannot set: simplex pricing, crash starts,
// barrier variants. Used to measure what they do on hinterland's LPs (docs/performance.md,
// "What the solver's options change"). Build and run:
//
//   bench/build_clp_options                       # after `cargo build --release`
//   target/bench-tools/clp_options step1.mps --max --algorithm primal --pricing partial
//
// Prints Clp's log (one line per ~100 iterations) and a last line
// `RESULT status=S objective=V iterations=N cpu_seconds=T` (with --objective-scale S, the
// objective of the scaled LP).
#include "ClpPEPrimalColumnSteepest.hpp"
#include "ClpPrimalColumnDantzig.hpp"
#include "ClpPrimalColumnSteepest.hpp"
#include "ClpSimplex.hpp"
#include "ClpSolve.hpp"
#include "CoinTime.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static int usage(const char *why)
{
  std::fprintf(stderr,
    "clp_options: %s\n"
    "usage: clp_options FILE.mps [--max] [--algorithm auto|primal|dual|barrier|barrier-nocross]\n"
    "         [--pricing default|devex|steepest|partial|auto-partial|dantzig|positive-edge]\n"
    "         [--start default|idiot|sprint] [--no-presolve] [--barrier-kkt]\n"
    "         [--objective-scale S] [--log N]\n",
    why);
  return 2;
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return usage("no MPS file");
  std::string algorithm = "primal", pricing = "default", start = "default";
  bool maximise = false, presolve = true, kkt = false;
  double objective_scale = 1.0;
  int log = 1;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--max") maximise = true;
    else if (a == "--no-presolve") presolve = false;
    else if (a == "--barrier-kkt") kkt = true;
    else if (a == "--algorithm" && has_value) algorithm = argv[++i];
    else if (a == "--pricing" && has_value) pricing = argv[++i];
    else if (a == "--start" && has_value) start = argv[++i];
    else if (a == "--log" && has_value) log = std::atoi(argv[++i]);
    else if (a == "--objective-scale" && has_value) objective_scale = std::atof(argv[++i]);
    else return usage(("unknown or incomplete option " + a).c_str());
  }

  ClpSimplex model;
  model.setLogLevel(log);
  // Clp's MPS reader ignores OBJSENSE: `--max` says what the file's OBJSENSE section says.
  if (model.readMps(argv[1], true, false) != 0)
    return usage("the MPS file could not be read");
  if (maximise)
    model.setOptimizationDirection(-1.0);
  if (objective_scale != 1.0) {
    double *cost = model.objective();
    for (int j = 0; j < model.numberColumns(); j++)
      cost[j] *= objective_scale;
  }

  // ClpPrimalColumnSteepest modes: 0 exact devex, 1 full steepest edge, 2 partial exact devex,
  // 3 (Clp's default) switches between 0 and 2, 4 starts as partial Dantzig/devex.
  ClpPrimalColumnSteepest devex(0), steepest(1), partial(2), auto_partial(4);
  ClpPrimalColumnDantzig dantzig;
  ClpPEPrimalColumnSteepest positive_edge(0.5, 3);
  if (pricing == "devex") model.setPrimalColumnPivotAlgorithm(devex);
  else if (pricing == "steepest") model.setPrimalColumnPivotAlgorithm(steepest);
  else if (pricing == "partial") model.setPrimalColumnPivotAlgorithm(partial);
  else if (pricing == "auto-partial") model.setPrimalColumnPivotAlgorithm(auto_partial);
  else if (pricing == "dantzig") model.setPrimalColumnPivotAlgorithm(dantzig);
  else if (pricing == "positive-edge") model.setPrimalColumnPivotAlgorithm(positive_edge);
  else if (pricing != "default") return usage(("unknown pricing " + pricing).c_str());

  ClpSolve options;
  if (algorithm == "primal") options.setSolveType(ClpSolve::usePrimal);
  else if (algorithm == "dual") options.setSolveType(ClpSolve::useDual);
  else if (algorithm == "barrier") options.setSolveType(ClpSolve::useBarrier);
  else if (algorithm == "barrier-nocross") options.setSolveType(ClpSolve::useBarrierNoCross);
  else if (algorithm == "auto") options.setSolveType(ClpSolve::automatic);
  else return usage(("unknown algorithm " + algorithm).c_str());
  // ClpSolve special option 1 (primal start): 2 idiot crash, 3 sprint.
  if (start == "idiot") options.setSpecialOption(1, 2);
  else if (start == "sprint") options.setSpecialOption(1, 3);
  else if (start != "default") return usage(("unknown start " + start).c_str());
  if (kkt) options.setSpecialOption(4, 32);
  if (!presolve) options.setPresolveType(ClpSolve::presolveOff);

  double started = CoinCpuTime();
  model.initialSolve(options);
  std::printf("RESULT status=%d objective=%.12g iterations=%d cpu_seconds=%.2f\n", model.status(),
    model.objectiveValue(), model.numberIterations(), CoinCpuTime() - started);
  return 0;
}
