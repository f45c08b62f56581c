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
        service_tolerance=float(obj.get("service_tolerance", 0.0)),
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
    triplet arrays. `blocks` keeps (name, start, count) of every column block for the twins."""

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
        return self.col_blocks(name, [n], lo, hi, cost, service)

    def col_blocks(self, names, counts, lo=0.0, hi=INF, cost=0.0, service=0.0) -> np.ndarray:
        """Consecutive column blocks, `counts[b]` columns each, named `names` (one name for all,
        or one per block): what one `cols` call per block would add, in one go. lo, hi, cost
        and service are scalars or one value per column (Σ counts). Returns the column ids."""
        counts = np.asarray(counts, dtype=np.int64)
        n = int(counts.sum())
        start = self.ncols
        for arr, v in ((self.col_lo, lo), (self.col_hi, hi), (self.cost, cost), (self.service, service)):
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

    # ration: consume[d,c,t], served[k] and the ration rows per (district, period).
    if s.needs:
        foods = np.array([c for c, com in enumerate(s.commodities) if com["group"] == "food"], dtype=np.int64)
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
        # Active limits: (limit index, bound, is_floor).
        active = []
        for i, (_, _, lo, hi) in enumerate(s.ration):
            if lo > 0.0:
                active.append((i, lo, True))
            if math.isfinite(hi):
                active.append((i, hi, False))

        # Needs grouped by (district, period), groups in that order, needs in file order
        # within a group (lexsort is stable). r indexes the needs in this sorted order.
        district = _field(s.needs, "district", np.int64)
        period = _field(s.needs, "period", np.int64)
        order = np.lexsort((period, district))
        K, Fd, A = len(order), len(foods), len(active)
        dk, pk = district[order], period[order]
        new = np.ones(K, dtype=bool)
        new[1:] = (dk[1:] != dk[:-1]) | (pk[1:] != pk[:-1])
        grp = np.cumsum(new) - 1  # group of need r
        first = np.nonzero(new)[0]  # first need r of each group
        G = len(first)
        size = np.diff(np.append(first, K))  # needs per group
        gd, gp = dk[first], pk[first]  # district and period of each group

        # Columns, group after group: a "served" block (one column per need of the group),
        # then a "consume" block (one column per food). Offsets are relative to `start`.
        start = lp.ncols
        gstart = np.cumsum(size + Fd) - (size + Fd)  # first column of each group
        served = start + gstart[grp] + (_ints(K) - first[grp])  # column of need r
        consume = start + (gstart + size)[:, None] + _ints(Fd)  # consume[g, f]
        ncols = int((size + Fd).sum())
        lo, hi, w = np.zeros(ncols), np.full(ncols, INF), np.zeros(ncols)
        pd_ = _field(s.needs, "people")[order] * np.asarray(s.cal.days)[pk]
        lo[served - start] = _field(s.needs, "min_share")[order] * pd_
        hi[served - start] = pd_
        phase = np.clip(_field(s.needs, "phase", np.int64)[order], 1, 5)
        w[served - start] = np.asarray(s.phase_weights, dtype=float)[phase - 1]
        lp.col_blocks(["served", "consume"] * G, np.stack([size, np.full(G, Fd)], axis=1).ravel(),
                      lo=lo, hi=hi, service=w)

        # Rows: one per active limit per group, group-major: rows[g, a].
        floor = np.array([is_floor for _, _, is_floor in active], dtype=bool)
        rows = lp.rows(G * A, np.tile(np.where(floor, 0.0, -INF), G),
                       np.tile(np.where(floor, INF, 0.0), G)).reshape(G, A)
        # Per group: the balance terms of consume, then for each active limit its consume
        # terms (amount · 1/bound) and, for a bound > 0, its served terms (-1).
        gf = np.repeat(_ints(G), Fd)
        pieces = [(gf, bal(gd[:, None], foods, gp[:, None]), consume, -1.0)]
        for a, (i, bound, _) in enumerate(active):
            scale, s_coef = (1.0 / bound, -1.0) if bound > 0.0 else (1.0, 0.0)
            nz = np.nonzero(amounts[i] != 0.0)[0]
            pieces.append((np.repeat(_ints(G), len(nz)), np.repeat(rows[:, a], len(nz)),
                           consume[:, nz], np.tile(amounts[i][nz] * scale, G)))
            if s_coef != 0.0:
                pieces.append((grp, rows[grp, a], served, s_coef))
        lp.coefs_by_group(pieces)

    # nonfood: delivered[k] within [min_share, 1] × quantity, one block of one column each.
    if s.demands:
        quantity = _field(s.demands, "quantity")
        cols = lp.col_blocks("delivered", np.ones(len(s.demands), dtype=np.int64),
                             lo=_field(s.demands, "min_share") * quantity, hi=quantity,
                             service=_field(s.demands, "weight"))
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
