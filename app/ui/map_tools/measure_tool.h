#pragma once
// Measures a distance (a path of clicks) or an area (a polygon of clicks) in the working CRS,
// with the figure on the CGCS2000 ellipsoid beside it. The running total follows the cursor;
// a double click ends the path and keeps its figure on the map until the next click.
#include <QString>

#include <memory>
#include <optional>

#include "geo/measure.h"
#include "vertex_tool.h"

namespace cp {

class MeasureTool : public VertexTool {
  Q_OBJECT
 public:
  enum class Mode { Distance, Area };
  MeasureTool(MapCanvas* canvas, Mode mode);
  ~MeasureTool() override;

  void setWorkingCrs(int epsg);  // a new project: measures in its CRS
  void paint(QPainter& p) override;
  Mode mode() const { return mode_; }
  // What the last path measured, as shown ("1,234.5 m · ellipsoid 1,235.0 m").
  QString resultText() const { return text_; }
  const std::optional<geo::Measurement>& result() const { return result_; }
  static QString describe(const geo::Measurement& m, Mode mode);

 signals:
  void measured(const QString& text);  // every change, for the status bar

 protected:
  void changed() override;
  void finished(const QPolygonF& vertices) override;

 private:
  void measure(const QPolygonF& path);
  Mode mode_;
  std::unique_ptr<geo::PathMeasurer> measurer_;
  QPolygonF kept_;  // the finished path, shown until the next one starts
  std::optional<geo::Measurement> result_;
  QString text_;
};

}  // namespace cp
