#pragma once
// Draws a layer's plan (layer_plan.h) straight into an image's pixels with Anti-Grain Geometry,
// the rasteriser Mapnik draws with: the screen's map and PNG exports. QPainter's raster engine
// strokes and fills each feature through its general path machinery; AGG's scanline rasteriser
// does the same antialiased coverage at a fraction of the cost (bench/render_city.sh), and a
// speck is a few pixels written directly. Pages and vector devices keep QPainter.
#include <QImage>

#include <atomic>

#include "layer_plan.h"

namespace cp {

// Whether the raster painter can draw for this painter: an image in a 32-bit premultiplied
// format, no clipping, and a transform without rotation or shear.
bool can_paint_raster(const QPainter& painter);

// Draws the plan's lines, specks and shapes (not its symbols) into the painter's image, at the
// layer's opacity. `frame` maps to the image's own pixels (the device transform). The image is
// drawn in `bands` bands of rows, one worker a core taking them in turn (0: a few a core).
// Returns false when cancelled.
bool paint_raster(QImage& image, const MapLayerData& layer, const LayerStyle& style, const LayerPlan& plan, const ViewFrame& frame,
                  const std::atomic<bool>& cancel, int bands = 0);

}  // namespace cp
