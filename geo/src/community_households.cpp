#include "community_households.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "geo/spatial_index.h"

namespace geo {

HouseholdsByCommunity households_by_community(const LayerData& communities, const LayerData& buildings,
                                              std::size_t parallel_min_items, Feedback* feedback, double progress_end) {
  const PolygonLocator locator(communities.geometries);
  const std::size_t n = communities.size();
  const unsigned threads = worker_count(buildings.size(), parallel_min_items);
  std::vector<std::future<std::vector<double>>> parts;
  std::atomic<std::size_t> done{0};
  for (unsigned t = 0; t < threads; ++t) {
    parts.push_back(std::async(std::launch::async, [&, t] {
      std::vector<double> tally(n + 1, 0.0);  // last: outside every community
      const std::size_t begin = buildings.size() * t / threads, end = buildings.size() * (t + 1) / threads;
      for (std::size_t b = begin; b < end; ++b) {
        if ((b - begin) % 8192 == 0 && feedback) {
          feedback->throw_if_cancelled();
          const std::size_t total = done.fetch_add(8192) + 8192;
          if (t == 0)
            feedback->set_progress(progress_end * static_cast<double>(std::min(total, buildings.size())) /
                                       static_cast<double>(std::max<std::size_t>(1, buildings.size())),
                                   "buildings");
        }
        const double households = buildings.number(b, "households").value_or(0.0);
        if (households <= 0 || buildings.geometries[b].empty()) continue;
        const auto c = locator.locate(centroid(buildings.geometries[b]));
        tally[c ? *c : n] += households;
      }
      return tally;
    }));
  }
  HouseholdsByCommunity out;
  out.households.assign(n, 0.0);
  for (auto& part : parts) {
    const std::vector<double> tally = part.get();
    for (std::size_t c = 0; c < n; ++c) out.households[c] += tally[c];
    out.outside += tally.back();
  }
  return out;
}

}  // namespace geo
