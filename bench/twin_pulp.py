"""The hinterland LP built with PuLP and solved with HiGHS (highspy) or CBC.

    bench/.venv/bin/python bench/twin_pulp.py SCENARIO_DIR [--solver highs|cbc]

Reads the scenario with `scenario_io`, builds the same LP as hinterland (`scenario_io.build_lp`),
makes one `LpVariable` per column and one `LpConstraint` per row, and solves it
lexicographically as `hinterland plan` does (service, then cost with a service floor).
CBC is the binary PuLP ships (`PULP_CBC_CMD`: it writes an MPS file and runs cbc); HiGHS is
PuLP's `HiGHS` interface to `highspy`. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

import numpy as np
import pulp

import scenario_io


def build_model(lp: scenario_io.Lp):
    prob = pulp.LpProblem("hinterland", pulp.LpMaximize)
    lo = [None if math.isinf(v) else float(v) for v in lp.col_lo]
    hi = [None if math.isinf(v) else float(v) for v in lp.col_hi]
    x = [pulp.LpVariable(f"x{j}", lo[j], hi[j]) for j in range(lp.ncols)]
    indptr, indices, data, counts = lp.csr()
    indices, data = indices.tolist(), data.tolist()
    row_lo, row_hi = lp.row_lo.tolist(), lp.row_hi.tolist()
    for i in range(lp.nrows):
        a, b = indptr[i], indptr[i + 1]
        if a == b:
            continue
        expr = pulp.LpAffineExpression([(x[j], v) for j, v in zip(indices[a:b], data[a:b])])
        if row_lo[i] == row_hi[i]:
            c = pulp.LpConstraint(expr, pulp.LpConstraintEQ, rhs=row_lo[i])
        elif math.isinf(row_lo[i]):
            c = pulp.LpConstraint(expr, pulp.LpConstraintLE, rhs=row_hi[i])
        else:
            c = pulp.LpConstraint(expr, pulp.LpConstraintGE, rhs=row_lo[i])
        prob.addConstraint(c, f"r{i}")
    return prob, x


def linear(x, weights: np.ndarray) -> pulp.LpAffineExpression:
    nz = np.nonzero(weights)[0]
    return pulp.LpAffineExpression([(x[j], float(weights[j])) for j in nz])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    s = scenario_io.read_scenario(args.scenario)
    t_read = time.perf_counter()
    lp = scenario_io.build_lp(s)
    t_arrays = time.perf_counter()
    prob, x = build_model(lp)
    service = linear(x, lp.service)
    cost = linear(x, lp.cost)
    t_build = time.perf_counter()
    out = {"tool": f"pulp+{args.solver}", "pulp": pulp.__version__, "columns": lp.ncols, "rows": lp.nrows,
           "read_s": t_read - t0, "formulate_s": t_arrays - t_read, "model_s": t_build - t_arrays,
           "build_s": t_build - t_read}
    if args.build_only:
        out["total_s"] = time.perf_counter() - t0
        print(json.dumps(out))
        return 0
    solver = pulp.HiGHS(msg=False) if args.solver == "highs" else pulp.PULP_CBC_CMD(msg=False)

    if s.method == "weighted":
        prob.setObjective(s.value_usd_per_person_day * service - cost)
        prob.solve(solver)
        status = pulp.LpStatus[prob.status]
        t_solve = time.perf_counter()
        out.update(status=status.lower(), weighted=pulp.value(prob.objective), solve_s=t_solve - t_build,
                   total_s=t_solve - t0)
        print(json.dumps(out))
        return 0 if status == "Optimal" else 1

    prob.setObjective(service)
    prob.solve(solver)
    t_s1 = time.perf_counter()
    if pulp.LpStatus[prob.status] != "Optimal":
        out.update(status=pulp.LpStatus[prob.status].lower())
        print(json.dumps(out))
        return 1
    best = float(pulp.value(prob.objective))
    tolerance = s.service_tolerance
    if args.solver == "cbc":
        # PuLP reads CBC's solution from a text file with rounded values, so the service it
        # recomputes can exceed the true optimum (by 3.7e-11 relative at 100k), and a floor
        # there is infeasible. Give up 1e-10 of the service: the cost moves by less than the
        # 1e-6 the comparison allows (about 1e-7 at 100k).
        tolerance = max(tolerance, 1e-10)
    floor = best - tolerance * abs(best)
    prob.addConstraint(pulp.LpConstraint(service, pulp.LpConstraintGE, rhs=floor), "service_floor")
    prob.sense = pulp.LpMinimize
    prob.setObjective(cost)
    prob.solve(solver)
    t_s2 = time.perf_counter()
    out.update(status=pulp.LpStatus[prob.status].lower(), service=best, cost=float(pulp.value(prob.objective)),
               solve1_s=t_s1 - t_build, solve2_s=t_s2 - t_s1, solve_s=t_s2 - t_build, total_s=t_s2 - t0)
    print(json.dumps(out))
    return 0 if pulp.LpStatus[prob.status] == "Optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
