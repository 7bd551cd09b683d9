#include "attribute_table.h"

namespace cp {

void AttributeTableModel::setLayer(std::shared_ptr<const geo::LayerData> layer) {
  beginResetModel();
  layer_ = std::move(layer);
  fields_.clear();
  if (layer_) {
    // The model's fields first, in the order the engine knows them, then the source's others.
    for (const auto& mf : geo::model_fields(layer_->role))
      if (layer_->has(mf.name)) fields_.push_back(mf.name);
    for (const auto& [name, column] : layer_->columns)
      if (std::find(fields_.begin(), fields_.end(), name) == fields_.end()) fields_.push_back(name);
  }
  endResetModel();
}

int AttributeTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : static_cast<int>(layer_->size());
}

int AttributeTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : static_cast<int>(fields_.size()) + 1;
}

QVariant AttributeTableModel::data(const QModelIndex& index, int role) const {
  if (!layer_ || !index.isValid() || (role != Qt::DisplayRole && role != Qt::UserRole)) return {};
  const auto row = static_cast<std::size_t>(index.row());
  if (role == Qt::UserRole) return static_cast<qulonglong>(row);  // the feature's index, whatever the sorting
  if (index.column() == 0) return static_cast<qlonglong>(layer_->fids[row]);
  const geo::Value& v = layer_->columns.at(fields_[static_cast<std::size_t>(index.column() - 1)]).at(row);
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<qlonglong>(*p);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::string>(&v)) return QString::fromStdString(*p);
  return {};
}

QVariant AttributeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  if (section == 0) return "fid";
  if (!layer_) return {};
  const std::string& name = fields_[static_cast<std::size_t>(section - 1)];
  auto it = layer_->field_sources.find(name);
  return it == layer_->field_sources.end() || it->second == name ? QString::fromStdString(name)
                                                                  : QString::fromStdString(name + " (" + it->second + ")");
}

}  // namespace cp
