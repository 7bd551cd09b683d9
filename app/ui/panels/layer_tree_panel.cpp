#include "layer_tree_panel.h"

#include <QMenu>
#include <QScrollBar>
#include <QSet>

#include <cmath>
#include <map>

#include "../session.h"
#include "geo/style.h"

namespace cp {

namespace {

constexpr int kLayerIdRole = Qt::UserRole + 1;
constexpr int kLegendColourRole = Qt::UserRole + 2;

QIcon swatch(const QColor& fill, const QColor& stroke = Qt::transparent) {
  QPixmap pixmap(14, 14);
  pixmap.fill(fill.alpha() ? fill : stroke);
  return QIcon(pixmap);
}

}  // namespace

LayerTreePanel::LayerTreePanel(Session* session, QWidget* parent) : QTreeWidget(parent), session_(session) {
  setHeaderHidden(true);  // the dock says "Layers"
  setDragDropMode(QAbstractItemView::InternalMove);  // drag to reorder the drawing order
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(session_, &Session::layersChanged, this, &LayerTreePanel::rebuild);
  connect(session_, &Session::reviewed, this, &LayerTreePanel::rebuild);
  connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item) {
    if (item->parent()) return;
    session_->setLayerVisible(item->data(0, kLayerIdRole).toString(), item->checkState(0) == Qt::Checked);
  });
  // A drop moves rows (or takes and inserts them): the new order goes to the session once the
  // view has finished with the drop.
  connect(model(), &QAbstractItemModel::rowsMoved, this, &LayerTreePanel::sendOrder, Qt::QueuedConnection);
  connect(model(), &QAbstractItemModel::rowsInserted, this, &LayerTreePanel::sendOrder, Qt::QueuedConnection);
  connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
    if (!item->parent()) emit attributesRequested(item->data(0, kLayerIdRole).toString());
  });
  connect(this, &QTreeWidget::customContextMenuRequested, this, [this](QPoint at) {
    QTreeWidgetItem* item = itemAt(at);
    while (item && item->parent()) item = item->parent();
    if (!item) return;
    const QString id = item->data(0, kLayerIdRole).toString();
    const MapLayerEntry* entry = session_->layer(id);
    if (!entry) return;
    QMenu menu;
    menu.addAction(tr("Zoom to layer"), this, [this, id] { emit zoomToLayerRequested(id); });
    if (!entry->data->basemap) menu.addAction(tr("Attribute table"), this, [this, id] { emit attributesRequested(id); });
    menu.addAction(tr("Style, opacity and scale range…"), this, [this, id] { emit styleRequested(id); });
    if (!entry->data->basemap) menu.addAction(tr("Export…"), this, [this, id] { emit exportRequested(id); });
    if (!entry->role) menu.addAction(tr("Remove layer"), this, [this, id] { session_->removeLayer(id); });
    menu.exec(viewport()->mapToGlobal(at));
  });
}

void LayerTreePanel::setMapScale(double denominator) {
  scale_ = denominator;
  const QSignalBlocker block(this);
  for (int i = 0; i < topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = topLevelItem(i);
    const MapLayerEntry* e = session_->layer(item->data(0, kLayerIdRole).toString());
    if (!e || !e->data->problem.isEmpty()) continue;  // its problem stays in its tip
    const bool shown = e->style.shown_at(scale_);
    item->setForeground(0, shown ? palette().color(QPalette::Text) : palette().color(QPalette::Disabled, QPalette::Text));
    item->setToolTip(0, shown ? QString() : tr("Not shown at this scale (its scale range in Style)"));
  }
}

