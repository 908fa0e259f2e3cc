#!/usr/bin/env python3
"""svg_check.py: the report's figures are well-formed and laid out as a
reader needs: every text inside its canvas (widths estimated at 0.6 em a
character, as svg.c estimates them), the legend beside the plot area and
never over it, notes inside the plot area, the reference line labelled in
the legend; the series of a figure told apart by colour and dash (no two
legend swatches alike, and with four series or fewer no two dashes alike,
so a greyscale print still tells them apart); no legend entry without its
time per run ("( runs)": a series with nothing in that panel); no methods
text inside a figure (bootstrap, percentiles, interpolation: that goes in
the caption file beside it). Panels (nested <svg>) are checked each in its
own box.

Usage: svg_check.py FILE.svg...   Prints what is wrong; exit 1 if anything.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def text_of(e):
    return "".join(e.itertext())


def check(svg, ox, oy, where, errors):
    w = float(svg.get("width"))
    h = float(svg.get("height"))
    area = None
    for r in svg.findall(NS + "rect"):
        if r.get("fill") == "#fafafa":
            area = tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
    legend = []
    swatches = []           # (label, stroke, dash) of each legend series
    swatch = None
    for e in svg:
        if e.tag == NS + "line":
            swatch = (e.get("stroke"), e.get("stroke-dasharray"))
        elif e.tag == NS + "text" and e.get("class") == "legend":
            if swatch is not None and text_of(e) != "reference solution":
                swatches.append((text_of(e),) + swatch)
            swatch = None
    for i, (a, ca, da) in enumerate(swatches):
        for b, cb, db in swatches[i + 1:]:
            if (ca, da) == (cb, db):
                errors.append(f"{where}: {a!r} and {b!r} look alike "
                              f"(colour {ca}, dash {da})")
            elif len(swatches) <= 4 and da == db:
                errors.append(f"{where}: {a!r} and {b!r} have the same "
                              f"dash ({da}): alike in greyscale")
    for t in svg.findall(NS + "text"):
        s = text_of(t)
        if re.search(r"\(\s*(attempts|runs)\)", s):
            errors.append(f"{where}: {s!r}: a series without its time per run")
        if re.search(r"bootstrap|percentile|replicate|interpolat|"
                     r"with replacement|confidence", s, re.I):
            errors.append(f"{where}: methods text {s!r} inside the figure "
                          "(it belongs in the caption)")
        size = float(t.get("font-size", svg.get("font-size", "13")))
        width = len(s) * 0.6 * size
        x, y = float(t.get("x")), float(t.get("y"))
        if t.get("transform"):      # the rotated y label: centred, fits
            continue
        anchor = t.get("text-anchor", "start")
        left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        right = left + width
        if left < -0.5 or right > w + 0.5 or y - size < -0.5 or y > h + 0.5:
            errors.append(f"{where}: text {s!r} at ({x:.0f}, {y:.0f}) "
                          f"leaves the {w:.0f}x{h:.0f} canvas")
        cls = t.get("class", "")
        if area is not None and cls == "legend":
            legend.append(s)
            ax, ay, aw, ah = area
            if left < ax + aw:
                errors.append(f"{where}: legend {s!r} over the plot area")
        if area is not None and cls == "note":
            ax, ay, aw, ah = area
            if not (ax - width <= x <= ax + aw + width and ay - size <= y <= ay + ah):
                errors.append(f"{where}: note {s!r} outside the plot area")
    if area is not None and svg.find(NS + "polyline") is not None:
        if "reference solution" not in legend:
            errors.append(f"{where}: the reference line is not in the legend")
    for i, sub in enumerate(svg.findall(NS + "svg")):
        check(sub, ox + float(sub.get("x", 0)), oy + float(sub.get("y", 0)),
              f"{where} panel {i + 1}", errors)
        sx, sy = float(sub.get("x", 0)), float(sub.get("y", 0))
        if sx + float(sub.get("width")) > w + 0.5 or sy + float(sub.get("height")) > h + 0.5:
            errors.append(f"{where}: panel {i + 1} leaves the canvas")


def main():
    errors = []
    for path in sys.argv[1:]:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            errors.append(f"{path}: not well-formed: {e}")
            continue
        if root.tag != NS + "svg":
            errors.append(f"{path}: not an SVG document")
            continue
        check(root, 0, 0, path, errors)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
