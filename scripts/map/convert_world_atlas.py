#!/usr/bin/env python3
"""Converts Natural Earth country outlines (npm `world-atlas` 2.0.2, TopoJSON) into the compact
text format that `hinterland-report` embeds for its maps.

Usage (needs `pycountry` for ISO codes; the TopoJSON comes from `npm install world-atlas@2.0.2`):

    python3 scripts/map/convert_world_atlas.py node_modules/world-atlas/countries-50m.json \
        > crates/hinterland-report/data/countries.txt

Only the region where hinterland's scenarios lie is kept (Africa, the Middle East and the
Mediterranean; see REGION): polygons are clipped to that rectangle, so a scenario elsewhere
gets nodes and lanes on an empty background, never wrong outlines.

Output format, one record per line:

    C <alpha-2> <alpha-3> <name>      a country; `-` when Natural Earth gives no ISO code
    R x y dx dy dx dy ...             one ring of the country above, in hundredths of a degree
                                      (x = longitude, y = latitude); the first point absolute,
                                      then differences to the previous point; closed implicitly

Rings of one country are drawn with the even-odd rule, which makes holes (enclaves) holes.
Countries are sorted by name and rings by their first point, so the output is deterministic.
"""

import json
import sys

import pycountry

# lon_min, lat_min, lon_max, lat_max
REGION = (-30.0, -40.0, 70.0, 46.0)
# Points closer than this (degrees) to the line through their neighbours are dropped
# (Douglas-Peucker); 0.02 degrees is about 2 km, below a pixel at the map scales used.
TOLERANCE = 0.02


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(arc if not pts else arc[1:])
    return pts


def clip(points, region):
    """Sutherland-Hodgman clipping of a closed ring against the region rectangle."""
    x0, y0, x1, y1 = region
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: cut_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: cut_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: cut_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: cut_y(a, b, y1)),
    ]
    out = points
    for inside, cut in edges:
        src, out = out, []
        if not src:
            break
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tol):
    """Douglas-Peucker on an open polyline, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = points[i], points[j]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, best_k = -1.0, None
        for k in range(i + 1, j):
            px, py = points[k]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, best_k = d, k
        if best_k is not None and best > tol:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, k in zip(points, keep) if k]


def encode(points):
    q = []
    for x, y in points:
        p = (round(x * 100), round(y * 100))
        if not q or q[-1] != p:
            q.append(p)
    if len(q) > 1 and q[0] == q[-1]:
        q.pop()
    return q


def main():
    topo = json.load(open(sys.argv[1], encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        rings = []
        for poly in polys:
            for ring in poly:
                pts = ring_points(arcs, ring)
                if any(abs(b[0] - a[0]) > 180 for a, b in zip(pts, pts[1:])):
                    continue  # crosses the antimeridian: far from REGION (Fiji, Chukotka)
                pts = clip(pts, REGION)
                if len(pts) < 3:
                    continue
                # Split the closed ring at its first point so both halves simplify.
                pts = simplify(pts + [pts[0]], TOLERANCE)
                q = encode(pts)
                if len(q) >= 3:
                    rings.append(q)
        if not rings:
            continue
        iso = pycountry.countries.get(numeric=g.get("id", "")) if g.get("id") else None
        a2, a3 = (iso.alpha_2, iso.alpha_3) if iso else ("-", "-")
        rings.sort()
        countries.append((g["properties"]["name"], a2, a3, rings))
    countries.sort()
    out = sys.stdout
    out.write("# Natural Earth 4.1.0 admin-0 countries, 1:50m, via npm world-atlas 2.0.2; public domain.\n")
    out.write("# Written by scripts/map/convert_world_atlas.py; format described there.\n")
    for name, a2, a3, rings in countries:
        out.write(f"C {a2} {a3} {name}\n")
        for q in rings:
            parts = [f"{q[0][0]} {q[0][1]}"]
            for (ax, ay), (bx, by) in zip(q, q[1:]):
                parts.append(f"{bx - ax} {by - ay}")
            out.write("R " + " ".join(parts) + "\n")


if __name__ == "__main__":
    main()
