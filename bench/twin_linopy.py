"""The hinterland LP built with linopy and solved with HiGHS: what a Python user would pick.

    bench/.venv/bin/python bench/twin_linopy.py SCENARIO_DIR [--io-api lp|direct|mps]

Reads the scenario with `scenario_io`, builds the same LP as hinterland (`scenario_io.build_lp`),
turns it into a linopy model (one variable per column family, constraints from the rows'
coefficient arrays, bucketed by row length so linopy's padded term arrays stay dense), and
solves it lexicographically as `hinterland plan` does (`scenario_io.steps`): the food service,
the non-food level (after food by default), each kept by a floor row, then the least cost.
Prints one JSON line with each step's objective and the seconds spent in each stage. A
scenario with impartial allocation is refused (exit 2): see `scenario_io`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import xarray as xr
import linopy
from linopy import LinearExpression

import scenario_io


def expression(m: linopy.Model, coeffs: np.ndarray, labels: np.ndarray, dims=("_term",)) -> LinearExpression:
    ds = xr.Dataset({"coeffs": (dims, coeffs), "vars": (dims, labels)})
    return LinearExpression(ds, m)


def build_model(lp: scenario_io.Lp) -> tuple[linopy.Model, np.ndarray]:
    m = linopy.Model()
    label = np.empty(lp.ncols, dtype=np.int64)
    families: dict[str, list[np.ndarray]] = {}
    for name, start, n in lp.blocks:
        families.setdefault(name, []).append(np.arange(start, start + n))
    for name, parts in families.items():
        idx = np.concatenate(parts)
        var = m.add_variables(
            lower=xr.DataArray(lp.col_lo[idx], dims=[f"{name}_i"]),
            upper=xr.DataArray(lp.col_hi[idx], dims=[f"{name}_i"]),
            name=name,
        )
        label[idx] = var.labels.values.ravel()

    indptr, indices, data, counts = lp.csr()
    lo, hi = lp.row_lo, lp.row_hi
    sense = np.where(lo == hi, 0, np.where(np.isinf(lo), 1, 2))  # 0 '=', 1 '<=', 2 '>='
    rhs_all = np.where(sense == 2, lo, hi)
    signs = {0: "=", 1: "<=", 2: ">="}
    rows = np.nonzero(counts > 0)[0]
    # Rows padded to the next power of two of their length (padding: label -1, linopy's
    # "no variable"), so a few dense blocks hold every row.
    width = 1 << np.ceil(np.log2(counts[rows])).astype(np.int64)
    keys = sense[rows] * (int(width.max()) + 1) + width
    for key in np.unique(keys):
        sel = keys == key
        r = rows[sel]
        w = int(width[sel][0])
        k = np.arange(w)[None, :]
        valid = k < counts[r][:, None]
        pos = np.where(valid, indptr[r][:, None] + k, 0)
        coeffs = np.where(valid, data[pos], 0.0)
        labels = np.where(valid, label[indices[pos]], -1)
        expr = expression(m, coeffs, labels, dims=(f"r{key}", "_term"))
        rhs = xr.DataArray(rhs_all[r], dims=[f"r{key}"])
        m.add_constraints(expr, signs[int(sense[r[0]])], rhs, name=f"rows_{key}")
    return m, label


def objective_expr(m: linopy.Model, label: np.ndarray, weights: np.ndarray) -> LinearExpression:
    nz = np.nonzero(weights)[0]
    return expression(m, weights[nz], label[nz])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--io-api", default=None, help="linopy's io_api (default: linopy's own default)")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--ipm", action="store_true",
                    help="solve every step with HiGHS's interior-point method (solver=ipm) instead of its default")
    args = ap.parse_args()

    t0 = time.perf_counter()
    s = scenario_io.read_scenario(args.scenario)
    why = scenario_io.unsupported(s)
    if why:
        print(f"twin_linopy: {why}", file=sys.stderr)
        return 2
    t_read = time.perf_counter()
    lp = scenario_io.build_lp(s)
    t_arrays = time.perf_counter()
    m, label = build_model(lp)
    goals = scenario_io.steps(s, lp)
    level = {"service": objective_expr(m, label, lp.service), "nonfood": objective_expr(m, label, lp.nonfood),
             "cost": objective_expr(m, label, lp.cost)}
    if goals == ["weighted"]:
        level["weighted"] = objective_expr(
            m, label, s.value_usd_per_person_day * (lp.service + lp.nonfood) - lp.cost)
    t_build = time.perf_counter()
    out = {"tool": "linopy+highs", "linopy": linopy.__version__, "columns": lp.ncols, "rows": lp.nrows,
           "read_s": t_read - t0, "formulate_s": t_arrays - t_read, "model_s": t_build - t_arrays,
           "build_s": t_build - t_read}
    if args.build_only:
        out["total_s"] = time.perf_counter() - t0
        print(json.dumps(out))
        return 0

    kw = {"io_api": args.io_api} if args.io_api else {}
    kw["output_flag"] = False
    if args.ipm:
        kw["solver"] = "ipm"
        out["tool"] = "linopy+highs-ipm"
    # The lexicographic steps as `hinterland plan` solves them (`scenario_io.steps`): each
    # level maximised, then kept by a floor row while the next is solved; cost last.
    out["steps"] = []
    cond = "optimal"
    for goal in goals:
        started = time.perf_counter()
        m.add_objective(level[goal], sense="min" if goal == "cost" else "max", overwrite=True)
        status, cond = m.solve(solver_name="highs", **kw)
        out["steps"].append({"goal": goal, "status": cond, "seconds": time.perf_counter() - started})
        if cond != "optimal":
            break
        best = float(m.objective.value)
        out[goal] = best
        # What this step's optimum gives per unit of each earlier level's floor (its dual):
        # `bench/report.py` allows a level the difference that the earlier levels' own
        # differences from hinterland's optima buy of it.
        kept = [e for e in goals[:goals.index(goal)] if e in level and f"{e}_floor" in m.constraints]
        if kept:
            out.setdefault("floor_duals", {})[goal] = {
                e: abs(float(m.constraints[f"{e}_floor"].dual.values)) for e in kept}
        if goal not in ("cost", "weighted"):
            floor = scenario_io.level_floor(s, goals, goal, best)
            m.add_constraints(level[goal] >= floor, name=f"{goal}_floor")
    t_end = time.perf_counter()
    out.update(status=cond, solve_s=t_end - t_build, total_s=t_end - t0)
    print(json.dumps(out))
    return 0 if cond == "optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
