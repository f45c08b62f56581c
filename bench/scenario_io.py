"""Reads a hinterland scenario folder and builds its LP, independently of the Rust code.

This is the Python twin of `crates/hinterland-plan/src/formulation/*.rs`: the same columns,
rows and coefficients, family by family (the maths is in the Rust module docs), with the
objective's three vectors kept apart as the Rust `Formulation` keeps them: food service
(phase-weighted value of rations), non-food deliveries (weighted tonnes) and cost. Both twins
(`twin_linopy.py`, `twin_pulp.py`) start from `build_lp`; they differ only in the modelling
layer that turns these arrays into a solver model. Row order differs from the Rust builder
(it does not change the optimum); column order is the same.

Scope: the utilitarian allocation (`[allocation] fairness = "utilitarian"`). The impartial
max–min steps (`crates/hinterland-plan/src/fair.rs`) are a series of re-solves guided by the
duals of the `fair` rows, which only hinterland makes: `unsupported` names such a scenario,
and the twins refuse it (`bench/run` gives them a utilitarian copy of the shipped scenarios).

The reader follows `docs/scenario-format.md`: `#` comment lines, period labels, ranges
`FROM..TO` and `*`, `inf`, defaults for empty optional cells, lane availability factors that
multiply. It does not validate: run `hinterland check` first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

INF = math.inf
PORTIONS_OF_100G_PER_T = 1e4
G_PER_T = 1e6


# ----------------------------------------------------------------------------- reading

def _table(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    return [{k.strip(): (v or "").strip() for k, v in r.items() if k is not None} for r in rows]


def _num(raw: str | None, default: float | None = None) -> float:
    if raw is None or raw == "":
        if default is None:
            raise ValueError("missing required number")
        return default
    return INF if raw == "inf" else float(raw)


@dataclass
class Calendar:
    labels: list[str]
    days: list[float]

    def __len__(self) -> int:
        return len(self.labels)

    def periods(self, raw: str) -> range:
        if raw == "*":
            return range(len(self.labels))
        if ".." in raw:
            a, b = raw.split("..", 1)
            return range(self.labels.index(a), self.labels.index(b) + 1)
        p = self.labels.index(raw)
        return range(p, p + 1)


def _calendar(cal: dict) -> Calendar:
    start = dt.date.fromisoformat(str(cal["start"]))
    step, n = cal["step"], int(cal["periods"])
    starts = []
    for i in range(n + 1):
        if step == "month":
            m = start.month - 1 + i
            starts.append(dt.date(start.year + m // 12, m % 12 + 1, 1))
        elif step == "week":
            starts.append(start + dt.timedelta(days=7 * i))
        else:
            starts.append(start + dt.timedelta(days=i))
    fmt = "%Y-%m" if step == "month" else "%Y-%m-%d"
    labels = [d.strftime(fmt) for d in starts[:n]]
    days = [float((starts[i + 1] - starts[i]).days) for i in range(n)]
    return Calendar(labels, days)


@dataclass
class Scenario:
    name: str
    method: str
    phase_weights: list[float]
    value_usd_per_person_day: float
    service_tolerance: float
    cal: Calendar
    nodes: list[dict]
    node_ix: dict[str, int]
    lanes: list[dict]
    lane_factor: np.ndarray  # [lane, period]
    commodities: list[dict]
    com_ix: dict[str, int]
    nutrients: list[str]
    content: np.ndarray  # [commodity, nutrient] per 100 g
    ration: list[tuple[str, str, float, float, float, float]]  # kind, item, min, max, floor_share, value_weight
    fairness: str = "impartial"  # [allocation]: impartial | utilitarian | bounded
    max_drop: float = 1.0  # [allocation]: continuity; the twins build no continuity rows
    nonfood_priority: str = "after-food"  # after-food | before-food
    curve: list[tuple[float, float]] = field(default_factory=lambda: [(1.0, 1.0)])  # after (0, 0)
    needs: list[dict] = field(default_factory=list)
    demands: list[dict] = field(default_factory=list)
    supplies: list[dict] = field(default_factory=list)
    markets: list[dict] = field(default_factory=list)
    funds: list[dict] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)  # issue 27 features the twins refuse


def read_scenario(folder: str | Path) -> Scenario:
    folder = Path(folder)
    with (folder / "scenario.toml").open("rb") as f:
        toml = tomllib.load(f)
    obj = toml.get("objective", {})
    cal = _calendar(toml["calendar"])
    nonfood_weight = float(obj.get("nonfood_weight_per_t", 0.0))

    nodes = []
    for r in _table(folder, "nodes.csv"):
        nodes.append(dict(
            id=r["id"], kind=r["kind"],
            storage=_num(r.get("storage_capacity_t"), 0.0),
            handling=_num(r.get("handling_cost_usd_per_t"), 0.0),
            storage_cost=_num(r.get("storage_cost_usd_per_t_period"), 0.0),
            loss=_num(r.get("storage_loss_per_period"), 0.0),
        ))
    node_ix = {n["id"]: i for i, n in enumerate(nodes)}

    lanes = []
    for r in _table(folder, "lanes.csv"):
        lanes.append(dict(
            id=r["id"], src=node_ix[r["from"]], dst=node_ix[r["to"]],
            cost=_num(r["cost_usd_per_t"]), transit=int(_num(r.get("transit_periods"), 0.0)),
            transit_days=r.get("transit_days", ""),
            capacity=_num(r["capacity_t_per_period"]),
        ))
    lane_ix = {l["id"]: i for i, l in enumerate(lanes)}
    factor = np.ones((len(lanes), len(cal)))
    for r in _table(folder, "lane_availability.csv"):
        for p in cal.periods(r["periods"]):
            factor[lane_ix[r["lane"]], p] *= _num(r["capacity_factor"])

    commodities = [dict(id=r["id"], group=r["group"], ration_group=r.get("ration_group", ""))
                   for r in _table(folder, "commodities.csv")]
    com_ix = {c["id"]: i for i, c in enumerate(commodities)}
    nutrients = [r["id"] for r in _table(folder, "nutrients.csv")]
    nut_ix = {n: i for i, n in enumerate(nutrients)}
    content = np.zeros((len(commodities), len(nutrients)))
    for r in _table(folder, "nutrient_content.csv"):
        content[com_ix[r["commodity"]], nut_ix[r["nutrient"]]] = _num(r["amount_per_100g"])
    ration = [(r["kind"], r["item"], _num(r.get("min_per_person_day"), 0.0),
               _num(r.get("max_per_person_day"), INF), _num(r.get("floor_share"), 1.0),
               _num(r.get("value_weight"), 1.0)) for r in _table(folder, "ration.csv")]
    alloc = toml.get("allocation", {})

    s = Scenario(
        name=toml.get("name", ""), method=obj.get("method", "lexicographic"),
        phase_weights=[float(w) for w in obj.get("phase_weights", [0.25, 0.5, 1.0, 2.0, 4.0])],
        value_usd_per_person_day=float(obj.get("value_usd_per_person_day", 5.0)),
        service_tolerance=float(obj.get("service_tolerance", 0.0)),
        cal=cal, nodes=nodes, node_ix=node_ix, lanes=lanes, lane_factor=factor,
        commodities=commodities, com_ix=com_ix, nutrients=nutrients, content=content, ration=ration,
        fairness=alloc.get("fairness", "impartial"), nonfood_priority=alloc.get("nonfood", "after-food"),
        max_drop=float(alloc.get("max_drop", 1.0)),
        curve=[(float(r), float(v)) for r, v in alloc.get("adequacy_curve", [[1.0, 1.0]])],
    )
    for r in _table(folder, "needs.csv"):
        for p in cal.periods(r["period"]):
            s.needs.append(dict(district=node_ix[r["district"]], period=p, people=_num(r["people"]),
                                phase=int(r["phase"]), min_share=_num(r.get("min_share"), 0.0)))
    for r in _table(folder, "demand.csv"):
        for p in cal.periods(r["period"]):
            s.demands.append(dict(node=node_ix[r["node"]], commodity=com_ix[r["commodity"]], period=p,
                                  quantity=_num(r["quantity_t"]),
                                  weight=_num(r.get("weight_per_t"), nonfood_weight),
                                  min_share=_num(r.get("min_share"), 0.0)))
    for r in _table(folder, "supply.csv"):
        s.supplies.append(dict(commodity=com_ix[r["commodity"]], node=node_ix[r["node"]],
                               quantity=_num(r["quantity_t"]),
                               available_from=cal.labels.index(r["available_from"])))
    for r in _table(folder, "markets.csv"):
        lead = int(_num(r.get("lead_periods"), 0.0))
        for p in cal.periods(r["period"]):
            # Ordered in p, available in p + lead; an order arriving after the horizon has no
            # columns and no capacity row (`formulation/purchase.rs`).
            if p + lead >= len(cal):
                continue
            s.markets.append(dict(node=node_ix[r["node"]], commodity=com_ix[r["commodity"]], period=p + lead,
                                  price=_num(r["price_usd_per_t"]), capacity=_num(r["capacity_t"]),
                                  channel=r["channel"]))
    # Issue 27's features the twins do not build: they refuse such a scenario (`unsupported`).
    if any(l["transit_days"] not in ("", "0", "0.0") for l in s.lanes):
        s.extras.append("`transit_days` on lanes (arrivals split between periods, surplus at districts)")
    for name in ["stocks.csv", "pipeline.csv", "lane_costs.csv", "storage_costs.csv"]:
        if _table(folder, name):
            s.extras.append(f"`{name}`")
    if any(_num(r.get("handover_cost_usd_per_t"), 0.0) != 0.0 for r in _table(folder, "supply.csv")):
        s.extras.append("`handover_cost_usd_per_t` in supply.csv")
    for r in _table(folder, "funds.csv"):
        raw = r.get("channels", "") or "*"
        channels = None if raw == "*" else [c.strip() for c in raw.split(";")]
        s.funds.append(dict(id=r["id"], amount=_num(r["amount_usd"]), channels=channels,
                            pays_logistics=(r.get("pays_logistics", "") == "true")))
    return s


def unsupported(s: Scenario) -> str | None:
    """Why the twins cannot plan `s` as hinterland does, or None."""
    if s.fairness != "utilitarian" and s.needs:
        return (f"`{s.name}` has `[allocation] fairness = \"{s.fairness}\"`: the twins solve the "
                "utilitarian sequence of LPs only (food service, non-food, cost); the impartial "
                "max–min steps and the bounded spread's steps are measured with hinterland alone. Set `fairness = \"utilitarian\"` "
                "to compare")
    if s.extras:
        return (f"`{s.name}` uses {', '.join(s.extras)}: the twins model whole-period transit, no "
                "opening stock or pipeline and one cost per lane and node (lead times they do "
                "model); compare on a scenario without them, e.g. one from `hinterland generate`")
    if s.max_drop < 1.0 and s.needs:
        return (f"`{s.name}` has `[allocation] max_drop = {s.max_drop}`: the twins build no continuity "
                "rows; set `max_drop = 1` to compare")
    return None


# ------------------------------------------------------------------------- the steps

def keep(v: float) -> float:
    """The floor that keeps an earlier level's optimum `v`: `v` less a hair (relative 1e-7),
    as `keep` in `crates/hinterland-plan/src/formulation/objective.rs`."""
    return v - 1e-7 * max(1.0, abs(v))


def steps(s: Scenario, lp: "Lp") -> list[str]:
    """The goals of the LPs `hinterland plan` solves for `s`, in order (utilitarian; see
    `plan_built` and `Run::lexicographic` in `crates/hinterland-plan/src/run/mod.rs`):
    `weighted` alone, or the priority levels food `service` and (when a demand row has a
    weight) `nonfood` in the scenario's order, then `cost`. Each level is kept by a floor
    (`level_floor`) while the later ones are solved."""
    if s.method == "weighted":
        return ["weighted"]
    if not np.any(lp.nonfood != 0.0):
        return ["service", "cost"]
    if s.nonfood_priority == "before-food":
        return ["nonfood", "service", "cost"]
    return ["service", "nonfood", "cost"]


def level_floor(s: Scenario, order: list[str], goal: str, best: float) -> float:
    """The floor that keeps level `goal` at its optimum `best` in the steps after it: `keep`
    for non-food; for food the service floor `(1 − tol) · best`, by a hair lower when the
    non-food step follows (held exactly, Clp can call that step infeasible)."""
    if goal == "nonfood":
        return keep(best)
    floor = best - s.service_tolerance * abs(best)
    if s.service_tolerance == 0.0 and "nonfood" in order[order.index(goal) + 1:]:
        floor = keep(floor)
    return floor


# ------------------------------------------------------------------------- formulation

class LpArrays:
    """A boxed LP assembled from blocks: columns and rows in named blocks, coefficients as
    triplet arrays. `blocks` keeps (name, start, count) of every column block for the twins."""

    def __init__(self) -> None:
        self.col_lo: list[np.ndarray] = []
        self.col_hi: list[np.ndarray] = []
        self.cost: list[np.ndarray] = []
        self.service: list[np.ndarray] = []
        self.nonfood: list[np.ndarray] = []
        self.row_lo: list[np.ndarray] = []
        self.row_hi: list[np.ndarray] = []
        self.ti: list[np.ndarray] = []
        self.tj: list[np.ndarray] = []
        self.tv: list[np.ndarray] = []
        self.ncols = 0
        self.nrows = 0
        self.blocks: list[tuple[str, int, int]] = []

    def cols(self, name: str, n: int, lo=0.0, hi=INF, cost=0.0, service=0.0, nonfood=0.0) -> np.ndarray:
        return self.col_blocks(name, [n], lo, hi, cost, service, nonfood)

    def col_blocks(self, names, counts, lo=0.0, hi=INF, cost=0.0, service=0.0, nonfood=0.0) -> np.ndarray:
        """Consecutive column blocks, `counts[b]` columns each, named `names` (one name for all,
        or one per block): what one `cols` call per block would add, in one go. lo, hi, cost,
        service and nonfood are scalars or one value per column (Σ counts). Returns the
        column ids."""
        counts = np.asarray(counts, dtype=np.int64)
        n = int(counts.sum())
        start = self.ncols
        for arr, v in ((self.col_lo, lo), (self.col_hi, hi), (self.cost, cost), (self.service, service),
                       (self.nonfood, nonfood)):
            arr.append(np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy())
        starts = start + np.cumsum(counts) - counts
        names = [names] * len(counts) if isinstance(names, str) else list(names)
        self.blocks.extend(zip(names, starts.tolist(), counts.tolist()))
        self.ncols += n
        return np.arange(start, start + n)

    def rows(self, n: int, lo, hi) -> np.ndarray:
        start = self.nrows
        self.row_lo.append(np.broadcast_to(np.asarray(lo, dtype=float), (n,)).copy())
        self.row_hi.append(np.broadcast_to(np.asarray(hi, dtype=float), (n,)).copy())
        self.nrows += n
        return np.arange(start, start + n)

    def coefs(self, i, j, v) -> None:
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        v = np.broadcast_to(np.asarray(v, dtype=float), i.shape)
        self.ti.append(i.ravel())
        self.tj.append(j.ravel())
        self.tv.append(np.array(v, dtype=float).ravel())

    def coefs_by_group(self, pieces) -> None:
        """Triplets of several kinds for many groups (markets, storage nodes, ...) at once.
        Each piece is (group, i, j, v): one kind of coefficient for every group, as arrays
        (v may be a scalar) sorted by group. They are added group by group, and within a group
        piece by piece in the order given: the order a loop over groups making one `coefs`
        call per piece would give. (A stable sort on the group keeps the piece order, and the
        order inside a piece, among equal groups.)"""
        flat = [[np.broadcast_to(np.asarray(x, dtype=dt).ravel(), (np.size(p[0]),))
                 for x, dt in zip(p, (np.int64, np.int64, np.int64, float))] for p in pieces]
        g, i, j, v = (np.concatenate([f[k] for f in flat]) for k in range(4))
        order = np.argsort(g, kind="stable")
        self.coefs(i[order], j[order], v[order])

    def finish(self) -> "Lp":
        cat = lambda a: np.concatenate(a) if a else np.zeros(0)
        return Lp(cat(self.col_lo), cat(self.col_hi), cat(self.cost), cat(self.service), cat(self.nonfood),
                  cat(self.row_lo), cat(self.row_hi),
                  cat(self.ti).astype(np.int64), cat(self.tj).astype(np.int64), cat(self.tv),
                  list(self.blocks))


@dataclass
class Lp:
    col_lo: np.ndarray
    col_hi: np.ndarray
    cost: np.ndarray
    service: np.ndarray  # food: phase-weighted person-days of full ration per unit
    nonfood: np.ndarray  # non-food: weighted tonnes per unit
    row_lo: np.ndarray
    row_hi: np.ndarray
    ti: np.ndarray
    tj: np.ndarray
    tv: np.ndarray
    blocks: list[tuple[str, int, int]]

    @property
    def ncols(self) -> int:
        return len(self.col_lo)

    @property
    def nrows(self) -> int:
        return len(self.row_lo)

    def csr(self):
        """Rows as CSR (duplicates summed), dropping empty rows: (indptr, indices, data, row ids)."""
        order = np.lexsort((self.tj, self.ti))
        i, j, v = self.ti[order], self.tj[order], self.tv[order]
        # Sum duplicate (i, j) pairs, as the Rust triplet assembly does.
        if len(i):
            new = np.ones(len(i), dtype=bool)
            new[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
            groups = np.cumsum(new) - 1
            v = np.bincount(groups, weights=v)
            i, j = i[new], j[new]
        counts = np.bincount(i, minlength=self.nrows)
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return indptr, j, v, counts


def _field(records: list[dict], key: str, dtype=float) -> np.ndarray:
    """One field of a list of records (nodes, markets, needs, ...) as an array."""
    return np.fromiter((r[key] for r in records), dtype=dtype, count=len(records))


def _ints(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.int64)


def build_lp(s: Scenario) -> Lp:
    """The LP of scenario `s`. Every family is built with array operations over all of its
    items at once (markets, storage nodes, (district, period) groups, ...), laid out exactly as
    a loop over the items in scenario order, adding each item's columns, rows and coefficients
    in turn, would lay them out: the same column, row and triplet order and the same blocks."""
    T, C = len(s.cal), len(s.commodities)
    N = len(s.nodes)
    lp = LpArrays()
    handling = _field(s.nodes, "handling")

    # balance: one equality row per (node, commodity, period), index (n*C + c)*T + t.
    base = lp.rows(N * C * T, 0.0, 0.0)[0] if N * C * T else 0

    def bal(n, c, t):
        return base + (np.asarray(n) * C + np.asarray(c)) * T + np.asarray(t)

    # transport: flow[l,c,t] for t + transit < T, lane-major then period then commodity.
    if s.lanes:
        src = np.array([l["src"] for l in s.lanes])
        dst = np.array([l["dst"] for l in s.lanes])
        tau = np.array([l["transit"] for l in s.lanes])
        unit = np.array([l["cost"] + s.nodes[l["dst"]]["handling"] for l in s.lanes])
        nominal = np.array([l["capacity"] for l in s.lanes])
        L = len(s.lanes)
        ll, tt = np.meshgrid(np.arange(L), np.arange(T), indexing="ij")
        ll, tt = ll.ravel(), tt.ravel()
        ok = tt + tau[ll] < T
        ll, tt = ll[ok], tt[ok]
        f = s.lane_factor[ll, tt]
        cap = np.where(f == 0.0, 0.0, nominal[ll] * f)
        finite = np.isfinite(cap)
        cap_rows = np.full(len(ll), -1)
        cap_rows[finite] = lp.rows(int(finite.sum()), -INF, cap[finite])
        lk = np.repeat(ll, C)
        tk = np.repeat(tt, C)
        ck = np.tile(np.arange(C), len(ll))
        cols = lp.cols("flow", len(lk), cost=unit[lk])
        lp.coefs(bal(src[lk], ck, tk), cols, -1.0)
        lp.coefs(bal(dst[lk], ck, tk + tau[lk]), cols, 1.0)
        rk = np.repeat(cap_rows, C)
        has = rk >= 0
        lp.coefs(rk[has], cols[has], 1.0)

    # storage: stock[n,c,t] at nodes with storage > 0: one block of T*C columns per such node,
    # period-major then commodity. Per node, in this order: the outflow from balance t, the
    # inflow (1 - loss) into balance t+1, and (finite capacity only) T capacity rows.
    storage = _field(s.nodes, "storage")
    sn = np.nonzero(storage > 0.0)[0]  # the storing nodes, in node order; group = position in sn
    if len(sn):
        S, W = len(sn), T * C
        tt = np.repeat(np.arange(T), C)  # period and commodity of each column within a block
        ck = np.tile(np.arange(C), T)
        nxt = tt + 1 < T
        cols = lp.col_blocks("stock", np.full(S, W), cost=np.repeat(_field(s.nodes, "storage_cost")[sn], W))
        cols = cols.reshape(S, W)
        finite = np.isfinite(storage[sn])
        # Capacity rows: T per finite node, node after node; cap[r, t] is node r's row of period t.
        cap = lp.rows(T * int(finite.sum()), -INF, np.repeat(storage[sn][finite], T)).reshape(-1, T)
        g = np.broadcast_to(_ints(S)[:, None], (S, W))
        keep = 1.0 - _field(s.nodes, "loss")[sn]
        lp.coefs_by_group([
            (g, bal(sn[:, None], ck, tt), cols, -1.0),
            (g[:, nxt], bal(sn[:, None], ck[nxt], tt[nxt] + 1), cols[:, nxt],
             np.broadcast_to(keep[:, None], (S, int(nxt.sum())))),
            (g[finite], cap[:, tt], cols[finite], 1.0),
        ])

    # purchase: buy[m,f] for funds allowed through m's channel: one block per market with at
    # least one such fund (markets without one get nothing), fund order within a block. Per
    # market: its capacity row (finite capacity only), then its balance and capacity terms.
    buy_cols = np.zeros(0, dtype=np.int64)  # every buy column, with its fund and its market's price
    buy_fund = np.zeros(0, dtype=np.int64)
    buy_price = np.zeros(0)
    if s.markets:
        M, F = len(s.markets), len(s.funds)
        # allowed[m, k]: fund k may pay at market m (its channels are `*` or name m's channel),
        # decided once per distinct channel.
        names, channel = np.unique([m["channel"] for m in s.markets], return_inverse=True)
        allowed = np.array([[f["channels"] is None or ch in f["channels"] for f in s.funds]
                            for ch in names.tolist()], dtype=bool).reshape(len(names), F)[channel]
        # One buy column per True, market-major then fund: the column order. mk is the market
        # of each buy column, and also its group below.
        mk, buy_fund = np.nonzero(allowed)
        nf = allowed.sum(axis=1)
        price, capacity = _field(s.markets, "price"), _field(s.markets, "capacity")
        mnode = _field(s.markets, "node", np.int64)
        with_cap = (nf > 0) & np.isfinite(capacity)
        cap_row = np.full(M, -1)  # market m's capacity row, -1 if it has none
        cap_row[with_cap] = lp.rows(int(with_cap.sum()), -INF, capacity[with_cap])
        buy_cols = lp.col_blocks("buy", nf[nf > 0], cost=(price + handling[mnode])[mk])
        row = bal(mnode, _field(s.markets, "commodity", np.int64), _field(s.markets, "period", np.int64))
        capped = with_cap[mk]
        lp.coefs_by_group([
            (mk, row[mk], buy_cols, 1.0),
            (mk[capped], cap_row[mk[capped]], buy_cols[capped], 1.0),
        ])
        buy_price = price[mk]

    # supply: draw[s,t] from available_from on, within the donated quantity: one row and one
    # block of T - available_from columns per donation; per donation the row's terms, then the
    # balance terms.
    if s.supplies:
        D = len(s.supplies)
        dnode = _field(s.supplies, "node", np.int64)
        frm = _field(s.supplies, "available_from", np.int64)
        rows = lp.rows(D, -INF, _field(s.supplies, "quantity"))
        n = T - frm
        d = np.repeat(_ints(D), n)  # donation of each column
        cols = lp.col_blocks("draw", n, cost=handling[dnode][d])
        # period of each column: its offset in its block, plus the block's first period
        tt = cols - np.repeat(cols[0] + np.cumsum(n) - n, n) + frm[d]
        lp.coefs_by_group([
            (d, rows[d], cols, 1.0),
            (d, bal(dnode[d], _field(s.supplies, "commodity", np.int64)[d], tt), cols, 1.0),
        ])

    # ration: per need row k, in (district, period, row) order: served[k], consume[k,c] per
    # food, then the adequacy columns; rows ration_min, adequacy, adequacy_step, ration_max.
    # Every need row has the same layout (the same limits, foods and curve segments), so the
    # columns, rows and coefficients of one need row are written down once as a template and
    # laid out for all of them at once.
    if s.needs:
        foods = np.array([c for c, com in enumerate(s.commodities) if com["group"] == "food"], dtype=np.int64)
        nut_ix = {q: i for i, q in enumerate(s.nutrients)}

        def amount(kind, item, c):
            """a[i,c]: what one tonne of food c gives of ration item i, in the item's unit."""
            com = s.commodities[c]
            if kind == "nutrient":
                return s.content[c, nut_ix[item]] * PORTIONS_OF_100G_PER_T
            if kind == "commodity":
                return G_PER_T if com["id"] == item else 0.0
            return G_PER_T if com["ration_group"] == item else 0.0

        Fd = len(foods)
        amounts = np.array([[amount(k, it, c) for c in foods] for (k, it, *_) in s.ration]).reshape(
            len(s.ration), Fd)
        # ω_i / Σ ω over the floors (equal weights when every floor's weight is 0), and the
        # curve's segments (width w_j, slope σ_j).
        has_floor = [lo > 0.0 for (_, _, lo, *_) in s.ration]
        total = sum(w for (*_, w), f in zip(s.ration, has_floor) if f)
        count = sum(has_floor)
        weights = [0.0 if not f else (r[5] / total if total > 0.0 else 1.0 / count)
                   for r, f in zip(s.ration, has_floor)]
        segments, (r0, v0) = [], (0.0, 0.0)
        for r, v in s.curve:
            segments.append((r - r0, (v - v0) / (r - r0)))
            r0, v0 = r, v

        # The template of one need row. Columns by offset: 0 served, 1 + f consume of food f,
        # then adequate[i, j] as they come. Rows by offset, with their bounds. Coefficients as
        # (row, column offset, value), where row is ("row", offset) or ("balance", food index).
        # value: V[k]'s terms (column offset, weight before the phase weight).
        SERVED = 0
        ncol = 1 + Fd
        row_lo, row_hi, terms, value = [], [], [], []
        on_served = 0.0

        def row(lo, hi):
            row_lo.append(lo)
            row_hi.append(hi)
            return ("row", len(row_lo) - 1)

        def covers(i, scale):
            return [(1 + f, a * scale) for f, a in enumerate(amounts[i]) if a != 0.0]

        for f in range(Fd):
            terms.append((("balance", f), 1 + f, -1.0))
        for i, (_, _, lo, hi, share, _) in enumerate(s.ration):
            if has_floor[i]:
                if share > 0.0:  # ration_min: cov[k,i] − φ_i · served[k] ≥ 0
                    r = row(0.0, INF)
                    terms += [(r, c, a) for c, a in covers(i, 1.0 / lo)] + [(r, SERVED, -share)]
                if weights[i] > 0.0:
                    if share >= 1.0:  # the whole floor for everyone reached: v = 1
                        on_served += weights[i]
                    else:  # adequacy: Σ_j adequate[k,i,j] − cov[k,i] ≤ 0
                        r = row(-INF, 0.0)
                        terms += [(r, c, -a) for c, a in covers(i, 1.0 / lo)]
                        for width, slope in segments:  # adequacy_step: adequate − w_j · served ≤ 0
                            col = ncol
                            ncol += 1
                            terms.append((r, col, 1.0))
                            step = row(-INF, 0.0)
                            terms += [(step, col, 1.0), (step, SERVED, -width)]
                            value.append((col, weights[i] * slope))
            if math.isfinite(hi):  # ration_max: Σ_c a · consume / hi − served ≤ 0
                r = row(-INF, 0.0)  # (a cap of 0 is kept unscaled, without served)
                terms += [(r, c, a) for c, a in covers(i, 1.0 / hi if hi > 0.0 else 1.0)]
                if hi > 0.0:
                    terms.append((r, SERVED, -1.0))
        if on_served > 0.0:
            value.insert(0, (SERVED, on_served))
        W, R = ncol, len(row_lo)

        # Need rows in (district, period, row) order (lexsort is stable).
        district = _field(s.needs, "district", np.int64)
        period = _field(s.needs, "period", np.int64)
        order = np.lexsort((period, district))
        K = len(order)
        dk, pk = district[order], period[order]
        pd_ = _field(s.needs, "people")[order] * np.asarray(s.cal.days)[pk]
        phase = np.clip(_field(s.needs, "phase", np.int64)[order], 1, 5)
        pw = np.asarray(s.phase_weights, dtype=float)[phase - 1]

        # Columns: W per need row, need after need.
        lo, hi = np.zeros((K, W)), np.full((K, W), INF)
        lo[:, SERVED] = _field(s.needs, "min_share")[order] * pd_
        hi[:, SERVED] = pd_
        service = np.zeros((K, W))
        for col, v in value:
            service[:, col] += pw * v
        names = ["served", "consume"] + (["adequate"] if W > 1 + Fd else [])
        sizes = [1, Fd] + ([W - 1 - Fd] if W > 1 + Fd else [])
        cols = lp.col_blocks(names * K, np.tile(sizes, K), lo=lo.ravel(), hi=hi.ravel(),
                             service=service.ravel()).reshape(K, W)
        rows = lp.rows(K * R, np.tile(row_lo, K), np.tile(row_hi, K)).reshape(K, R)
        # Coefficients: the template's, need row after need row.
        g = _ints(K)
        lp.coefs_by_group([
            (g, bal(dk, foods[r_[1]], pk) if r_[0] == "balance" else rows[:, r_[1]], cols[:, c], v)
            for r_, c, v in terms
        ])

    # nonfood: delivered[k] within [min_share, 1] × quantity, one block of one column each;
    # weight_per_t counts in the non-food level, never in food service.
    if s.demands:
        quantity = _field(s.demands, "quantity")
        cols = lp.col_blocks("delivered", np.ones(len(s.demands), dtype=np.int64),
                             lo=_field(s.demands, "min_share") * quantity, hi=quantity,
                             nonfood=_field(s.demands, "weight"))
        lp.coefs(bal(_field(s.demands, "node", np.int64), _field(s.demands, "commodity", np.int64),
                     _field(s.demands, "period", np.int64)), cols, -1.0)

    # budget: Σ price · buy[m,f] + pay_logistics[f] ≤ amount(f), a row per fund with a finite amount.
    amount = _field(s.funds, "amount")
    capped = np.isfinite(amount)
    budget = np.full(len(s.funds), -1)  # fund k's budget row, -1 if it has none
    budget[capped] = lp.rows(int(capped.sum()), -INF, amount[capped])
    paid = budget[buy_fund] >= 0  # buy columns whose fund has a budget row, in column order
    if paid.any():
        lp.coefs(budget[buy_fund[paid]], buy_cols[paid], buy_price[paid])
    if any(f["pays_logistics"] for f in s.funds):
        # logistics cost of every column: its cost, less the purchase price for buy columns
        logistics = np.concatenate(lp.cost).copy()
        logistics[buy_cols] -= buy_price  # each buy column once
        row = lp.rows(1, 0.0, INF)[0]
        nz = np.nonzero(logistics != 0.0)[0]
        lp.coefs(np.full(len(nz), row), nz, -logistics[nz])
        for k, f in enumerate(s.funds):
            if not f["pays_logistics"]:
                continue
            col = lp.cols("pay_logistics", 1)
            lp.coefs([row], col, 1.0)
            if budget[k] >= 0:
                lp.coefs([budget[k]], col, 1.0)
    return lp.finish()


