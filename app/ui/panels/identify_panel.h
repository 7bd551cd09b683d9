#pragma once
// Identify: every field of the feature under a click (the active layer first, then the topmost
// shown layer with a feature there), a plot's verdict, reason and rule with it. It identifies
// again at the same place whenever the layers or the review change, so it never shows stale values.
#include <QPointF>
#include <QTreeWidget>

#include <optional>

namespace cp {

class Session;

class IdentifyPanel : public QTreeWidget {
  Q_OBJECT
 public:
  IdentifyPanel(Session* session, QWidget* parent = nullptr);
  // Identifies at a map point with a tolerance in map units; active_layer answers first.
  void identifyAt(QPointF map, double tolerance, const QString& active_layer);
  QStringList rows() const;  // "field = value", what is shown

 signals:
  void identified(const QString& layer_id, std::size_t feature);
  void nothingIdentified();

 private:
  void again();
  Session* session_;
  std::optional<QPointF> at_;
  double tolerance_ = 0;
  QString active_layer_;
};

}  // namespace cp
