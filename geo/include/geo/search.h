#pragma once
// Finding features by what a planner types: a community's name or code, a plot id, any value.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "geo/feedback.h"
#include "geo/project.h"

namespace geo {

struct SearchHit {
  std::size_t row = 0;
  std::string field;
  std::string value;
  bool exact = false;  // the whole value matches, not a part of it
};

// Rows of a layer with a field whose value contains the query, ignoring case (ASCII) and the
// spaces around it. Exact matches come first, then values in the layer's column order; one hit
// per row, at most `limit`. Numbers match by their written form ("1200" finds 1200 and 1200.0).
std::vector<SearchHit> search_layer(const LayerData& layer, std::string_view query, std::size_t limit,
                                    const Feedback* cancel = nullptr);

}  // namespace geo