void LayerTreePanel::rebuild() {
  QSet<QString> collapsed, before;
  for (int i = 0; i < topLevelItemCount(); ++i) {
    before << topLevelItem(i)->data(0, kLayerIdRole).toString();
    if (!topLevelItem(i)->isExpanded()) collapsed << topLevelItem(i)->data(0, kLayerIdRole).toString();
  }
  const QSignalBlocker block(this);
  const int scrolled = verticalScrollBar()->value();
  clear();
  QTreeWidgetItem* added = nullptr;  // a layer that was not there before (an analysis's result): brought into view
  for (const MapLayerEntry& e : session_->layers()) {
    auto* item = new QTreeWidgetItem(this, {e.name});
    item->setData(0, kLayerIdRole, e.id);
    item->setFlags((item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled);
    item->setCheckState(0, e.visible ? Qt::Checked : Qt::Unchecked);
    // A layer drawn in classes shows its classes beneath it; its own swatch is then just its outline.
    const bool classed = e.id == "plots" && session_->review() && e.spec.categorize.empty();
    item->setIcon(0, e.data->basemap ? swatch(QColor(120, 150, 120)) : classed ? swatch(Qt::transparent, e.style.stroke)
                                                                                 : swatch(e.style.fill, e.style.stroke));
    if (!e.data->problem.isEmpty()) {
      item->setToolTip(0, e.data->problem);
      item->setForeground(0, QColor(170, 20, 20));
    }
    addLegend(item, e.id);
    item->setExpanded(!collapsed.contains(e.id));
    if (!before.isEmpty() && !before.contains(e.id) && !added) added = item;
  }
  verticalScrollBar()->setValue(scrolled);
  if (added) scrollToItem(added, QAbstractItemView::PositionAtTop);
  setMapScale(scale_);
}

void LayerTreePanel::addLegend(QTreeWidgetItem* item, const QString& id) {
  const MapLayerEntry* e = session_->layer(id);
  auto entry = [item](const QString& text, const QColor& colour) {
    auto* child = new QTreeWidgetItem(item, {text});
    child->setFlags(Qt::ItemIsEnabled);
    child->setIcon(0, swatch(colour));
    child->setData(0, kLegendColourRole, colour);  // what the printed legend draws
    child->setToolTip(0, text);
  };
  const geo::LayerData& source = *e->data->source;
  if (id == "plots" && session_->review() && e->spec.categorize.empty()) {
    for (geo::Verdict v : {geo::Verdict::Compliant, geo::Verdict::Short, geo::Verdict::NotApplicable, geo::Verdict::Unchecked})
      entry(QString("%1 (%2)").arg(verdict_label(v)).arg(session_->review()->count(v)), QColor(geo::verdict_colour(v)));
  } else if (!e->spec.categorize.empty() && source.has(e->spec.categorize)) {
    std::map<std::string, int> counts;
    for (std::size_t i = 0; i < source.size(); ++i) ++counts[source.text(i, e->spec.categorize)];
    for (const auto& [value, colour] : geo::category_colours(e->spec, source))
      entry(QString("%1 (%2)").arg(value.empty() ? tr("(empty)") : QString::fromStdString(value)).arg(counts[value]),
            QColor(QString::fromStdString(colour)));
  } else if (e->role == geo::Role::Facilities && e->spec.fill.empty()) {
    std::map<std::string, int> counts;
    int other = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
      const auto kind = geo::normalise_facility_kind(source.text(i, "kind"));
      kind ? ++counts[*kind] : ++other;
    }
    const auto& review = session_->review();
    if (review && !review->offices.empty()) {
      // Community offices by what their community has against what it needs; size = floor area.
      std::map<geo::OfficeStanding, int> standing;
      for (const auto& o : review->offices) ++standing[geo::office_standing(*review, o)];
      const std::vector<std::pair<geo::OfficeStanding, QString>> meanings = {
          {geo::OfficeStanding::Enough, tr("Office: community has enough space (%1)")},
          {geo::OfficeStanding::Short, tr("Office: community short of space (%1)")},
          {geo::OfficeStanding::Unknown, tr("Office: need or area unknown (%1)")}};
      for (const auto& [s, text] : meanings)
        if (standing[s] > 0) entry(text.arg(standing[s]), QColor(geo::office_standing_colour(s)));
      entry(tr("(office size: floor area)"), Qt::transparent);
      counts.erase("community_office");
    }
    for (const auto& [kind, colour] : geo::facility_kind_colours())
      if (counts[kind] > 0)
        entry(QString("%1 (%2)").arg(facility_kind_label(QString::fromStdString(kind))).arg(counts[kind]), QColor(QString::fromStdString(colour)));
    if (other > 0) entry(tr("other (%1)").arg(other), e->style.fill);
  } else if (e->role == geo::Role::Parking && e->spec.fill.empty()) {
    const auto& classes = geo::parking_classes();
    std::vector<int> counts(classes.size(), 0);
    int unknown = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
      const auto k = geo::parking_class_of(source.number(i, "spaces"));
      k ? ++counts[*k] : ++unknown;
    }
    for (std::size_t k = 0; k < classes.size(); ++k) {
      const QString range = std::isinf(classes[k].to) ? tr("%1 spaces or more").arg(classes[k].from)
                                                      : tr("%1–%2 spaces").arg(classes[k].from).arg(classes[k].to - 1);
      if (counts[k] > 0) entry(QString("%1 (%2)").arg(range).arg(counts[k]), QColor(QString::fromStdString(classes[k].fill)));
    }
    if (unknown > 0) entry(tr("spaces unknown (%1)").arg(unknown), e->style.fill);
  }
}

void LayerTreePanel::sendOrder() {
  QStringList ids;
  for (int i = 0; i < topLevelItemCount(); ++i) ids << topLevelItem(i)->data(0, kLayerIdRole).toString();
  QStringList current;
  for (const MapLayerEntry& e : session_->layers()) current << e.id;
  if (ids != current && ids.size() == current.size()) session_->setLayerOrder(ids);
}

}  // namespace cp