# ---------------------------------------------------------------------------- command

def utilitarian_copy(src: str | Path, dst: str | Path) -> None:
    """Copies the scenario folder `src` to `dst` with `[allocation] fairness = "utilitarian"`
    and no continuity rows (`max_drop = 1`): the same scenario planned by the LP sequence the
    twins solve."""
    import re
    import shutil

    shutil.copytree(src, dst)
    path = Path(dst) / "scenario.toml"
    text = path.read_text(encoding="utf-8")
    line = 'fairness = "utilitarian"'
    if re.search(r"^\s*fairness\s*=", text, flags=re.M):
        text = re.sub(r"^\s*fairness\s*=.*$", line, text, count=1, flags=re.M)
    elif re.search(r"^\s*\[allocation\]", text, flags=re.M):
        text = re.sub(r"^(\s*\[allocation\][^\n]*)$", r"\1\n" + line, text, count=1, flags=re.M)
    else:
        text += f"\n[allocation]\n{line}\n"
    if re.search(r"^\s*max_drop\s*=", text, flags=re.M):
        text = re.sub(r"^\s*max_drop\s*=.*$", "max_drop = 1.0", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert tomllib.loads(text)["allocation"]["fairness"] == "utilitarian", path
    assert tomllib.loads(text)["allocation"].get("max_drop", 1.0) == 1.0, path


if __name__ == "__main__":
    # scenario_io.py fairness DIR: prints the scenario's fairness;
    # scenario_io.py utilitarian-copy SRC DST: see `utilitarian_copy`;
    # scenario_io.py extras DIR: prints the issue-27 features the twins refuse (empty: none).
    import sys

    if sys.argv[1:2] == ["fairness"] and len(sys.argv) == 3:
        print(read_scenario(sys.argv[2]).fairness)
    elif sys.argv[1:2] == ["extras"] and len(sys.argv) == 3:
        print("; ".join(read_scenario(sys.argv[2]).extras))
    elif sys.argv[1:2] == ["utilitarian-copy"] and len(sys.argv) == 4:
        utilitarian_copy(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: scenario_io.py fairness DIR | scenario_io.py extras DIR | "
                 "scenario_io.py utilitarian-copy SRC DST")
