#include "terminal.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include <fmt/format.h>

namespace cplan {

namespace {

std::atomic<geo::Feedback*> g_interruptible{nullptr};

extern "C" void on_interrupt(int) {
  if (geo::Feedback* f = g_interruptible.load()) f->cancel();
}

std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    width += len >= 3 ? 2 : 1;  // CJK ideographs are 3 bytes in UTF-8 and two columns wide
    i += len;
  }
  return width;
}

}  // namespace

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

TerminalFeedback::TerminalFeedback(std::string title, bool force_bar)
    : geo::Feedback([this, title = std::move(title)](double percent, std::string_view step) {
        if (!drawing_) return;
        const int filled = static_cast<int>(percent / 100.0 * 30.0);
        std::fprintf(stderr, "\r%s [%s%s] %3.0f%% %-12.*s", title.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(30 - filled), ' ').c_str(), percent, static_cast<int>(step.size()),
                     step.data());
        std::fflush(stderr);
      }),
      drawing_(force_bar || ::isatty(STDERR_FILENO)) {
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

}  // namespace cplan
