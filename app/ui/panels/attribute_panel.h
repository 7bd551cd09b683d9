#pragma once
// The attribute table of one layer, in step with the session's selection both ways: rows chosen
// here select features (and the map pans or zooms to them), features selected on the map are
// chosen here and scrolled to.
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace cp {

class AttributeTableModel;
class Session;

class AttributePanel : public QWidget {
  Q_OBJECT
 public:
  AttributePanel(Session* session, QWidget* parent = nullptr);
  void showLayer(const QString& id);
  QString layerId() const { return layer_id_; }
  QTableView* view() const { return view_; }

 private:
  void followSelection();
  void sendSelection();
  Session* session_;
  QString layer_id_;
  QLabel* title_;
  QTableView* view_;
  AttributeTableModel* model_;
  QSortFilterProxyModel* sorter_;
  bool syncing_ = false;
};

}  // namespace cp
