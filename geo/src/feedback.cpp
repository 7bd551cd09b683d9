#include "geo/feedback.h"

#include <cmath>

#include "geo/error.h"

namespace geo {

void Feedback::throw_if_cancelled() const {
  if (is_cancelled()) throw Cancelled();
}

void Feedback::set_progress(double percent, std::string_view step) {
  percent = stage_begin_.load(std::memory_order_relaxed) +
            stage_width_.load(std::memory_order_relaxed) * std::fmin(100.0, std::fmax(0.0, percent)) / 100.0;
  progress_.store(percent, std::memory_order_relaxed);
  if (!listener_) return;
  std::lock_guard lock(listener_mutex_);
  if (std::fabs(percent - last_told_) < 0.5 && percent < 100.0) return;
  last_told_ = percent;
  listener_(percent, step);
}

Feedback::Stage::Stage(Feedback* feedback, double begin, double end) : feedback_(feedback) {
  if (!feedback_) return;
  saved_begin_ = feedback_->stage_begin_.load();
  saved_width_ = feedback_->stage_width_.load();
  feedback_->stage_begin_.store(saved_begin_ + saved_width_ * begin / 100.0);
  feedback_->stage_width_.store(saved_width_ * (end - begin) / 100.0);
}

Feedback::Stage::~Stage() {
  if (!feedback_) return;
  feedback_->stage_begin_.store(saved_begin_);
  feedback_->stage_width_.store(saved_width_);
}

int Feedback::gdal_progress(double complete, const char* /*message*/, void* feedback) {
  auto* self = static_cast<Feedback*>(feedback);
  if (!self) return 1;
  self->set_progress(complete * 100.0);
  return self->is_cancelled() ? 0 : 1;
}

}  // namespace geo
