#pragma once
// What every application test starts with: a main window of a given size, shown, with a file
// opened in it, once the review has run and the map is drawn.
#include <QSignalSpy>

#include <functional>
#include <memory>

#include "main_window.h"

namespace app_fixtures {

// Null when the file did not open, review and draw within a minute. `before_open` sets the window
// up first (a tile cache, say).
inline std::unique_ptr<cp::MainWindow> open_window(const QString& file, QSize size,
                                                   const std::function<void(cp::MainWindow&)>& before_open = {}) {
  auto window = std::make_unique<cp::MainWindow>();
  window->resize(size);
  window->show();
  if (before_open) before_open(*window);
  QSignalSpy reviewed(window.get(), &cp::MainWindow::reviewed);
  QSignalSpy rendered(window->canvas(), &cp::MapCanvas::rendered);
  window->openFile(file);
  if (!reviewed.wait(60000)) return nullptr;
  if (rendered.isEmpty() && !rendered.wait(30000)) return nullptr;
  return window;
}

}  // namespace app_fixtures
