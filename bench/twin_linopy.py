"""The hinterland LP built with linopy and solved with HiGHS: what a Python user would pick.

    bench/.venv/bin/python bench/twin_linopy.py SCENARIO_DIR [--io-api lp|direct|mps]

Reads the scenario with `scenario_io`, builds the same LP as hinterland (`scenario_io.build_lp`),
turns it into a linopy model (one variable per column family, constraints from the rows'
coefficient arrays, bucketed by row length so linopy's padded term arrays stay dense), and
solves it lexicographically as `hinterland plan` does: step 1 maximises service, step 2
keeps `service ≥ (1 − tol)·service*` and minimises cost. Prints one JSON line with both
objectives and the seconds spent in each stage.
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
                    help="solve both steps with HiGHS's interior-point method (solver=ipm) instead of its default")
    args = ap.parse_args()

    t0 = time.perf_counter()
    s = scenario_io.read_scenario(args.scenario)
    t_read = time.perf_counter()
    lp = scenario_io.build_lp(s)
    t_arrays = time.perf_counter()
    m, label = build_model(lp)
    service = objective_expr(m, label, lp.service)
    cost = objective_expr(m, label, lp.cost)
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
    if s.method == "weighted":
        m.add_objective(s.value_usd_per_person_day * service - cost, sense="max")
        status, cond = m.solve(solver_name="highs", **kw)
        out.update(status=cond, weighted=float(m.objective.value))
        t_solve = time.perf_counter()
        out.update(solve_s=t_solve - t_build, total_s=t_solve - t0)
        print(json.dumps(out))
        return 0 if cond == "optimal" else 1

    m.add_objective(service, sense="max")
    status, cond = m.solve(solver_name="highs", **kw)
    t_s1 = time.perf_counter()
    if cond != "optimal":
        out.update(status=cond)
        print(json.dumps(out))
        return 1
    best = float(m.objective.value)
    floor = best - s.service_tolerance * abs(best)
    m.add_constraints(service >= floor, name="service_floor")
    m.add_objective(cost, sense="min", overwrite=True)
    status, cond = m.solve(solver_name="highs", **kw)
    t_s2 = time.perf_counter()
    out.update(status=cond, service=best, cost=float(m.objective.value),
               solve1_s=t_s1 - t_build, solve2_s=t_s2 - t_s1, solve_s=t_s2 - t_build, total_s=t_s2 - t0)
    print(json.dumps(out))
    return 0 if cond == "optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
