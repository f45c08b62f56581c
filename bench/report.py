"""Summarises `bench/run`'s results.jsonl: checks that every tool found hinterland's optimum,
takes medians over repetitions, prints the table of ratios, draws time against LP size.

    report.py RESULTS.jsonl [--publish DOCS_DIR]

Exit status 1 when an objective disagrees with hinterland's by more than 1e-6 (relative; a
level solved under earlier levels' floors also by what their differences buy of it, see
below) or a run failed: this is the differential test of the formulation that CI runs on the
smallest size.
A run stopped by `bench/run --timeout` is not a failure: its wall time is a lower bound, shown
as `> t`, and a speed-up against it as `≥ r×`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REL = 1e-6
TOOLS = ["hinterland", "hinterland-noconfirm", "hinterland-highs", "clp-bare", "clp-bare-auto", "highs-bare",
         "highs-bare-primal", "highs-bare-ipm", "linopy+highs", "linopy+highs-ipm", "pulp+highs", "pulp+cbc"]
OURS = ["hinterland-noconfirm", "hinterland", "hinterland-highs"]
PLAN_STEPS = ("service", "fair", "nonfood", "cost", "weighted")
BARE = ("clp-bare", "clp-bare-auto", "highs-bare", "highs-bare-primal", "highs-bare-ipm")


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


class Bound(float):
    """A median wall time of which some repetition hit the timeout: a lower bound."""


def wall(records):
    """Median wall time of `records`; a `Bound` if any of them timed out."""
    m = med(r.get("wall_s") for r in records)
    if m is not None and any(r.get("timed_out") for r in records):
        return Bound(m)
    return m


def fmt(v, digits=2, suffix=""):
    if v is None:
        return "–"
    return f"{'> ' if isinstance(v, Bound) else ''}{v:.{digits}f}{suffix}"


def ratio(a, b):
    """a / b, where `a` may be a lower bound (then so is the ratio) and `b` must be exact."""
    if not a or not b or isinstance(b, Bound):
        return None
    return Bound(a / b) if isinstance(a, Bound) else a / b


def fmt_ratio(v, digits=1):
    if v is None:
        return "–"
    return f"{'≥ ' if isinstance(v, Bound) else ''}{v:.{digits}f}×"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--publish", metavar="DOCS_DIR")
    args = ap.parse_args()
    runs = [json.loads(line) for line in open(args.results) if line.strip()]
    by = defaultdict(list)
    for r in runs:
        by[(r["size"], r["tool"])].append(r)
    sizes = list(dict.fromkeys(r["size"] for r in runs))
    problems = []
    notes = []

    # --- differential test ------------------------------------------------------------------
    checks = 0
    for size in sizes:
        tried = [r for t in OURS for r in by[(size, t)]]
        ours = [r for r in tried if r.get("objectives")]
        if not ours:
            if tried and all(r.get("timed_out") for r in tried):
                notes.append(f"{size}: hinterland stopped at the timeout; nothing to compare with")
            elif not tried:
                # `--tools` without plan or plan0: nothing of ours to compare the others with.
                notes.append(f"{size}: hinterland was not run (--tools); objectives not compared")
            else:
                problems.append(f"{size}: hinterland produced no plan")
            continue
        ref = ours[0]["objectives"]
        for r in runs:
            if r["size"] != size:
                continue
            if r.get("timed_out"):
                notes.append(f"{size}: {r['tool']} (rep {r['rep']}) stopped at the timeout after {r.get('wall_s') or 0:.0f} s")
                continue
            if r.get("rc"):
                problems.append(f"{size}: {r['tool']} (rep {r['rep']}) exited {r['rc']}")
                continue
            if r["tool"] == "check-lp":  # the twins' LP against hinterland's (check_lp.py)
                checks += 1
                continue
            got, duals = {}, {}
            if r["tool"].startswith("hinterland"):
                got = r.get("objectives", {})
            elif r["tool"] in BARE:
                got = {"service": r["out"].get("objective")}
            else:
                got = {k: r["out"].get(k) for k in ("service", "nonfood", "cost", "weighted") if k in r["out"]}
                duals = r["out"].get("floor_duals", {})
            for goal, value in got.items():
                if goal not in ref:
                    continue
                checks += 1
                # A level solved under the floors of earlier ones may also differ by what the
                # earlier levels' own differences buy of it: twice the floor's dual (the rate,
                # from the twin's step) times that difference. It matters where a level is
                # small beside the one before it: a non-food level that the food floor's
                # `LEVEL_SLACK` hair alone pays for moves with the last digits of the food optimum.
                allowed = REL * max(1.0, abs(ref[goal]))
                for earlier, dual in duals.get(goal, {}).items():
                    if got.get(earlier) is not None and earlier in ref:
                        allowed += 2.0 * dual * abs(got[earlier] - ref[earlier])
                if value is None or abs(value - ref[goal]) > allowed:
                    problems.append(f"{size}: {r['tool']} {goal} objective {value} differs from hinterland's {ref[goal]}")

    # --- medians and ratios ------------------------------------------------------------------
    rows = []
    for size in sizes:
        m = {t: wall(by[(size, t)]) for t in TOOLS}
        rss = {t: med(r.get("rss_kb") for r in by[(size, t)]) for t in TOOLS}
        gb = {t: v / 1024 / 1024 if v else None for t, v in rss.items()}
        nc = [r for r in by[(size, "hinterland-noconfirm")] if not r.get("timed_out")]
        cols = next((r["out"].get("columns") for r in nc if r["out"].get("columns")), None)
        # The plan's own solves: every step of the lexicographic sequence (food service, the
        # impartial max–min steps, non-food, cost), not the confirmations.
        solves = lambda r: sum(s["seconds"] for s in r["out"].get("steps", []) if s["goal"] in PLAN_STEPS)
        lex = med(solves(r) for r in nc) if nc else None
        stage = {k: med(r["out"].get(k) for r in nc) for k in ("read", "validate", "build", "solve", "verify", "write")} if nc else {}
        solve_time = lambda tool: med(r["out"].get("solve_s") for r in by[(size, tool)] if not r.get("timed_out")) \
            or (Bound(m[tool]) if isinstance(m[tool], Bound) else None)
        clp, clp_auto = solve_time("clp-bare"), solve_time("clp-bare-auto")
        highs, highs_primal = solve_time("highs-bare"), solve_time("highs-bare-primal")
        plan0 = m["hinterland-noconfirm"]
        nh = [r for r in by[(size, "hinterland-highs")] if not r.get("timed_out")]
        lex_highs = med(solves(r) for r in nh) if nh else None
        if cols is None:
            cols = next((r["out"].get("columns") for r in nh if r["out"].get("columns")), None)
        ipm = solve_time("highs-bare-ipm")
        plan_h = m["hinterland-highs"]
        interior = dict(
            plan=plan_h, lex=lex_highs, overhead=ratio(plan_h, lex_highs), bare=ipm, vs_bare=ratio(plan_h, ipm),
            linopy_ipm=ratio(m["linopy+highs-ipm"], plan_h), linopy=ratio(m["linopy+highs"], plan_h),
            reps=len(by[(size, "hinterland-highs")]),
        ) if by[(size, "hinterland-highs")] or by[(size, "highs-bare-ipm")] or by[(size, "linopy+highs-ipm")] else None
        rows.append(dict(
            interior=interior,
            size=size, columns=cols, plan=m["hinterland"], plan0=plan0, lex=lex,
            clp=clp, clp_auto=clp_auto, highs=highs, highs_primal=highs_primal, stage=stage,
            overhead=ratio(plan0, lex),
            vs_clp=ratio(plan0, clp),
            linopy=ratio(m["linopy+highs"], plan0),
            pulp_highs=ratio(m["pulp+highs"], plan0),
            pulp_cbc=ratio(m["pulp+cbc"], plan0),
            gb=gb, walls=m, reps=len(by[(size, "hinterland-noconfirm")]),
        ))

    lines = [
        "| scenario | LP columns | reps | `plan` s | `plan --confirm-limits 0` s | its Clp solves s | overhead (plan0 / solves) | bare Clp step 1 s (primal / auto) | plan0 / bare Clp step 1 | bare HiGHS step 1 s (default / primal) | linopy+HiGHS / plan0 | PuLP+HiGHS / plan0 | PuLP+CBC / plan0 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append("| " + " | ".join([
            r["size"], f"{r['columns']:,}" if r["columns"] else "–", str(r["reps"]), fmt(r["plan"]), fmt(r["plan0"]),
            fmt(r["lex"]), fmt_ratio(r["overhead"], 2), f"{fmt(r['clp'])} / {fmt(r['clp_auto'])}",
            fmt_ratio(r["vs_clp"], 2), f"{fmt(r['highs'])} / {fmt(r['highs_primal'])}",
            fmt_ratio(r["linopy"]), fmt_ratio(r["pulp_highs"]), fmt_ratio(r["pulp_cbc"]),
        ]) + " |")
    lines += ["", "Peak memory (resident set, GB, median; bare Clp includes reading the MPS file):", "",
              "| scenario | `plan` | `plan --confirm-limits 0` | bare Clp step 1 (primal) | bare HiGHS step 1 | linopy + HiGHS | PuLP + HiGHS | PuLP + CBC |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        g = r["gb"]
        lines.append("| " + " | ".join([r["size"]] + [fmt(g[t], 3) for t in (
            "hinterland", "hinterland-noconfirm", "clp-bare", "highs-bare", "linopy+highs", "pulp+highs", "pulp+cbc")]) + " |")
    if any(r["interior"] for r in rows):
        lines += ["", "Interior point: `plan --solver highs --algorithm barrier --confirm-limits 0` (HiGHS's IPX with",
                  "crossover for step 1, primal simplex from its basis for the later steps) against bare HiGHS IPX on the step-1",
                  "MPS and linopy + HiGHS (IPX, and its default):", "",
                  "| scenario | LP columns | reps | `plan` (highs, barrier) s | its HiGHS solves s | overhead (plan / solves) | bare HiGHS IPX step 1 s | plan / bare IPX step 1 | linopy+HiGHS IPX / plan | linopy+HiGHS default / plan | peak RSS `plan` GB | peak RSS bare IPX GB |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            i = r["interior"]
            if not i:
                continue
            lines.append("| " + " | ".join([
                r["size"], f"{r['columns']:,}" if r["columns"] else "–", str(i["reps"]), fmt(i["plan"]), fmt(i["lex"]),
                fmt_ratio(i["overhead"], 2), fmt(i["bare"]), fmt_ratio(i["vs_bare"], 2), fmt_ratio(i["linopy_ipm"]),
                fmt_ratio(i["linopy"]), fmt(r["gb"]["hinterland-highs"], 3), fmt(r["gb"]["highs-bare-ipm"], 3),
            ]) + " |")
    lines += ["", "Stages of `plan --confirm-limits 0` (median seconds):", "",
              "| scenario | read | validate | build | solve (every step) | verify | write |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        st = r["stage"]
        lines.append("| " + " | ".join([r["size"]] + [fmt(st.get(k), 3) for k in ("read", "validate", "build", "solve", "verify", "write")]) + " |")
    table = "\n".join(lines)
    print(table)
    print(f"\n{checks} comparisons against hinterland (objectives to {REL:g} relative, and the twins' LP)")

    # --- plot ----------------------------------------------------------------------------------
    out_dir = Path(args.publish) if args.publish else Path(args.results).parent
    generated = [r for r in rows if r["columns"] and not r["size"].startswith(("mali", "wfp"))]
    if generated:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4.5))
        series = [("hinterland", "hinterland plan"), ("hinterland-noconfirm", "hinterland plan --confirm-limits 0"),
                  ("clp-bare", "bare Clp, step 1 only"), ("linopy+highs", "linopy + HiGHS"),
                  ("pulp+highs", "PuLP + HiGHS"), ("pulp+cbc", "PuLP + CBC"),
                  ("hinterland-highs", "hinterland plan --solver highs (interior point)"),
                  ("highs-bare-ipm", "bare HiGHS interior point, step 1 only"),
                  ("linopy+highs-ipm", "linopy + HiGHS interior point")]
        for tool, label in series:
            bare = {"clp-bare": lambda r: r["clp"], "highs-bare-ipm": lambda r: (r["interior"] or {}).get("bare")}
            pts = [(r["columns"], bare[tool](r) if tool in bare else r["walls"][tool]) for r in generated]
            # Timed-out runs are lower bounds, not points on the curve.
            pts = [p for p in pts if p[1] and not isinstance(p[1], Bound)]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("LP columns")
        ax.set_ylabel("wall time, s (median)")
        ax.set_title("End-to-end time against model size (same scenarios, same machine, same run)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out_dir / "performance.svg")
        print(f"plot: {out_dir / 'performance.svg'}")
    if args.publish:
        (out_dir / "performance-results.md").write_text(
            "<!-- written by bench/report.py from the latest `bench/run`; do not edit by hand -->\n\n" + table + "\n")

    for n in notes:
        print(f"bench: note: {n}", file=sys.stderr)
    for p in problems:
        print(f"bench: {p}", file=sys.stderr)
    if problems:
        return 1
    if checks:
        print("bench: every tool agrees with hinterland")
    else:
        print("bench: no objectives to compare (every run failed to finish or was not run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
