#pragma once
// The layer tree: the session's layers, top of the map first, each with its tick, its swatch and
// a legend of what it shows (plots by verdict with counts, facilities by kind, categories).
// Dragging reorders the map; the context menu zooms, styles, exports and removes. Layers hidden
// at the map's scale by their scale range are greyed, as in QGIS.
#include <QTreeWidget>

namespace cp {

class Session;

class LayerTreePanel : public QTreeWidget {
  Q_OBJECT
 public:
  // Each top item holds its layer's id under Qt::UserRole + 1; each legend entry its colour under
  // Qt::UserRole + 2.
  LayerTreePanel(Session* session, QWidget* parent = nullptr);
  void setMapScale(double denominator);

 signals:
  void zoomToLayerRequested(const QString& id);
  void styleRequested(const QString& id);
  void attributesRequested(const QString& id);
  void exportRequested(const QString& id);

 private:
  void rebuild();
  void addLegend(QTreeWidgetItem* item, const QString& id);
  void sendOrder();
  Session* session_;
  double scale_ = 0;
};

}  // namespace cp
