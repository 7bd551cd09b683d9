#pragma once
// Households of existing buildings summed by the community that holds each building's centroid:
// what the review, the parking analysis and the finance each count a community's households by.
#include <cstddef>
#include <vector>

#include "geo/feedback.h"
#include "geo/project.h"
#include "parallel.h"

namespace geo {

struct HouseholdsByCommunity {
  std::vector<double> households;  // by community index
  double outside = 0.0;            // in buildings outside every community
};

// Buildings without households (or with an unknown number) add nothing: they are not homes we
// can count. Split between threads from parallel_min_items buildings; progress runs from 0 to
// progress_end on the feedback.
HouseholdsByCommunity households_by_community(const LayerData& communities, const LayerData& buildings,
                                              std::size_t parallel_min_items, Feedback* feedback, double progress_end);

}  // namespace geo
