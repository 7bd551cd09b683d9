#pragma once
// The one way the application runs long work: on a worker thread, behind a progress dialog with
// Cancel (or silently, for quick jobs such as the review), with every failure reported through
// failed() and never swallowed. The UI thread only receives results.
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QtConcurrent>

#include <functional>
#include <memory>
#include <optional>

#include "geo/error.h"
#include "geo/feedback.h"

namespace cp {

class JobRunner : public QObject {
  Q_OBJECT
 public:
  // Progress dialogs open over dialog_parent.
  JobRunner(QWidget* dialog_parent, QObject* parent);

  struct Options {
    bool show_progress = true;
    int progress_after_ms = 200;  // quick jobs finish before a dialog flashes up
  };

  // job runs on a worker thread with a Feedback that carries progress and the Cancel button;
  // done runs on the UI thread with the result; ended runs last, with whether the job completed
  // (false when cancelled or failed). Returns the feedback, so that the caller can cancel.
  template <typename Result>
  std::shared_ptr<geo::Feedback> run(const QString& title, std::function<Result(geo::Feedback&)> job,
                                     std::function<void(Result&)> done, std::function<void(bool completed)> ended = {},
                                     Options options = {});

  // Told every progress step of a job, on the job's thread, before the progress dialog hears of
  // it: how tests act (press Cancel) at a known point of a job.
  void setProgressObserver(std::function<void(double percent)> observer) { observer_ = std::move(observer); }
  int running() const { return running_; }

 signals:
  // A job that threw (geo::Error, std::exception, anything): its title and the message.
  void failed(const QString& title, const QString& message);
  void idle();  // no job is running any more

 private:
  static QString unexpectedErrorText();  // a job threw what is not an exception
  QProgressDialog* makeProgress(const QString& title, int show_after_ms);
  std::shared_ptr<geo::Feedback> makeFeedback(QPointer<QProgressDialog> dialog);
  void jobEnded();

  QWidget* dialog_parent_;
  std::function<void(double)> observer_;
  int running_ = 0;
};

template <typename Result>
std::shared_ptr<geo::Feedback> JobRunner::run(const QString& title, std::function<Result(geo::Feedback&)> job,
                                              std::function<void(Result&)> done, std::function<void(bool)> ended,
                                              Options options) {
  QPointer<QProgressDialog> dialog;
  if (options.show_progress) dialog = makeProgress(title, options.progress_after_ms);
  auto feedback = makeFeedback(dialog);
  if (dialog) connect(dialog, &QProgressDialog::canceled, this, [feedback] { feedback->cancel(); });
  struct Outcome {
    std::optional<Result> result;
    QString error;
  };
  ++running_;
  auto* watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
  connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher, dialog, done, ended, title] {
    watcher->deleteLater();
    if (dialog) dialog->close();
    auto outcome = watcher->result();
    if (outcome->result && done) {
      try {
        done(*outcome->result);
      } catch (const std::exception& e) {
        outcome->error = QString::fromUtf8(e.what());
        outcome->result.reset();
      }
    }
    if (!outcome->error.isEmpty()) emit failed(title, outcome->error);
    if (ended) ended(outcome->result.has_value());
    jobEnded();
  });
  watcher->setFuture(QtConcurrent::run([job, feedback] {
    auto outcome = std::make_shared<Outcome>();
    try {
      outcome->result = job(*feedback);
    } catch (const geo::Cancelled&) {
      // cancelled: no result, no message
    } catch (const std::exception& e) {
      outcome->error = QString::fromUtf8(e.what());
    } catch (...) {
      outcome->error = unexpectedErrorText();
    }
    return outcome;
  }));
  return feedback;
}

}  // namespace cp
