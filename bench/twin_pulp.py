"""The hinterland LP built with PuLP and solved with HiGHS (highspy) or CBC.

    bench/.venv/bin/python bench/twin_pulp.py SCENARIO_DIR [--solver highs|cbc]

Reads the scenario with `scenario_io`, builds the same LP as hinterland (`scenario_io.build_lp`),
makes one `LpVariable` per column and one `LpConstraint` per row, and solves it
lexicographically as `hinterland plan` does (`scenario_io.steps`: food service, the non-food
level, each kept by a floor row, then cost). A scenario with impartial allocation is refused
(exit 2): see `scenario_io`.
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
    why = scenario_io.unsupported(s)
    if why:
        print(f"twin_pulp: {why}", file=sys.stderr)
        return 2
    t_read = time.perf_counter()
    lp = scenario_io.build_lp(s)
    t_arrays = time.perf_counter()
    prob, x = build_model(lp)
    goals = scenario_io.steps(s, lp)
    level = {"service": linear(x, lp.service), "nonfood": linear(x, lp.nonfood), "cost": linear(x, lp.cost)}
    if goals == ["weighted"]:
        level["weighted"] = linear(x, s.value_usd_per_person_day * (lp.service + lp.nonfood) - lp.cost)
    t_build = time.perf_counter()
    out = {"tool": f"pulp+{args.solver}", "pulp": pulp.__version__, "columns": lp.ncols, "rows": lp.nrows,
           "read_s": t_read - t0, "formulate_s": t_arrays - t_read, "model_s": t_build - t_arrays,
           "build_s": t_build - t_read}
    if args.build_only:
        out["total_s"] = time.perf_counter() - t0
        print(json.dumps(out))
        return 0
    solver = pulp.HiGHS(msg=False) if args.solver == "highs" else pulp.PULP_CBC_CMD(msg=False)

    # The lexicographic steps as `hinterland plan` solves them (`scenario_io.steps`): each
    # level maximised, then kept by a floor row while the next is solved; cost last.
    out["steps"] = []
    status = "Optimal"
    for goal in goals:
        started = time.perf_counter()
        prob.sense = pulp.LpMinimize if goal == "cost" else pulp.LpMaximize
        prob.setObjective(level[goal])
        prob.solve(solver)
        status = pulp.LpStatus[prob.status]
        out["steps"].append({"goal": goal, "status": status.lower(), "seconds": time.perf_counter() - started})
        if status != "Optimal":
            break
        best = float(pulp.value(prob.objective))
        out[goal] = best
        # What this step's optimum gives per unit of each earlier level's floor (its dual):
        # `bench/report.py` allows a level the difference that the earlier levels' own
        # differences from hinterland's optima buy of it.
        kept = [e for e in goals[:goals.index(goal)] if f"{e}_floor" in prob.constraints]
        if kept:
            out.setdefault("floor_duals", {})[goal] = {
                e: abs(prob.constraints[f"{e}_floor"].pi or 0.0) for e in kept}
        if goal in ("cost", "weighted"):
            continue
        floor = scenario_io.level_floor(s, goals, goal, best)
        if args.solver == "cbc":
            # PuLP reads CBC's solution from a text file with rounded values, so the level it
            # recomputes can exceed the true optimum (service by 3.7e-11 relative at 100k), and
            # a floor there is infeasible. Give up at least 1e-10 of it: the later levels move
            # by less than the comparison allows (cost by about 1e-7 at 100k).
            floor = min(floor, best - 1e-10 * abs(best))
        prob.addConstraint(pulp.LpConstraint(level[goal], pulp.LpConstraintGE, rhs=floor), f"{goal}_floor")
    t_end = time.perf_counter()
    out.update(status=status.lower(), solve_s=t_end - t_build, total_s=t_end - t0)
    print(json.dumps(out))
    return 0 if status == "Optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
