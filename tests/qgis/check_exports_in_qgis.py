"""QGIS opens what `cplan export` wrote: a GeoPackage showing its stored style, a GBK Shapefile.

Run by ctest with Debian's python3-qgis: exports the demo city's layers and the plot review,
loads them as a QGIS user would (the default style comes from the layer_styles table), checks
renderer, colours and labels, then draws the review with QGIS and reads each plot's colour back
from the image: the verdict colours the map application uses, independently of our drawing code.
"""
import os
import subprocess
import sys
import tempfile

from qgis.core import (Qgis, QgsApplication, QgsFeatureRequest, QgsFeatureSource, QgsMapRendererSequentialJob,
                       QgsMapSettings, QgsPointXY, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize

VERDICT_COLOURS = {"compliant": "#1a9850", "short": "#d73027", "not_applicable": "#878787", "unchecked": "#f0a30a"}


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    cplan = sys.argv[1]
    app = QgsApplication([], False)
    app.initQgis()
    with tempfile.TemporaryDirectory() as tmp:
        # A project whose styles a user set in the map application ([styles.*] in its TOML).
        subprocess.run([cplan, "generate", "--scale", "demo", "--out", tmp, "--name", "城区"], check=True, stdout=subprocess.DEVNULL)
        project = os.path.join(tmp, "城区.toml")
        with open(project, "a", encoding="utf-8") as f:
            f.write('\n[styles.communities]\nfill = "#ffcc00"\nlabel = "community_id"\n'
                    '\n[styles.facilities]\ncategorize = "kind"\n')
        gpkg = os.path.join(tmp, "审批 导出.gpkg")
        subprocess.run([cplan, "export", project, "--layer", "communities,plots,roads,facilities,review_plots", "--rules", "hangzhou",
                        "--format", "gpkg", "--out", gpkg], check=True, stdout=subprocess.DEVNULL)

        def load(name):
            layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
            if not layer.isValid():
                fail(f"QGIS cannot open layer {name}")
            if layer.crs().authid() != "EPSG:4549":
                fail(f"{name}: CRS {layer.crs().authid()}, expected EPSG:4549")
            return layer

        communities = load("communities")
        r = communities.renderer()
        if r.type() != "singleSymbol" or r.symbol().color().name() != "#ffcc00":
            fail(f"communities: renderer {r.type()} colour {r.symbol().color().name()}, expected the project's #ffcc00")
        if not communities.labelsEnabled() or communities.labeling().settings().fieldName != "community_id":
            fail("communities: labels by community_id (the project's style) expected")
        roads = load("roads")
        if roads.renderer().symbol().color().name() != "#aaaaaa":
            fail("roads: the default colour #aaaaaa expected")
        facilities = load("facilities")
        r = facilities.renderer()
        if r.type() != "categorizedSymbol" or r.classAttribute() != "kind":
            fail(f"facilities: categorised by kind expected (the project's style), got {r.type()}")
        kinds = {f["kind"] for f in facilities.getFeatures()}
        if {c.value() for c in r.categories()} != kinds:
            fail(f"facilities: categories {[c.value() for c in r.categories()]} for kinds {kinds}")
        # The map application's palette (ColorBrewer Set2) in the order the values first appear.
        colours = [c.symbol().color().name() for c in r.categories()]
        if colours[:2] != ["#66c2a5", "#fc8d62"]:
            fail(f"facilities: the palette's first colours expected, got {colours}")

        plots = load("review_plots")
        r = plots.renderer()
        if r.type() != "categorizedSymbol" or r.classAttribute() != "verdict":
            fail(f"review_plots: categorised by verdict expected, got {r.type()}")
        got = {c.value(): c.symbol().color().name() for c in r.categories()}
        if got != VERDICT_COLOURS:
            fail(f"review_plots: categories {got}")

        # The spatial index we pack ourselves (geo/src/gpkg_rtree.h): QGIS finds it, and a window
        # asked through it holds the features whose boxes meet the window, counted one by one.
        if roads.hasSpatialIndex() != QgsFeatureSource.SpatialIndexPresent:
            fail("roads: QGIS finds no spatial index")
        window = roads.extent()
        window.scale(0.3)
        through_index = {f.id() for f in roads.getFeatures(QgsFeatureRequest().setFilterRect(window))}
        one_by_one = {f.id() for f in roads.getFeatures() if f.geometry().boundingBox().intersects(window)}
        if not through_index or through_index != one_by_one:
            fail(f"roads: {len(through_index)} features in the window through the index, {len(one_by_one)} one by one")

        # Draw the plots alone, without labels, and read each plot's colour where it is.
        plots.setLabelsEnabled(False)
        settings = QgsMapSettings()
        settings.setLayers([plots])
        settings.setDestinationCrs(plots.crs())
        settings.setOutputSize(QSize(1600, 1600))
        extent = plots.extent()
        extent.scale(1.05)
        settings.setExtent(extent)
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        checked = 0
        for f in plots.getFeatures():
            g = f.geometry()
            if g.isEmpty() or not g.isGeosValid() or g.area() < 2000:
                continue
            p = g.pointOnSurface().asPoint()
            pixel = settings.mapToPixel().transform(QgsPointXY(p))
            colour = image.pixelColor(int(pixel.x()), int(pixel.y())).name()
            if colour != VERDICT_COLOURS[f["verdict"]]:
                fail(f"plot {f['plot_id']} ({f['verdict']}) drawn {colour}")
            checked += 1
        if checked < 10:
            fail(f"only {checked} plots checked")
        # The same plots as a GBK Shapefile, as approval offices receive them: QGIS reads the .prj as the
        # same CRS and the Chinese names through the .cpg, fitted field names and all.
        shp = os.path.join(tmp, "审批 材料", "地块.shp")
        subprocess.run([cplan, "export", project, "--layer", "review_plots", "--rules", "hangzhou", "--format", "shp", "--encoding",
                        "gbk", "--out", shp], check=True, stdout=subprocess.DEVNULL)
        shapefile = QgsVectorLayer(shp, "plots", "ogr")
        if not shapefile.isValid() or shapefile.crs().authid() != "EPSG:4549":
            fail(f"Shapefile: valid {shapefile.isValid()}, CRS {shapefile.crs().authid()}")
        names_in_gpkg = {f["plot_id"]: f["community_name"] for f in plots.getFeatures()}
        names_in_shp = {f["plot_id"]: f["communit_1"] for f in shapefile.getFeatures()}
        if names_in_shp != names_in_gpkg or not any(n and "社区" in n for n in names_in_shp.values()):
            fail(f"Shapefile: community names read by QGIS differ: {names_in_shp}")
        print(f"QGIS {Qgis.QGIS_VERSION}: stored styles shown; the spatial index found and {len(through_index)} roads in a "
              f"window through it as one by one; {checked} plots drawn in their verdict colours; "
              f"the GBK Shapefile reads the same {len(names_in_shp)} Chinese community names", flush=True)
    # QGIS's teardown with Python-owned layers is known to crash; the checks are done.
    os._exit(0)


if __name__ == "__main__":
    main()
