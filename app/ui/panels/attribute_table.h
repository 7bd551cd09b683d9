#pragma once
// The attribute table of a layer: every feature a row (its fid first), every field a column,
// numbers sorting as numbers. A model over the engine's layer, so a city's buildings cost rows
// on screen, not copies.
#include <QAbstractTableModel>

#include <memory>
#include <string>
#include <vector>

#include "geo/project.h"

namespace cp {

class AttributeTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit AttributeTableModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
  void setLayer(std::shared_ptr<const geo::LayerData> layer);
  const geo::LayerData* layer() const { return layer_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::shared_ptr<const geo::LayerData> layer_;
  std::vector<std::string> fields_;
};

}  // namespace cp
