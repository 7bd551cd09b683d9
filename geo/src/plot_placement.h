#pragma once
// Where each development plot lies: its share of area in each community it overlaps, and how
// much of it lies in none. A plot that lies wholly in one community (most do) is told by a
// prepared containment test, without an overlay.
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/geos.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/spatial_index.h"

namespace geo {

struct PlotPlacement {
  std::vector<std::vector<CommunityShare>> shares;  // per plot, in no order; scaled so that overlapping communities never hold more than the whole
  std::vector<double> outside;                      // per plot: the share in no community
  std::vector<std::string> faults;                  // per plot: GEOS's error, which leaves it unchecked
};

// Valid plots only; an invalid or empty one gets no share.
PlotPlacement place_plots(const LayerData& plots, const LayerData& communities, const ExtentIndex& community_index,
                          std::size_t parallel_min_items, Feedback* feedback);

// A community's shape in this thread's GEOS context, repaired where it is invalid.
GeosGeometry community_shape(GeosContext& ctx, const LayerData& communities, std::size_t c);

}  // namespace geo
