#include "attribute_panel.h"

#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "../session.h"
#include "attribute_table.h"

namespace cp {

AttributePanel::AttributePanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  title_ = new QLabel(this);
  layout->addWidget(title_);
  model_ = new AttributeTableModel(this);
  sorter_ = new QSortFilterProxyModel(this);
  sorter_->setSourceModel(model_);
  sorter_->setSortRole(Qt::DisplayRole);
  view_ = new QTableView(this);
  view_->setModel(sorter_);
  view_->setSortingEnabled(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(view_);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AttributePanel::sendSelection);
  connect(session_, &Session::selectionChanged, this, &AttributePanel::followSelection);
  connect(session_, &Session::layersChanged, this, [this] {
    const MapLayerEntry* e = session_->layer(layer_id_);
    if (!e) {
      layer_id_.clear();
      model_->setLayer(nullptr);
      title_->clear();
    } else if (e->data->source.get() != model_->layer()) {
      showLayer(layer_id_);  // the layer's data changed (an edit): show the new values
    }
  });
}

void AttributePanel::showLayer(const QString& id) {
  const MapLayerEntry* e = session_->layer(id);
  if (!e) return;
  layer_id_ = id;
  title_->setText(tr("%1 — %n feature(s)", nullptr, static_cast<int>(e->data->source->size())).arg(e->name));
  const QSignalBlocker block(view_->selectionModel());
  model_->setLayer(e->data->source);
  view_->sortByColumn(-1, Qt::AscendingOrder);  // in feature order until the user sorts
  view_->resizeColumnsToContents();
  followSelection();
}

void AttributePanel::sendSelection() {
  if (syncing_ || layer_id_.isEmpty()) return;
  std::vector<std::size_t> features;
  for (const QModelIndex& row : view_->selectionModel()->selectedRows())
    features.push_back(static_cast<std::size_t>(row.data(Qt::UserRole).toULongLong()));
  syncing_ = true;
  session_->select(layer_id_, std::move(features));
  syncing_ = false;
}

void AttributePanel::followSelection() {
  if (syncing_) return;
  const Selection& s = session_->selection();
  if (!s.layer_id.isEmpty() && s.layer_id != layer_id_) showLayer(s.layer_id);
  syncing_ = true;
  QItemSelection rows;
  for (std::size_t f : s.features) {
    const QModelIndex at = sorter_->mapFromSource(model_->index(static_cast<int>(f), 0));
    if (at.isValid()) rows.select(at, at);
  }
  view_->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!rows.isEmpty()) view_->scrollTo(rows.indexes().front());
  syncing_ = false;
}

}  // namespace cp
