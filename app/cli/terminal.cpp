#include "terminal.h"

#include <ctime>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "datasets/demo_city.h"

namespace cplan {

namespace {

std::atomic<geo::Feedback*> g_interruptible{nullptr};

extern "C" void on_interrupt(int) {
  if (geo::Feedback* f = g_interruptible.load()) f->cancel();
}

// East Asian wide characters (CJK ideographs, kana, hangul, full-width forms) take two columns.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    char32_t c = len == 1 ? lead : lead & (0x3F >> (len - 1));
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    width += is_wide(c) ? 2 : 1;
    i += len;
  }
  return width;
}

}  // namespace

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

// For tests that interrupt a job at a known point, as a user's Ctrl-C would:
// CPLAN_INTERRUPT_AT_PERCENT=N sends this process SIGINT once the job's progress reaches N %.
static std::optional<double> interrupt_at_percent() {
  const char* value = std::getenv("CPLAN_INTERRUPT_AT_PERCENT");
  if (!value || !*value) return std::nullopt;
  char* end = nullptr;
  const double percent = std::strtod(value, &end);
  if (*end != '\0') return std::nullopt;
  return percent;
}

TerminalFeedback::TerminalFeedback(std::string title, bool force_bar)
    : geo::Feedback([this, title = std::move(title)](double percent, std::string_view step) {
        if (interrupt_at_ && percent >= *interrupt_at_) {
          interrupt_at_.reset();
          std::raise(SIGINT);
        }
        if (!drawing_) return;
        const int filled = static_cast<int>(percent / 100.0 * 30.0);
        std::fprintf(stderr, "\r%s [%s%s] %3.0f%% %-12.*s", title.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(30 - filled), ' ').c_str(), percent, static_cast<int>(step.size()),
                     step.data());
        std::fflush(stderr);
      }),
      drawing_(force_bar || ::isatty(STDERR_FILENO)),
      interrupt_at_(interrupt_at_percent()) {
  g_interruptible.store(this);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

void TerminalFeedback::finish() {
  if (drawing_) {
    std::fprintf(stderr, "\r%80s\r", "");
    std::fflush(stderr);
  }
  drawing_ = false;
}

TerminalFeedback::~TerminalFeedback() {
  finish();
  g_interruptible.store(nullptr);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

std::filesystem::path demo_or(const std::string& project, geo::Feedback& feedback, double until) {
  if (!project.empty()) return std::filesystem::u8path(project);
  const geo::Feedback::Stage stage(&feedback, 0, until);
  return datasets::demo_project(&feedback);
}

void print_data_problems(const geo::Project& project) {
  if (!project.households_note.empty()) std::cerr << "cplan: note: " << project.households_note << "\n";
  for (const auto& [role, layer] : project.layers)
    for (const auto& f : layer->findings) {
      if (f.severity == geo::Severity::Note) continue;
      std::cerr << "cplan: " << geo::to_string(role) << " (" << layer->describe_source() << "): " << geo::to_string(f.severity) << " ["
                << f.code << "]: " << f.message << "\n";
    }
}

int current_year() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

}  // namespace cplan
