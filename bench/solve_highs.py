"""Bare HiGHS (highspy) on an MPS file: `solve_highs.py FILE.mps [--primal | --ipm]`. Prints one
JSON line with the seconds to read the file and to solve it (`Highs.run`): HiGHS's default LP
algorithm, with `--primal` its primal simplex (`simplex_strategy = 4`), the algorithm
`hinterland plan` asks of Clp, or with `--ipm` its interior-point method with crossover (IPX,
what `hinterland plan --solver highs --algorithm barrier` asks of HiGHS)."""

import json
import sys
import time

import highspy


def main() -> int:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    primal = "--primal" in sys.argv[2:]
    ipm = "--ipm" in sys.argv[2:]
    if primal:
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 4)
    elif ipm:
        h.setOptionValue("solver", "ipm")
    t0 = time.perf_counter()
    h.readModel(sys.argv[1])
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    print(json.dumps({"tool": "highs", "algorithm": "primal" if primal else "ipm" if ipm else "default", "highspy": highspy.Highs().version() if hasattr(highspy.Highs(), "version") else "",
                      "read_s": t1 - t0, "solve_s": t2 - t1, "status": status.lower(),
                      "objective": h.getObjectiveValue(), "iterations": info.simplex_iteration_count,
                      "ipm_iterations": info.ipm_iteration_count, "crossover_iterations": info.crossover_iteration_count}))
    return 0 if status == "Optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
