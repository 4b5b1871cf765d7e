#!/usr/bin/env python3
"""Builds the world map asset the web UI ships: SVG path data per country (ISO 3166-1 alpha-2),
projected equirectangularly into a 960x480 box.

Inputs (public, fetched by the developer who regenerates the asset, not at run time):
  - world-atlas 2.0.2 (npm; ISC licence, (c) Mike Bostock), countries-110m.json: TopoJSON of
    Natural Earth 1:110m admin-0 countries (public domain);
  - Debian's iso-codes package, /usr/share/iso-codes/json/iso_3166-1.json (numeric -> alpha-2).

  npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
  python3 scripts/build-world-map.py package/countries-110m.json src/Grondslag.Presentation/Assets/world-110m.json
"""
import json, sys

WIDTH, HEIGHT = 960.0, 480.0
NO_NUMERIC = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}  # no ISO numeric code in the data


def main(source, target):
    topo = json.load(open(source))
    iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
    alpha2 = {c["numeric"]: c["alpha_2"] for c in iso}
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]

    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon, lat = x * sx + tx, y * sy + ty
            points.append(((lon + 180.0) / 360.0 * WIDTH, (90.0 - lat) / 180.0 * HEIGHT))
        arcs.append(points)

    def ring(indexes, polar):
        points = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            points.extend(arc if not points else arc[1:])
        if not polar:
            # Unwrap rings that cross the antimeridian (Russia, Fiji): keep them continuous; the part
            # beyond the edge is clipped by the viewBox instead of a stripe drawn across the map.
            for k in range(1, len(points)):
                x, y = points[k]
                while x - points[k - 1][0] > WIDTH / 2:
                    x -= WIDTH
                while points[k - 1][0] - x > WIDTH / 2:
                    x += WIDTH
                points[k] = (x, y)
        return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"

    countries = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = alpha2.get(geometry.get("id")) if geometry.get("id") else NO_NUMERIC.get(name)
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring(r, code == "AQ") for polygon in polygons for r in polygon)
        countries[code] = {"name": name, "d": countries.get(code, {}).get("d", "") + path}

    json.dump({
        "source": "Natural Earth 1:110m admin-0 countries (public domain) via world-atlas 2.0.2 (ISC, (c) Mike Bostock)",
        "width": WIDTH, "height": HEIGHT, "countries": countries,
    }, open(target, "w"), separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
