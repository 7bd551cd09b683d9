#include "geo/feedback.h"

#include <cmath>

#include "geo/error.h"

namespace geo {

void Feedback::throw_if_cancelled() const {
  if (is_cancelled()) throw Cancelled();
}

void Feedback::set_progress(double percent, std::string_view step) {
  percent = std::fmin(100.0, std::fmax(0.0, percent));
  progress_.store(percent, std::memory_order_relaxed);
  if (!listener_) return;
  std::lock_guard lock(listener_mutex_);
  if (std::fabs(percent - last_told_) < 0.5 && percent < 100.0) return;
  last_told_ = percent;
  listener_(percent, step);
}

int Feedback::gdal_progress(double complete, const char* /*message*/, void* feedback) {
  auto* self = static_cast<Feedback*>(feedback);
  if (!self) return 1;
  self->set_progress(complete * 100.0);
  return self->is_cancelled() ? 0 : 1;
}

}  // namespace geo
