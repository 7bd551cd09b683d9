#include "map_tool.h"

#include "../map_canvas.h"

namespace cp {

MapTool::MapTool(MapCanvas* canvas) : QObject(canvas), canvas_(canvas) {}

}  // namespace cp
