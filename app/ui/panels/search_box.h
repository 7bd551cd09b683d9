#pragma once
// The search box of the tool bar: a community's name or code, a plot id or any attribute value.
// Results (communities first) drop down as the user types; choosing one selects the feature and
// brings it into view. The search runs on a worker thread: a city's buildings never stall typing.
#include <QFutureWatcher>
#include <QLineEdit>

#include <memory>
#include <vector>

#include "../session.h"

class QCompleter;
class QStandardItemModel;

namespace cp {

class SearchBox : public QLineEdit {
  Q_OBJECT
 public:
  SearchBox(Session* session, QWidget* parent = nullptr);
  const std::vector<SearchResult>& results() const { return results_; }
  void choose(int row);  // as clicking the row of the drop-down does

 signals:
  void searched();  // results() holds the latest results
  void chosen(const QString& layer_id, std::size_t feature);

 private:
  void start(const QString& text);
  void show(std::vector<SearchResult> results, int generation);
  Session* session_;
  QCompleter* completer_;
  QStandardItemModel* model_;
  std::vector<SearchResult> results_;
  int generation_ = 0;
  std::shared_ptr<geo::Feedback> running_;
};

}  // namespace cp
