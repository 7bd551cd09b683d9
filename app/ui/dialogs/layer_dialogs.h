#pragma once
// The dialogs the window opens, each a function that asks and returns what was chosen (nothing
// when cancelled); what is done with the answer is the session's business.
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

#include "geo/export.h"
#include "geo/project.h"

class QWidget;

namespace cp {

struct MapLayerEntry;

// A layer's look: fill, stroke, point size, label, colours by a field, opacity and the scales
// between which it shows.
std::optional<geo::LayerStyleSpec> askLayerStyle(QWidget* parent, const MapLayerEntry& layer);

// Facility coverage (sites == 0) or siting: the kind (translated names) and, for siting, how many.
struct AnalysisChoice {
  QString kind;
  int sites = 0;
};
std::optional<AnalysisChoice> askAnalysis(QWidget* parent, bool siting);

// Layers to export (id and name; the ticked one first), the format, CRS and encoding, then the file.
struct LayerExportChoice {
  QStringList layer_ids;
  QString file;
  geo::ExportOptions options;
};
std::optional<LayerExportChoice> askLayerExport(QWidget* parent, const std::vector<std::pair<QString, QString>>& layers,
                                                const QString& ticked, int working_epsg);

// A printed map: title, paper (A4/A3, portrait/landscape or custom), resolution and scale
// (a preset from 1:500 to 1:10,000, or the map's current one), then the file.
struct MapExportChoice {
  QString file;
  QString title;
  QSizeF page_mm;
  double dpi = 300;
  std::optional<double> scale;  // denominator; empty: the extent on screen
};
std::optional<MapExportChoice> askMapExport(QWidget* parent, const QString& default_title);

// A basemap: one of the presets (Tianditu, AMap), a tile service by its XYZ URL template, or a
// raster file (orthophoto, MBTiles, GeoPackage tiles). Asks for a service's key when the
// environment has none and keeps it in the settings, never in the project.
std::optional<geo::MapLayerSpec> askBasemap(QWidget* parent);

}  // namespace cp
