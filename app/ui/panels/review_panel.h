#pragma once
// The plot review: the rule pack to review by, and one row per plot with its community, verdict
// and figures; households and reserved space are edited in place (each an undoable edit).
#include <QWidget>

class QComboBox;
class QTableWidget;

namespace cp {

class Session;

class ReviewPanel : public QWidget {
  Q_OBJECT
 public:
  ReviewPanel(Session* session, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  QComboBox* rulePackBox() const { return pack_combo_; }
  // The plot (feature index) of the row the user is on, or -1.
  int currentPlot() const;

 signals:
  void plotChosen(std::size_t index);  // a row was selected

 private:
  void fill();
  Session* session_;
  QComboBox* pack_combo_;
  QTableWidget* table_;
};

}  // namespace cp
