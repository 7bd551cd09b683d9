#include "identify_panel.h"

#include "../session.h"

namespace cp {

IdentifyPanel::IdentifyPanel(Session* session, QWidget* parent) : QTreeWidget(parent), session_(session) {
  setColumnCount(2);
  setHeaderLabels({tr("Field"), tr("Value")});
  connect(session_, &Session::reviewed, this, &IdentifyPanel::again);
  connect(session_, &Session::projectLoaded, this, [this] {
    at_.reset();
    clear();
  });
}

void IdentifyPanel::again() {
  if (!at_) return;
  // Quietly: the map's highlight and the table already show the feature.
  const QSignalBlocker block(this);
  identifyAt(*at_, tolerance_, active_layer_);
}

void IdentifyPanel::identifyAt(QPointF map, double tolerance, const QString& active_layer) {
  at_ = map;
  tolerance_ = tolerance;
  active_layer_ = active_layer;
  clear();
  std::vector<const MapLayerEntry*> order;
  if (const MapLayerEntry* active = session_->layer(active_layer); active && active->visible) order.push_back(active);
  for (const MapLayerEntry& e : session_->layers())
    if (e.visible && e.id != active_layer) order.push_back(&e);
  for (const MapLayerEntry* e : order) {
    const auto hits = features_at(*e->data, map, tolerance);
    if (hits.empty()) continue;
    const std::size_t f = hits.front();
    const geo::LayerData& source = *e->data->source;
    auto* top = new QTreeWidgetItem(this, {e->name, QString("fid %1").arg(source.fids[f])});
    for (const std::string& field : source.column_names())
      new QTreeWidgetItem(top, {QString::fromStdString(field), QString::fromStdString(geo::value_to_string(source.columns.at(field)[f]))});
    if (e->id == "plots" && session_->review()) {
      for (const auto& p : session_->review()->plots) {
        if (p.index != f) continue;
        new QTreeWidgetItem(top, {"verdict", geo::to_string(p.verdict)});
        new QTreeWidgetItem(top, {"reason", QString::fromStdString(p.reason)});
        new QTreeWidgetItem(top, {"rule", QString::fromStdString(p.rule_id + " · " + p.citation)});
        if (p.parking) {
          new QTreeWidgetItem(top, {"parking_verdict", geo::to_string(p.parking->verdict)});
          new QTreeWidgetItem(top, {"parking_reason", QString::fromStdString(p.parking->reason)});
        }
      }
    }
    top->setExpanded(true);
    resizeColumnToContents(0);
    emit identified(e->id, f);
    return;
  }
  emit nothingIdentified();
}

QStringList IdentifyPanel::rows() const {
  QStringList out;
  for (int i = 0; i < topLevelItemCount(); ++i) {
    const QTreeWidgetItem* top = topLevelItem(i);
    out << top->text(0) + " = " + top->text(1);
    for (int k = 0; k < top->childCount(); ++k) out << top->child(k)->text(0) + " = " + top->child(k)->text(1);
  }
  return out;
}

}  // namespace cp
