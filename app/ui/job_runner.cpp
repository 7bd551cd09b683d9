#include "job_runner.h"

namespace cp {

JobRunner::JobRunner(QWidget* dialog_parent, QObject* parent) : QObject(parent), dialog_parent_(dialog_parent) {}

QProgressDialog* JobRunner::makeProgress(const QString& title, int show_after_ms) {
  auto* progress = new QProgressDialog(title, tr("Cancel"), 0, 100, dialog_parent_);
  // It shows itself after this long unless the job has ended: quick jobs never flash a dialog.
  progress->setMinimumDuration(show_after_ms);
  progress->setWindowModality(Qt::WindowModal);
  progress->setAttribute(Qt::WA_DeleteOnClose);
  progress->setAutoClose(false);
  progress->setAutoReset(false);
  return progress;
}

std::shared_ptr<geo::Feedback> JobRunner::makeFeedback(QPointer<QProgressDialog> dialog) {
  // Made here, used there: Cancel sets the job's atomic flag, the job's progress reaches the
  // dialog as queued calls.
  return std::make_shared<geo::Feedback>([dialog, observer = observer_](double percent, std::string_view) {
    if (observer) observer(percent);
    if (!dialog) return;
    QMetaObject::invokeMethod(
        dialog, [dialog, percent] { if (dialog) dialog->setValue(static_cast<int>(percent)); }, Qt::QueuedConnection);
  });
}

QString JobRunner::unexpectedErrorText() { return tr("An unexpected error stopped the job"); }

void JobRunner::jobEnded() {
  if (--running_ == 0) emit idle();
}

}  // namespace cp
