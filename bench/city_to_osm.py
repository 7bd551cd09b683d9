#!/usr/bin/python3
"""Writes a generated city (cplan generate) as an OpenStreetMap XML extract, the form a planner
downloads: buildings as closed ways with building=* and building:levels, roads as ways with
highway=*, facilities as tagged nodes, car parks as amenity=parking areas without capacity, the
communities as admin_level=10 boundaries. Nodes are shared where coordinates are equal.
Usage: bench/city_to_osm.py CITY.gpkg OUT.osm   (GDAL's Python bindings: /usr/bin/python3)"""
import sys
from xml.sax.saxutils import quoteattr

from osgeo import ogr, osr

KIND_TAGS = {"幼儿园": ("amenity", "kindergarten"), "日间照料中心": ("social_facility", "day_care"),
             "社区卫生服务站": ("healthcare", "clinic"), "社区服务站": ("amenity", "community_centre"),
             "菜市场": ("amenity", "marketplace")}
USE_TAGS = {"住宅": "residential", "配套": "commercial"}

src = ogr.Open(sys.argv[1])
wgs84 = osr.SpatialReference()
wgs84.ImportFromEPSG(4326)
wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
nodes, node_tags, ways = {}, {}, []
out = open(sys.argv[2], "w", encoding="utf-8")


def node(lon, lat, tags=None):
    key = (round(lon * 1e7), round(lat * 1e7))
    nid = nodes.get(key)
    if nid is None:
        nid = nodes[key] = len(nodes) + 1
    if tags:
        node_tags[nid] = tags
    return nid


def layer(name):
    lyr = src.GetLayerByName(name)
    srs = lyr.GetSpatialRef()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs, wgs84)
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None:
            continue
        g = g.Clone()
        g.Transform(ct)
        yield f, g


def rings(g):
    polys = [g] if g.GetGeometryType() in (ogr.wkbPolygon, ogr.wkbPolygon25D) else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    return [p.GetGeometryRef(0) for p in polys]  # outer rings: the generated city has no holes


def way(points, tags):
    ways.append(([node(x, y) for x, y in points], tags))


for f, g in layer("communities"):
    for r in rings(g):
        way(r.GetPoints(), {"boundary": "administrative", "admin_level": "10", "name": f.GetField("社区名称")})
for f, g in layer("buildings"):
    for r in rings(g):
        way(r.GetPoints(), {"building": USE_TAGS.get(f.GetField("用途"), "yes"), "building:levels": str(f.GetField("层数"))})
for f, g in layer("parking"):
    for r in rings(g):
        way(r.GetPoints(), {"amenity": "parking"})
for f, g in layer("roads"):
    tags = {"highway": f.GetField("road_class")}
    if f.GetField("name"):
        tags["name"] = f.GetField("name")
    way(g.GetPoints(), tags)
for f, g in layer("facilities"):
    k, v = KIND_TAGS.get(f.GetField("设施类型"), ("amenity", "yes"))
    node(g.GetX(), g.GetY(), {k: v, "name": f.GetField("设施名称") or ""})

out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="bench/city_to_osm.py">\n')
for (lon, lat), nid in sorted(nodes.items(), key=lambda item: item[1]):
    head = f' <node id="{nid}" version="1" lat="{lat / 1e7:.7f}" lon="{lon / 1e7:.7f}"'
    tags = node_tags.get(nid)
    if tags:
        out.write(head + ">\n" + "".join(f"  <tag k={quoteattr(k)} v={quoteattr(v)}/>\n" for k, v in tags.items() if v) + " </node>\n")
    else:
        out.write(head + "/>\n")
for wid, (refs, tags) in enumerate(ways, 1):
    out.write(f' <way id="{wid}" version="1">\n' + "".join(f'  <nd ref="{r}"/>\n' for r in refs)
              + "".join(f"  <tag k={quoteattr(k)} v={quoteattr(v)}/>\n" for k, v in tags.items()) + " </way>\n")
out.write("</osm>\n")
print(f"{len(nodes)} nodes, {len(ways)} ways", file=sys.stderr)
