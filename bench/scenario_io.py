"""Reads a hinterland scenario folder and builds its LP, independently of the Rust code.

This is the Python twin of `crates/hinterland-plan/src/formulation/*.rs`: the same columns,
rows and coefficients, family by family (the maths is in the Rust module docs). Both twins
(`twin_linopy.py`, `twin_pulp.py`) start from `build_lp`; they differ only in the modelling
layer that turns these arrays into a solver model. Row order differs from the Rust builder
(it does not change the optimum); column order is the same.

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
    ration: list[tuple[str, str, float, float]]  # kind, item, min, max
    needs: list[dict] = field(default_factory=list)
    demands: list[dict] = field(default_factory=list)
    supplies: list[dict] = field(default_factory=list)
    markets: list[dict] = field(default_factory=list)
    funds: list[dict] = field(default_factory=list)


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
               _num(r.get("max_per_person_day"), INF)) for r in _table(folder, "ration.csv")]

    s = Scenario(
        name=toml.get("name", ""), method=obj.get("method", "lexicographic"),
        phase_weights=[float(w) for w in obj.get("phase_weights", [0.25, 0.5, 1.0, 2.0, 4.0])],
        value_usd_per_person_day=float(obj.get("value_usd_per_person_day", 5.0)),
        service_tolerance=float(obj.get("service_tolerance", 1e-9)),
        cal=cal, nodes=nodes, node_ix=node_ix, lanes=lanes, lane_factor=factor,
        commodities=commodities, com_ix=com_ix, nutrients=nutrients, content=content, ration=ration,
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
        for p in cal.periods(r["period"]):
            s.markets.append(dict(node=node_ix[r["node"]], commodity=com_ix[r["commodity"]], period=p,
                                  price=_num(r["price_usd_per_t"]), capacity=_num(r["capacity_t"]),
                                  channel=r["channel"]))
    for r in _table(folder, "funds.csv"):
        raw = r.get("channels", "") or "*"
        channels = None if raw == "*" else [c.strip() for c in raw.split(";")]
        s.funds.append(dict(id=r["id"], amount=_num(r["amount_usd"]), channels=channels,
                            pays_logistics=(r.get("pays_logistics", "") == "true")))
    return s


# ------------------------------------------------------------------------- formulation

class LpArrays:
    """A boxed LP assembled from blocks: columns and rows in named blocks, coefficients as
    triplet arrays. `blocks` and `row_blocks` keep (name, start, count) for the twins."""

    def __init__(self) -> None:
        self.col_lo: list[np.ndarray] = []
        self.col_hi: list[np.ndarray] = []
        self.cost: list[np.ndarray] = []
        self.service: list[np.ndarray] = []
        self.row_lo: list[np.ndarray] = []
        self.row_hi: list[np.ndarray] = []
        self.ti: list[np.ndarray] = []
        self.tj: list[np.ndarray] = []
        self.tv: list[np.ndarray] = []
        self.ncols = 0
        self.nrows = 0
        self.blocks: list[tuple[str, int, int]] = []

    def cols(self, name: str, n: int, lo=0.0, hi=INF, cost=0.0, service=0.0) -> np.ndarray:
        start = self.ncols
        for arr, v in ((self.col_lo, lo), (self.col_hi, hi), (self.cost, cost), (self.service, service)):
            arr.append(np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy())
        self.ncols += n
        self.blocks.append((name, start, n))
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

    def finish(self) -> "Lp":
        cat = lambda a: np.concatenate(a) if a else np.zeros(0)
        return Lp(cat(self.col_lo), cat(self.col_hi), cat(self.cost), cat(self.service),
                  cat(self.row_lo), cat(self.row_hi),
                  cat(self.ti).astype(np.int64), cat(self.tj).astype(np.int64), cat(self.tv),
                  list(self.blocks))


@dataclass
class Lp:
    col_lo: np.ndarray
    col_hi: np.ndarray
    cost: np.ndarray
    service: np.ndarray
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


def build_lp(s: Scenario) -> Lp:
    T, C = len(s.cal), len(s.commodities)
    N = len(s.nodes)
    lp = LpArrays()

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

    # storage: stock[n,c,t] at nodes with storage > 0.
    for n, node in enumerate(s.nodes):
        if node["storage"] <= 0.0:
            continue
        tt = np.repeat(np.arange(T), C)
        ck = np.tile(np.arange(C), T)
        cols = lp.cols("stock", T * C, cost=node["storage_cost"])
        lp.coefs(bal(n, ck, tt), cols, -1.0)
        nxt = tt + 1 < T
        lp.coefs(bal(n, ck[nxt], tt[nxt] + 1), cols[nxt], 1.0 - node["loss"])
        if math.isfinite(node["storage"]):
            rows = lp.rows(T, -INF, node["storage"])
            lp.coefs(rows[tt], cols, 1.0)

    # purchase: buy[m,f] for funds allowed through m's channel.
    buy = []  # (column, fund index, price)
    for m in s.markets:
        funds = [k for k, f in enumerate(s.funds) if f["channels"] is None or m["channel"] in f["channels"]]
        if not funds:
            continue
        cap_row = lp.rows(1, -INF, m["capacity"])[0] if math.isfinite(m["capacity"]) else None
        unit = m["price"] + s.nodes[m["node"]]["handling"]
        cols = lp.cols("buy", len(funds), cost=unit)
        lp.coefs(np.full(len(funds), bal(m["node"], m["commodity"], m["period"])), cols, 1.0)
        if cap_row is not None:
            lp.coefs(np.full(len(funds), cap_row), cols, 1.0)
        buy.extend((int(j), k, m["price"]) for j, k in zip(cols, funds))

    # supply: draw[s,t] from available_from on, within the donated quantity.
    for d in s.supplies:
        row = lp.rows(1, -INF, d["quantity"])[0]
        tt = np.arange(d["available_from"], T)
        cols = lp.cols("draw", len(tt), cost=s.nodes[d["node"]]["handling"])
        lp.coefs(np.full(len(tt), row), cols, 1.0)
        lp.coefs(bal(d["node"], d["commodity"], tt), cols, 1.0)

    # ration: consume[d,c,t], served[k] and the ration rows per (district, period).
    if s.needs:
        foods = [c for c, com in enumerate(s.commodities) if com["group"] == "food"]
        nut_ix = {q: i for i, q in enumerate(s.nutrients)}

        def amount(kind, item, c):
            com = s.commodities[c]
            if kind == "nutrient":
                return s.content[c, nut_ix[item]] * PORTIONS_OF_100G_PER_T
            if kind == "commodity":
                return G_PER_T if com["id"] == item else 0.0
            return G_PER_T if com["ration_group"] == item else 0.0

        amounts = np.array([[amount(k, it, c) for c in foods] for (k, it, _, _) in s.ration]).reshape(
            len(s.ration), len(foods))
        groups: dict[tuple[int, int], list[int]] = {}
        for k in sorted(range(len(s.needs)), key=lambda k: (s.needs[k]["district"], s.needs[k]["period"], k)):
            groups.setdefault((s.needs[k]["district"], s.needs[k]["period"]), []).append(k)
        # Active limits: (limit index, bound, is_floor).
        active = []
        for i, (_, _, lo, hi) in enumerate(s.ration):
            if lo > 0.0:
                active.append((i, lo, True))
            if math.isfinite(hi):
                active.append((i, hi, False))
        for (district, period), ks in groups.items():
            days = s.cal.days[period]
            pd_ = np.array([s.needs[k]["people"] * days for k in ks])
            lo = np.array([s.needs[k]["min_share"] for k in ks]) * pd_
            w = np.array([s.phase_weights[min(max(s.needs[k]["phase"], 1), 5) - 1] for k in ks])
            served = lp.cols("served", len(ks), lo=lo, hi=pd_, service=w)
            consume = lp.cols("consume", len(foods))
            lp.coefs(bal(district, np.array(foods, dtype=np.int64), period), consume, -1.0)
            for i, bound, is_floor in active:
                scale, s_coef = (1.0 / bound, -1.0) if bound > 0.0 else (1.0, 0.0)
                row = lp.rows(1, 0.0, INF)[0] if is_floor else lp.rows(1, -INF, 0.0)[0]
                a = amounts[i]
                nz = a != 0.0
                lp.coefs(np.full(int(nz.sum()), row), consume[nz], a[nz] * scale)
                if s_coef != 0.0:
                    lp.coefs(np.full(len(ks), row), served, s_coef)

    # nonfood: delivered[k] within [min_share, 1] × quantity.
    for d in s.demands:
        col = lp.cols("delivered", 1, lo=d["min_share"] * d["quantity"], hi=d["quantity"], service=d["weight"])
        lp.coefs([bal(d["node"], d["commodity"], d["period"])], col, -1.0)

    # budget: Σ price · buy[m,f] + pay_logistics[f] ≤ amount(f).
    budget = {k: lp.rows(1, -INF, f["amount"])[0] for k, f in enumerate(s.funds) if math.isfinite(f["amount"])}
    bi = [(budget[k], j, price) for (j, k, price) in buy if k in budget]
    if bi:
        lp.coefs([x[0] for x in bi], [x[1] for x in bi], [x[2] for x in bi])
    if any(f["pays_logistics"] for f in s.funds):
        logistics = np.concatenate(lp.cost).copy()
        for j, _, price in buy:
            logistics[j] -= price
        row = lp.rows(1, 0.0, INF)[0]
        nz = np.nonzero(logistics != 0.0)[0]
        lp.coefs(np.full(len(nz), row), nz, -logistics[nz])
        for k, f in enumerate(s.funds):
            if not f["pays_logistics"]:
                continue
            col = lp.cols("pay_logistics", 1)
            lp.coefs([row], col, 1.0)
            if k in budget:
                lp.coefs([budget[k]], col, 1.0)
    return lp.finish()
