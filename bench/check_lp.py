"""Checks that the twins' LP is hinterland's: `check_lp.py FILE.mps SCENARIO_DIR`.

FILE.mps is the LP that `hinterland plan SCENARIO_DIR --write-mps FILE.mps --no-solve` writes
(the food service step, or the weighted LP). `scenario_io.build_lp` must give the same
columns in the same order (bounds and that step's objective), and the same rows (bounds and
coefficients, 1e-9 relative) in any order. Prints one JSON line; exit status 1 on a
difference, naming the first few. The objective comparisons of `bench/report.py` test the
optima; this tests the LP itself, so a difference that happens not to move an optimum is
caught too.
"""

from __future__ import annotations

import json
import sys

import highspy
import numpy as np

import scenario_io

RTOL = 1e-9
BIG = 1e30  # HiGHS's infinity in a model read from a file


def _inf(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a[a >= BIG] = np.inf
    a[a <= -BIG] = -np.inf
    return a


def _differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Positions where a and b differ by more than RTOL (infinities equal only to themselves)."""
    same = (a == b) | np.isclose(a, b, rtol=RTOL, atol=0.0)
    return np.nonzero(~same)[0]


def _canonical(indptr, cols, vals, lo, hi):
    """The rows (CSR: indptr, cols, vals; bounds lo, hi) in an order that does not depend on
    how they were added: sorted by bounds, length, first column and two weighted sums of their
    terms, each row's terms by column. Returns (lo, hi, counts, cols, vals) in that order."""
    n = len(lo)
    counts = np.diff(indptr)
    row_of = np.repeat(np.arange(n), counts)
    # Terms by (row, column).
    order = np.lexsort((cols, row_of))
    cols, vals = cols[order], vals[order]
    first = np.full(n, -1)  # each row's first column (-1 for an empty row)
    first[counts > 0] = cols[indptr[:-1][counts > 0]]
    weighted = np.bincount(row_of, weights=(cols + 1.0) * vals, minlength=n)
    square = np.bincount(row_of, weights=(cols + 1.0) ** 2 * np.abs(vals), minlength=n)
    rows = np.lexsort((np.round(square, 6), np.round(weighted, 6), first, counts, hi, lo))
    starts, ends = indptr[:-1][rows], indptr[1:][rows]
    take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)]) if len(rows) else np.zeros(0, int)
    return lo[rows], hi[rows], counts[rows], cols[take], vals[take]


def main() -> int:
    mps, folder = sys.argv[1], sys.argv[2]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(mps)
    theirs = h.getLp()
    s = scenario_io.read_scenario(folder)
    ours = scenario_io.build_lp(s)
    problems: list[str] = []
    out = {"tool": "check-lp", "columns": ours.ncols, "rows": ours.nrows}

    if theirs.num_col_ != ours.ncols:
        problems.append(f"hinterland has {theirs.num_col_} columns, the twins {ours.ncols}")
    else:
        # `--write-mps` writes the food service LP (also when non-food comes first), or the
        # weighted one.
        goal = "weighted" if s.method == "weighted" else "service"
        objective = ours.service if goal == "service" else \
            s.value_usd_per_person_day * (ours.service + ours.nonfood) - ours.cost
        for name, a, b in (("lower bound", _inf(theirs.col_lower_), ours.col_lo),
                           ("upper bound", _inf(theirs.col_upper_), ours.col_hi),
                           (f"{goal} objective", np.array(theirs.col_cost_), objective)):
            bad = _differ(a, b)
            if len(bad):
                problems.append(f"{len(bad)} columns differ in their {name}, first {bad[:5].tolist()}: "
                                f"hinterland {a[bad[:5]].tolist()}, twins {b[bad[:5]].tolist()}")

    # hinterland's rows, from its column-wise matrix; ours without empty rows (the Rust LP
    # has none: every row it adds has a term).
    a = theirs.a_matrix_
    start, index, value = np.array(a.start_), np.array(a.index_), np.array(a.value_)
    col_of = np.repeat(np.arange(theirs.num_col_), np.diff(start))
    by_row = np.argsort(index, kind="stable")
    h_indptr = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=theirs.num_row_))])
    h = _canonical(h_indptr, col_of[by_row], value[by_row], _inf(theirs.row_lower_), _inf(theirs.row_upper_))
    indptr, cols, vals, counts = ours.csr()
    keep = counts > 0
    o_indptr = np.concatenate([[0], np.cumsum(counts[keep])])
    o = _canonical(o_indptr, cols, vals, ours.row_lo[keep], ours.row_hi[keep])
    if len(h[0]) != len(o[0]):
        problems.append(f"hinterland has {len(h[0])} rows, the twins {len(o[0])}")
    elif not np.array_equal(h[2], o[2]) or not np.array_equal(h[3], o[3]):
        bad = np.nonzero(h[2] != o[2])[0]
        problems.append(f"the rows' columns differ ({len(bad)} rows of another length)")
    else:
        for name, x, y in (("lower bounds", h[0], o[0]), ("upper bounds", h[1], o[1]),
                           ("coefficients", h[4], o[4])):
            bad = _differ(x, y)
            if len(bad):
                problems.append(f"{len(bad)} row {name} differ, e.g. hinterland {x[bad[:3]].tolist()}, "
                                f"twins {y[bad[:3]].tolist()}")
    out.update(status="same" if not problems else "different", problems=problems)
    print(json.dumps(out))
    for p in problems:
        print(f"check_lp: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
