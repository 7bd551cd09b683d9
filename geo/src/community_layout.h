#pragma once
// A city's communities should tile it: each place in one community. Where two overlap, a plot
// there would be counted twice; where they leave a hole between them, its households belong to
// none. Both are found here and named, with the area and where it is.
#include <vector>

#include "geo/inspect.h"
#include "geo/project.h"

namespace geo {

// Overlaps and enclosed gaps below a square metre are digitising noise (shared edges drawn twice).
inline constexpr double kCommunityLayoutToleranceM2 = 1.0;

std::vector<Finding> community_overlaps_and_gaps(const LayerData& communities);

}  // namespace geo
