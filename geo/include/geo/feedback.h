#pragma once
// Progress and cancellation for every long job, as one small object passed down the call
// chain (the idea of QGIS's QgsFeedback, with an atomic flag so that a UI thread may cancel
// while a worker reads it). The CLI turns it into a progress bar, the app into a dialog.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace geo {

class Feedback {
 public:
  using Listener = std::function<void(double percent, std::string_view step)>;

  Feedback() = default;
  explicit Feedback(Listener listener) : listener_(std::move(listener)) {}
  Feedback(const Feedback&) = delete;
  Feedback& operator=(const Feedback&) = delete;

  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool is_cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }
  // Throws geo::Cancelled once cancel() was called; long loops call it at each step.
  void throw_if_cancelled() const;

  // percent in [0, 100] of the current stage (the whole job when there is none); the listener
  // is told the job's overall percentage, and only when it moves by a visible amount.
  void set_progress(double percent, std::string_view step = {});
  double progress() const noexcept { return progress_.load(std::memory_order_relaxed); }

  // A GDALProgressFunc that forwards to a Feedback passed as the user data; it returns
  // FALSE when cancelled, which makes GDAL stop.
  static int gdal_progress(double complete, const char* message, void* feedback);

  // One step of a job made of several (read, review, write): while it lives, the progress the
  // step reports from 0 to 100 moves the job's bar from `begin` to `end` of the enclosing stage,
  // so that the bar only ever moves forward. Stages nest; a null feedback makes it a no-op.
  class Stage {
   public:
    Stage(Feedback* feedback, double begin, double end);
    ~Stage();
    Stage(const Stage&) = delete;
    Stage& operator=(const Stage&) = delete;

   private:
    Feedback* feedback_;
    double saved_begin_ = 0.0, saved_width_ = 100.0;
  };

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<double> progress_{0.0};
  // The enclosing stage, in the job's percent: set by the job's own thread between its steps.
  std::atomic<double> stage_begin_{0.0};
  std::atomic<double> stage_width_{100.0};
  std::mutex listener_mutex_;
  double last_told_ = -1.0;
  Listener listener_;
};

// Maps [0,100] of a sub-task into [begin, end] of its parent's progress.
class SubFeedback {
 public:
  SubFeedback(Feedback* parent, double begin, double end) : parent_(parent), begin_(begin), end_(end) {}
  void set_progress(double percent, std::string_view step = {}) const {
    if (parent_) parent_->set_progress(begin_ + (end_ - begin_) * percent / 100.0, step);
  }
  void throw_if_cancelled() const {
    if (parent_) parent_->throw_if_cancelled();
  }

 private:
  Feedback* parent_;
  double begin_;
  double end_;
};

}  // namespace geo
