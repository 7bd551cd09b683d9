#pragma once
// What every cplan command shares: the progress bar on stderr, Ctrl-C wired to cancellation,
// and the exit codes (decided only in main).
#include <filesystem>
#include <optional>
#include <string>

#include "geo/feedback.h"
#include "geo/project.h"

namespace cplan {

// kConflict: a save refused because someone else saved the same feature since it was read (nothing written).
enum ExitCode : int { kOk = 0, kFindings = 1, kError = 2, kConflict = 3, kCancelled = 130 };

// A Feedback that draws a progress bar on stderr when it is a terminal (or when forced), and
// that Ctrl-C cancels for as long as it lives.
class TerminalFeedback : public geo::Feedback {
 public:
  explicit TerminalFeedback(std::string title, bool force_bar = false);
  ~TerminalFeedback();
  TerminalFeedback(const TerminalFeedback&) = delete;
  TerminalFeedback& operator=(const TerminalFeedback&) = delete;
  void finish();

 private:
  bool drawing_;
  std::optional<double> interrupt_at_;
};

// The project the user named, or the demo city's (generated on first use, as the first `until`
// percent of the job's progress).
std::filesystem::path demo_or(const std::string& project, geo::Feedback& feedback, double until);

// The data problems the loader found in each layer (label points left out, shared ids, ...), on
// stderr, so that a job's results are never read without them; data and JSON stay on stdout.
void print_data_problems(const geo::Project& project);

// This year, the default year of the funding rule.
int current_year();

// Pads a UTF-8 string to a display width, counting CJK characters as two columns.
std::string pad(const std::string& text, std::size_t width);

}  // namespace cplan
