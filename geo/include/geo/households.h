#pragma once
// Households where the data has none (OpenStreetMap, survey layers): estimated from each
// residential building's floor area and scaled to known totals, as the project's [households]
// table says. Every estimate is marked in the buildings' households_estimated field, and the
// project's households_note says how they were made, for every output to repeat.
#include "geo/feedback.h"
#include "geo/project.h"

namespace geo {

// Fills the buildings layer's households (and floor_area_m2) where [households] asks for it.
// Called by load_project once every layer is read; does nothing without [households].
void estimate_households(Project& project, Feedback* feedback = nullptr);

}  // namespace geo
