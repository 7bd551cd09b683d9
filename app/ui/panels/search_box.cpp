#include "search_box.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QStandardItemModel>
#include <QtConcurrent>

namespace cp {

namespace {
constexpr std::size_t kMaxResults = 50;
constexpr int kRowRole = Qt::UserRole + 1;
}

SearchBox::SearchBox(Session* session, QWidget* parent) : QLineEdit(parent), session_(session) {
  setPlaceholderText(tr("Search: community, plot id, any value"));
  setClearButtonEnabled(true);
  setMinimumWidth(260);
  model_ = new QStandardItemModel(this);
  completer_ = new QCompleter(model_, this);
  completer_->setCompletionMode(QCompleter::UnfilteredPopupCompletion);  // the search has filtered already
  completer_->setWidget(this);
  connect(completer_, QOverload<const QModelIndex&>::of(&QCompleter::activated), this,
          [this](const QModelIndex& index) { choose(index.data(kRowRole).toInt()); });
  connect(this, &QLineEdit::textEdited, this, &SearchBox::start);
  connect(this, &QLineEdit::returnPressed, this, [this] {
    if (!results_.empty()) choose(0);
  });
}

void SearchBox::start(const QString& text) {
  const int generation = ++generation_;
  if (running_) running_->cancel();
  if (text.trimmed().isEmpty()) {
    show({}, generation);
    return;
  }
  // The layers are shared and immutable: the worker reads them while the user goes on.
  auto layers = std::make_shared<std::vector<MapLayerEntry>>(session_->layers());
  auto feedback = std::make_shared<geo::Feedback>();
  running_ = feedback;
  auto* watcher = new QFutureWatcher<std::vector<SearchResult>>(this);
  connect(watcher, &QFutureWatcher<std::vector<SearchResult>>::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    show(watcher->result(), generation);
  });
  watcher->setFuture(QtConcurrent::run([layers, text, feedback]() -> std::vector<SearchResult> {
    try {
      return Session::search(*layers, text, kMaxResults, feedback.get());
    } catch (const geo::Cancelled&) {
      return {};
    }
  }));
}

void SearchBox::show(std::vector<SearchResult> results, int generation) {
  if (generation != generation_) return;  // the user has typed on
  results_ = std::move(results);
  model_->clear();
  for (std::size_t i = 0; i < results_.size(); ++i) {
    const SearchResult& r = results_[i];
    auto* item = new QStandardItem(QString("%1 — %2: %3").arg(r.value, r.layer_name, r.field));
    item->setData(static_cast<int>(i), kRowRole);
    model_->appendRow(item);
  }
  if (results_.empty() && !text().trimmed().isEmpty()) {
    auto* none = new QStandardItem(tr("No feature has '%1'").arg(text().trimmed()));
    none->setData(-1, kRowRole);
    none->setEnabled(false);
    model_->appendRow(none);
  }
  if (model_->rowCount() > 0 && hasFocus()) completer_->complete();
  emit searched();
}

void SearchBox::choose(int row) {
  if (row < 0 || row >= static_cast<int>(results_.size())) return;
  const SearchResult& r = results_[static_cast<std::size_t>(row)];
  emit chosen(r.layer_id, r.feature);
}

}  // namespace cp
