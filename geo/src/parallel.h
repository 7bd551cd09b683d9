#pragma once
// How many threads a loop over items is split between: the engine's one rule for it.
#include <algorithm>
#include <cstddef>
#include <thread>

namespace geo {

// All cores (at most 8) for loops of at least parallel_min_items items, one for smaller ones:
// below that, starting threads costs more than it saves.
inline unsigned worker_count(std::size_t items, std::size_t parallel_min_items) {
  if (items < parallel_min_items) return 1;
  return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

}  // namespace geo
