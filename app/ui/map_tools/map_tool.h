#pragma once
// What the mouse does on the map, one small object per task (pan, identify, draw, measure,
// select), as QgsMapTool in QGIS: the canvas hands its events to the current tool and lets it
// paint an overlay (a rubber band) above the map image.
#include <QCursor>
#include <QObject>

class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace cp {

class MapCanvas;

class MapTool : public QObject {
  Q_OBJECT
 public:
  explicit MapTool(MapCanvas* canvas);  // the canvas owns its tools
  ~MapTool() override = default;

  virtual void activate() {}
  virtual void deactivate() {}  // another tool takes over: drop what is half done
  virtual void mousePress(QMouseEvent*) {}
  virtual void mouseMove(QMouseEvent*) {}
  virtual void mouseRelease(QMouseEvent*) {}
  virtual void mouseDoubleClick(QMouseEvent*) {}
  virtual bool keyPress(QKeyEvent*) { return false; }  // true when the key was used
  virtual void paint(QPainter&) {}                      // pixel coordinates, above the map
  virtual QCursor cursor() const { return Qt::CrossCursor; }

 protected:
  MapCanvas* canvas_;
};

}  // namespace cp
