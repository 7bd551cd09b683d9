#pragma once
// Data problems the loader finds in a layer before any analysis sees it, each reported as a
// finding on the layer: features whose geometry cannot play the role (label points among building
// outlines) are left out; features sharing one id (pieces cut at tile or map-sheet edges) are
// named, and merged into one when the project asks for it.
#include "geo/project.h"

namespace geo::load_checks {

// Communities, buildings and plots are areas: points and lines among them are left out.
void leave_out_non_polygons(LayerData& layer);

// The model field that identifies a role's features (plot_id, building_id, ...).
const char* id_field(Role role);

// Reports ids held by several features; with merge, each such group becomes its first feature
// with the pieces' geometries joined (areas dissolved into one outline), its attributes kept.
void shared_ids(LayerData& layer, bool merge);

}  // namespace geo::load_checks
