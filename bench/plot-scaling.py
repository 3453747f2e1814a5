#!/usr/bin/env python3
"""Plots p99 latency against connections from a peer-harness CSV, as an SVG.

    python3 bench/plot-scaling.py results/peers-YYYYMMDD-HHMM.csv bench/scaling.svg

Two panels: CGI hello (tests scale_c1, hello1, scale_c64, scale_c256 at 1, 16, 64 and
256 connections) and static 1 KiB (small, scale_s256 at 16 and 256). One line per
server, logarithmic axes. Plain SVG: no plotting library needed.
"""
import csv
import math
import sys

CGI_TESTS = ["scale_c1", "hello1", "scale_c64", "scale_c256"]
STATIC_TESTS = ["small", "scale_s256"]
COLOURS = {"ours": "#d62728", "lighttpd": "#1f77b4", "apache": "#2ca02c", "go": "#9467bd",
           "nginx": "#8c564b", "python": "#7f7f7f"}
WIDTH, HEIGHT, MARGIN = 420, 300, 55


def read(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                rows[(row["target"], row["test"])] = (int(row["connections"]), float(row["p99_ms"]))
            except (KeyError, ValueError):
                continue
    return rows


def panel(rows, tests, title, x0):
    targets = sorted({t for (t, test) in rows if test in tests}, key=lambda t: (t != "ours", t))
    points = {t: sorted(rows[(t, test)] for test in tests if (t, test) in rows) for t in targets}
    values = [p for pts in points.values() for p in pts if p[1] > 0]
    if not values:
        return [], targets
    xs = [c for c, _ in values]
    ys = [ms for _, ms in values]
    lo_x, hi_x = math.log10(min(xs)), math.log10(max(xs)) if max(xs) > min(xs) else math.log10(min(xs)) + 1
    lo_y = math.floor(math.log10(min(ys)))
    hi_y = math.ceil(math.log10(max(ys)))
    if hi_y == lo_y:
        hi_y += 1

    def sx(c):
        return x0 + MARGIN + (math.log10(c) - lo_x) / (hi_x - lo_x) * (WIDTH - 2 * MARGIN)

    def sy(ms):
        return HEIGHT - MARGIN + 10 - (math.log10(ms) - lo_y) / (hi_y - lo_y) * (HEIGHT - 2 * MARGIN)

    out = [f'<text x="{x0 + WIDTH / 2}" y="22" text-anchor="middle" font-weight="bold">{title}</text>']
    for e in range(lo_y, hi_y + 1):
        y = sy(10 ** e)
        out.append(f'<line x1="{x0 + MARGIN}" y1="{y:.1f}" x2="{x0 + WIDTH - MARGIN}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 + MARGIN - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    for c in sorted(set(xs)):
        x = sx(c)
        out.append(f'<line x1="{x:.1f}" y1="{sy(10 ** lo_y):.1f}" x2="{x:.1f}" y2="{sy(10 ** hi_y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - MARGIN + 28}" text-anchor="middle">{c}</text>')
    out.append(f'<text x="{x0 + WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle">connections</text>')
    out.append(f'<text x="{x0 + 14}" y="{HEIGHT / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 + 14} {HEIGHT / 2})">p99 ms</text>')
    for t in targets:
        pts = [(sx(c), sy(ms)) for c, ms in points[t] if ms > 0]
        colour = COLOURS.get(t, "#000")
        width = 3 if t == "ours" else 1.5
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
        for x, y in pts:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
    return out, targets


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = read(sys.argv[1])
    left, targets_left = panel(rows, CGI_TESTS, "CGI hello", 0)
    right, targets_right = panel(rows, STATIC_TESTS, "static 1 KiB", WIDTH)
    targets = sorted(set(targets_left) | set(targets_right), key=lambda t: (t != "ours", t))
    legend = []
    for i, t in enumerate(targets):
        x = 70 + i * 110
        legend.append(f'<rect x="{x}" y="{HEIGHT + 8}" width="14" height="4" fill="{COLOURS.get(t, "#000")}"/>')
        legend.append(f'<text x="{x + 20}" y="{HEIGHT + 14}">{t}</text>')
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT + 30}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{2 * WIDTH}" height="{HEIGHT + 30}" fill="white"/>', *left, *right, *legend, "</svg>"]
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
