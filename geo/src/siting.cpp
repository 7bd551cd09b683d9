#include "geo/siting.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <queue>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/network.h"
#include "geo/spatial_index.h"
#include "milp.h"
#include "reach.h"

namespace geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

const char* to_string(SitingObjective o) {
  switch (o) {
    case SitingObjective::MaxCover: return "max_cover";
    case SitingObjective::CoverAll: return "cover_all";
    case SitingObjective::Median: return "median";
  }
  return "?";
}

namespace {

// The state of a covering: how many chosen sites cover each demand.
struct CoverState {
  const Reach& reach;
  const std::vector<double>& weight;  // 0 for demand already covered by existing facilities
  std::vector<int> count;
  double value = 0.0;

  CoverState(const Reach& r, const std::vector<double>& w) : reach(r), weight(w), count(w.size(), 0) {}
  double gain(std::size_t j) const {
    double g = 0;
    for (std::size_t k = reach.offsets[j]; k < reach.offsets[j + 1]; ++k)
      if (count[reach.demand[k]] == 0) g += weight[reach.demand[k]];
    return g;
  }
  void add(std::size_t j) {
    for (std::size_t k = reach.offsets[j]; k < reach.offsets[j + 1]; ++k)
      if (count[reach.demand[k]]++ == 0) value += weight[reach.demand[k]];
  }
  void remove(std::size_t j) {
    for (std::size_t k = reach.offsets[j]; k < reach.offsets[j + 1]; ++k)
      if (--count[reach.demand[k]] == 0) value -= weight[reach.demand[k]];
  }
};

// Households newly covered within `radius` by adding j (pairs farther than it, which the median
// keeps, do not count as covering).
double within_gain(const CoverState& s, std::size_t j, double radius) {
  double g = 0;
  for (std::size_t q = s.reach.offsets[j]; q < s.reach.offsets[j + 1]; ++q)
    if (s.reach.distance[q] <= radius && s.count[s.reach.demand[q]] == 0) g += s.weight[s.reach.demand[q]];
  return g;
}

void add_within(CoverState& s, std::size_t j, double radius) {
  for (std::size_t q = s.reach.offsets[j]; q < s.reach.offsets[j + 1]; ++q)
    if (s.reach.distance[q] <= radius && s.count[s.reach.demand[q]]++ == 0) s.value += s.weight[s.reach.demand[q]];
}

double households_total_covered(const Reach& reach, const std::vector<std::size_t>& chosen, const std::vector<double>& weight,
                                double radius = kUnreachable) {
  CoverState s(reach, weight);
  for (auto j : chosen) add_within(s, j, radius);
  return s.value;
}

// Lazy greedy: a candidate's gain only shrinks as sites are added, so a stale gain that still
// tops the queue after being refreshed is the true best.
std::vector<std::size_t> lazy_greedy(CoverState& state, std::size_t candidates, std::size_t k, Feedback* feedback) {
  using Item = std::pair<double, std::size_t>;
  std::priority_queue<Item> queue;
  for (std::size_t j = 0; j < candidates; ++j) queue.emplace(state.gain(j), j);
  std::vector<std::size_t> chosen;
  std::vector<bool> taken(candidates, false);
  while (chosen.size() < k && !queue.empty()) {
    if (feedback) feedback->throw_if_cancelled();
    auto [stale, j] = queue.top();
    queue.pop();
    if (taken[j]) continue;
    const double fresh = state.gain(j);
    if (!queue.empty() && fresh < queue.top().first) {
      queue.emplace(fresh, j);
      continue;
    }
    chosen.push_back(j);
    taken[j] = true;
    state.add(j);
  }
  return chosen;
}

// First-improvement swaps of one chosen site for one other candidate, until none improves.
void swap_search(CoverState& state, std::vector<std::size_t>& chosen, std::size_t candidates, Feedback* feedback,
                 std::chrono::steady_clock::time_point deadline) {
  std::vector<bool> taken(candidates, false);
  for (auto j : chosen) taken[j] = true;
  bool improved = true;
  while (improved && std::chrono::steady_clock::now() < deadline) {
    improved = false;
    for (std::size_t s = 0; s < chosen.size() && !improved; ++s) {
      if (feedback) feedback->throw_if_cancelled();
      const std::size_t out = chosen[s];
      state.remove(out);
      const double kept = state.gain(out);
      std::size_t best = out;
      double best_gain = kept;
      for (std::size_t c = 0; c < candidates; ++c) {
        if (taken[c]) continue;
        const double g = state.gain(c);
        if (g > best_gain + 1e-9) {
          best_gain = g;
          best = c;
        }
      }
      state.add(best);
      if (best != out) {
        taken[out] = false;
        taken[best] = true;
        chosen[s] = best;
        improved = true;
      }
    }
  }
}

// Nemhauser–Wolsey: for a monotone submodular gain f and any set S, f(OPT) <= f(S) + the sum of
// the K largest marginal gains with respect to S. A true upper bound for the heuristic's answer.
double submodular_bound(const CoverState& state, std::size_t candidates, std::size_t k) {
  std::vector<double> gains(candidates);
  for (std::size_t j = 0; j < candidates; ++j) gains[j] = state.gain(j);
  const std::size_t top = std::min(k, candidates);
  std::partial_sort(gains.begin(), gains.begin() + static_cast<std::ptrdiff_t>(top), gains.end(), std::greater<>());
  return state.value + std::accumulate(gains.begin(), gains.begin() + static_cast<std::ptrdiff_t>(top), 0.0);
}

struct MilpOutcome {
  bool solved = false;
  bool optimal = false;
  double objective = 0.0;
  std::vector<std::size_t> chosen;
  double seconds = 0.0;  // in the solver
};

// x variables are the model's first `candidates` columns; start: the heuristic's sites.
MilpOutcome solve_siting_milp(const MilpModel& model, std::size_t candidates, const SitingOptions& options,
                              const std::vector<std::size_t>& start_sites) {
  std::vector<double> start;
  if (!start_sites.empty()) {
    start.assign(static_cast<std::size_t>(model.columns()), 0.0);
    for (auto j : start_sites) start[j] = 1.0;
  }
  const auto started = std::chrono::steady_clock::now();
  const MilpSolution solution = solve_milp(model, options.time_limit_s, start);
  MilpOutcome out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!solution.solved) return out;
  out.solved = true;
  out.optimal = solution.optimal;
  out.objective = solution.objective;
  for (std::size_t j = 0; j < candidates; ++j)
    if (solution.values[j] > 0.5) out.chosen.push_back(j);
  return out;
}

// The objective's model, built at most once: --write-lp and the exact solve share it, and a run
// whose heuristic proves its answer builds none.
class ModelOnce {
 public:
  explicit ModelOnce(std::function<MilpModel()> build) : build_(std::move(build)) {}
  const MilpModel& get() {
    if (!model_) model_ = build_();
    return *model_;
  }

 private:
  std::function<MilpModel()> build_;
  std::optional<MilpModel> model_;
};

std::string milp_method(const MilpOutcome& milp) {
  return milp.optimal ? "exact MILP (CBC), optimal" : "MILP (CBC), stopped at the time limit";
}

// Maximal covering: max sum w_i y_i, y_i <= sum_{j reaching i} x_j, sum x_j = K. Demand reached by
// the same candidates is one variable with the summed weight: the same optimum (covering one
// covers all of them), a model a fraction of the size.
MilpModel max_cover_model(const Reach& reach, const std::vector<double>& weight, std::size_t candidates, std::size_t k) {
  MilpModel m;
  m.maximise = true;
  for (std::size_t j = 0; j < candidates; ++j) m.add_binary(0.0);
  std::vector<std::vector<std::size_t>> reached_by(weight.size());
  for (std::size_t j = 0; j < candidates; ++j)
    for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q)
      if (weight[reach.demand[q]] > 0) reached_by[reach.demand[q]].push_back(j);
  std::map<std::vector<std::size_t>, double> groups;
  for (std::size_t i = 0; i < weight.size(); ++i)
    if (!reached_by[i].empty()) groups[reached_by[i]] += weight[i];
  for (const auto& [reaching, group_weight] : groups) {
    const int y = m.add_column(0.0, 1.0, group_weight, false);
    const int row = m.add_row(-MilpModel::kInfinity, 0.0);  // y_g - sum x_j <= 0
    m.set(row, y, 1.0);
    for (auto j : reaching) m.set(row, static_cast<int>(j), -1.0);
  }
  const int count = m.add_row(static_cast<double>(k), static_cast<double>(k));
  for (std::size_t j = 0; j < candidates; ++j) m.set(count, static_cast<int>(j), 1.0);
  return m;
}

// Set covering: min sum x_j, every demand with a weight (still to serve) reached by a chosen site.
MilpModel cover_all_model(const Reach& reach, const std::vector<double>& weight, std::size_t candidates) {
  MilpModel m;
  for (std::size_t j = 0; j < candidates; ++j) m.add_binary(1.0);
  std::vector<std::vector<std::size_t>> reached_by(weight.size());
  for (std::size_t j = 0; j < candidates; ++j)
    for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q) reached_by[reach.demand[q]].push_back(j);
  // Demand reached by the same candidates needs the same one row.
  std::set<std::vector<std::size_t>> rows;
  for (std::size_t i = 0; i < weight.size(); ++i)
    if (weight[i] > 0 && !reached_by[i].empty()) rows.insert(reached_by[i]);
  for (const auto& reaching : rows) {
    const int row = m.add_row(1.0, MilpModel::kInfinity);
    for (auto j : reaching) m.set(row, static_cast<int>(j), 1.0);
  }
  return m;
}

// p-median with the existing facilities kept: min sum_i w_i (d0_i z_i0 + sum_j d_ij z_ij),
// z_i0 + sum_j z_ij = 1, z_ij <= x_j, sum x_j = K.
MilpModel median_model(const Reach& reach, const std::vector<double>& weight, const std::vector<double>& base,
                       std::size_t candidates, std::size_t k) {
  MilpModel m;
  for (std::size_t j = 0; j < candidates; ++j) m.add_binary(0.0);
  std::vector<int> assign_row(weight.size(), 0);
  for (std::size_t i = 0; i < weight.size(); ++i) {
    assign_row[i] = m.add_row(1.0, 1.0);
    const int served_by_existing = m.add_column(0.0, 1.0, weight[i] * base[i], false);
    m.set(assign_row[i], served_by_existing, 1.0);
  }
  for (std::size_t j = 0; j < candidates; ++j) {
    for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q) {
      const std::size_t i = reach.demand[q];
      if (reach.distance[q] >= base[i]) continue;
      const int z = m.add_column(0.0, 1.0, weight[i] * reach.distance[q], false);
      m.set(assign_row[i], z, 1.0);
      const int link = m.add_row(-MilpModel::kInfinity, 0.0);  // z_ij - x_j <= 0
      m.set(link, z, 1.0);
      m.set(link, static_cast<int>(j), -1.0);
    }
  }
  const int count = m.add_row(static_cast<double>(k), static_cast<double>(k));
  for (std::size_t j = 0; j < candidates; ++j) m.set(count, static_cast<int>(j), 1.0);
  return m;
}

// p-median state: each demand's current distance, the smaller of the base and the chosen sites.
struct MedianState {
  const Reach& reach;
  const std::vector<double>& weight;
  const std::vector<double>& base;
  std::vector<std::size_t> chosen;
  std::vector<double> current;
  double cost = 0.0;

  MedianState(const Reach& r, const std::vector<double>& w, const std::vector<double>& b) : reach(r), weight(w), base(b) {
    reset({});
  }
  void reset(std::vector<std::size_t> sites) {
    chosen = std::move(sites);
    current = base;
    for (auto j : chosen)
      for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q)
        current[reach.demand[q]] = std::min(current[reach.demand[q]], reach.distance[q]);
    cost = 0;
    for (std::size_t i = 0; i < weight.size(); ++i) cost += weight[i] * current[i];
  }
  double saving(std::size_t j) const {
    double s = 0;
    for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q) {
      const std::size_t i = reach.demand[q];
      if (reach.distance[q] < current[i]) s += weight[i] * (current[i] - reach.distance[q]);
    }
    return s;
  }
  void add(std::size_t j) {
    chosen.push_back(j);
    for (std::size_t q = reach.offsets[j]; q < reach.offsets[j + 1]; ++q) {
      const std::size_t i = reach.demand[q];
      if (reach.distance[q] < current[i]) {
        cost -= weight[i] * (current[i] - reach.distance[q]);
        current[i] = reach.distance[q];
      }
    }
  }
};

}  // namespace

SitingResult site_facilities(const Project& project, const RulePack* standards, const SitingOptions& options, Feedback* feedback) {
  const auto started = std::chrono::steady_clock::now();
  if (options.objective != SitingObjective::CoverAll && options.add < 1) throw Error("--add must be at least 1");
  // What exists: each residential building's distance to the nearest facility of the kind, on
  // the walking network the candidates are then measured on.
  const CoverageOptions coverage_options{
      .kind = options.kind, .distance_m = options.distance_m, .walking = options.walking, .network = options.network};
  const LayerData* roads = project.layer(Role::Roads);
  std::optional<RoadNetwork> network;
  if (options.walking && roads) network = RoadNetwork::build(*roads, options.network.value_or(project.spec.network));
  std::vector<Snap> demand_snaps;  // in the order of existing.buildings
  const Coverage existing = network ? compute_coverage(project, standards, coverage_options, *network, demand_snaps, feedback)
                                    : compute_coverage(project, standards, coverage_options, feedback);
  SitingResult result;
  result.objective = options.objective;
  result.kind = options.kind;
  result.distance_m = existing.distance_m;
  result.distance_source = existing.distance_source;
  result.households = existing.households();
  result.findings = existing.findings;

  // Candidate sites: the candidates layer, or the plots under review (their reserved space).
  const LayerData* layer = project.layer(Role::Candidates);
  result.candidates_from = "candidates layer";
  std::string id_field = "candidate_id";
  if (!layer || layer->size() == 0) {
    layer = project.layer(Role::Plots);
    result.candidates_from = "plots";
    id_field = "plot_id";
  }
  if (!layer) throw Error("siting needs candidate sites: a candidates layer or plots", {.file = project.spec.file.string()});
  std::vector<std::size_t> candidate_index;
  std::vector<Point> candidate_points;
  for (std::size_t c = 0; c < layer->size(); ++c) {
    if (layer->geometries[c].empty() || (layer->invalid_reasons.size() > c && layer->invalid_reasons[c])) continue;
    candidate_index.push_back(c);
    candidate_points.push_back(centroid(layer->geometries[c]));
  }
  result.candidates = candidate_index.size();
  if (candidate_index.empty()) throw Error("no usable candidate site (" + result.candidates_from + ")");

  const LayerData& buildings = *project.layer(Role::Buildings);
  std::vector<Point> demand_points;
  std::vector<double> households;
  std::vector<double> existing_distance;
  for (const auto& b : existing.buildings) {
    demand_points.push_back(centroid(buildings.geometries[b.index]));
    households.push_back(b.households);
    existing_distance.push_back(existing.walking ? b.walk_m.value_or(kUnreachable) : b.euclid_m);
  }
  const double radius = existing.distance_m;
  const bool median = options.objective == SitingObjective::Median;
  // For the median, distances are capped at a horizon: a household farther than it from every
  // facility counts as being at the horizon, and no candidate beyond it helps.
  const double horizon = median ? walking_horizon(radius) : radius;
  if (feedback) feedback->set_progress(40, "candidate reach");

  Reach reach;
  if (options.walking) {
    reach = reach_walking(*network, network->snap_all(candidate_points), demand_snaps, horizon, feedback);
  } else {
    reach = reach_straight(candidate_points, demand_points, horizon, feedback);
  }
  if (feedback) feedback->set_progress(70, "choosing");
  const std::size_t n = candidate_index.size();
  const auto deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(std::max(1.0, options.time_limit_s)));

  for (std::size_t i = 0; i < households.size(); ++i)
    if (existing_distance[i] <= radius) result.covered_before += households[i];
  // Demand still to serve: weight 0 where an existing facility already covers it.
  std::vector<double> open_weight(households.size());
  for (std::size_t i = 0; i < households.size(); ++i) open_weight[i] = existing_distance[i] <= radius ? 0.0 : households[i];

  std::vector<std::size_t> chosen;
  if (options.objective == SitingObjective::MaxCover) {
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(options.add), n);
    ModelOnce model([&] { return max_cover_model(reach, open_weight, n, k); });
    if (!options.write_lp.empty()) write_lp_file(model.get(), options.write_lp);
    CoverState state(reach, open_weight);
    double bound = submodular_bound(state, n, k);  // from the empty set
    chosen = lazy_greedy(state, n, k, feedback);
    swap_search(state, chosen, n, feedback, deadline);
    bound = std::min(bound, submodular_bound(state, n, k));
    result.method = "lazy greedy + swaps";
    double value = state.value;
    if (bound <= value + 1e-9) {
      result.optimal = true;  // the bound is met: nothing can do better
      result.method += ", optimal (meets its bound)";
    } else if (!options.force_heuristic) {
      // Merged by reach set, even a city's model is small: its size, not the pairs, decides.
      const MilpOutcome milp =
          model.get().nonzeros() <= options.exact_max_pairs ? solve_siting_milp(model.get(), n, options, chosen) : MilpOutcome{};
      result.solver_seconds = milp.seconds;
      if (milp.solved && milp.objective >= value - 1e-6) {
        chosen = milp.chosen;
        value = milp.objective;
        result.optimal = milp.optimal;
        result.method = milp_method(milp);
        if (milp.optimal) bound = value;
      }
    }
    result.objective_value = result.covered_before + value;
    result.bound = result.covered_before + std::max(bound, value);
    result.covered_after = result.objective_value;
  } else if (options.objective == SitingObjective::CoverAll) {
    std::vector<bool> reachable(households.size(), false);
    for (std::size_t q = 0; q < reach.pairs(); ++q) reachable[reach.demand[q]] = true;
    std::vector<double> unit(households.size(), 0.0);
    std::size_t to_cover = 0;
    std::size_t largest = 0;
    for (std::size_t i = 0; i < households.size(); ++i) {
      if (open_weight[i] <= 0) continue;
      if (!reachable[i]) {
        result.uncoverable += households[i];
        continue;
      }
      unit[i] = 1.0;
      ++to_cover;
    }
    CoverState state(reach, unit);
    for (std::size_t j = 0; j < n; ++j) largest = std::max<std::size_t>(largest, static_cast<std::size_t>(state.gain(j)));
    chosen = lazy_greedy(state, n, n, nullptr);
    // Keep only the sites needed: greedy stops adding once everyone coverable is covered.
    std::vector<std::size_t> needed;
    CoverState replay(reach, unit);
    for (auto j : chosen) {
      if (replay.value >= static_cast<double>(to_cover)) break;
      needed.push_back(j);
      replay.add(j);
    }
    chosen = needed;
    ModelOnce model([&] { return cover_all_model(reach, unit, n); });
    if (!options.write_lp.empty()) write_lp_file(model.get(), options.write_lp);
    double bound = largest ? std::ceil(static_cast<double>(to_cover) / static_cast<double>(largest)) : 0.0;
    result.method = "greedy set cover";
    if (bound >= static_cast<double>(chosen.size())) {
      result.optimal = true;
      result.method += ", optimal (meets its bound)";
    } else if (!options.force_heuristic && model.get().nonzeros() <= options.exact_max_pairs) {
      // Merged by reach set like maximal covering's, the model's size decides.
      const MilpOutcome milp = solve_siting_milp(model.get(), n, options, chosen);
      result.solver_seconds = milp.seconds;
      if (milp.solved && milp.chosen.size() <= chosen.size()) {
        chosen = milp.chosen;
        result.optimal = milp.optimal;
        result.method = milp_method(milp);
        if (milp.optimal) bound = static_cast<double>(chosen.size());
      }
    }
    result.objective_value = static_cast<double>(chosen.size());
    result.bound = std::min(bound, result.objective_value);
    result.covered_after = result.covered_before + households_total_covered(reach, chosen, open_weight);
    if (result.uncoverable > 0)
      result.findings.push_back({Severity::Warning, "uncoverable",
                                 fmt::format("{:.0f} households are beyond {:.0f} m of every candidate site: no choice covers them",
                                             result.uncoverable, radius),
                                 {}});
  } else {
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(options.add), n);
    std::vector<double> base(households.size());
    for (std::size_t i = 0; i < households.size(); ++i) base[i] = std::min(existing_distance[i], horizon);
    ModelOnce model([&] { return median_model(reach, households, base, n, k); });
    if (!options.write_lp.empty()) write_lp_file(model.get(), options.write_lp);
    MedianState state(reach, households, base);
    const double base_cost = state.cost;
    // Savings are submodular too: the same bound, on the saving.
    auto saving_bound = [&](const MedianState& s) {
      std::vector<double> savings(n);
      for (std::size_t j = 0; j < n; ++j) savings[j] = s.saving(j);
      const std::size_t top = std::min(k, n);
      std::partial_sort(savings.begin(), savings.begin() + static_cast<std::ptrdiff_t>(top), savings.end(), std::greater<>());
      return (base_cost - s.cost) + std::accumulate(savings.begin(), savings.begin() + static_cast<std::ptrdiff_t>(top), 0.0);
    };
    double best_saving_bound = saving_bound(state);
    for (std::size_t step = 0; step < k; ++step) {
      if (feedback) feedback->throw_if_cancelled();
      std::size_t best = n;
      double best_saving = -1;
      for (std::size_t j = 0; j < n; ++j) {
        if (std::find(state.chosen.begin(), state.chosen.end(), j) != state.chosen.end()) continue;
        const double s = state.saving(j);
        if (s > best_saving) best_saving = s, best = j;
      }
      state.add(best);
    }
    // Swaps: replace one chosen site by another candidate while the total distance falls.
    bool improved = true;
    while (improved && std::chrono::steady_clock::now() < deadline) {
      improved = false;
      for (std::size_t s = 0; s < state.chosen.size() && !improved; ++s) {
        if (feedback) feedback->throw_if_cancelled();
        std::vector<std::size_t> others = state.chosen;
        others.erase(others.begin() + static_cast<std::ptrdiff_t>(s));
        MedianState trial(reach, households, base);
        trial.reset(others);
        const double current_cost = state.cost;
        std::size_t best = state.chosen[s];
        double best_cost = current_cost;
        for (std::size_t j = 0; j < n; ++j) {
          if (std::find(state.chosen.begin(), state.chosen.end(), j) != state.chosen.end()) continue;
          const double c = trial.cost - trial.saving(j);
          if (c < best_cost - 1e-6) best_cost = c, best = j;
        }
        if (best != state.chosen[s]) {
          others.push_back(best);
          state.reset(others);
          improved = true;
        }
      }
    }
    best_saving_bound = std::min(best_saving_bound, saving_bound(state));
    chosen = state.chosen;
    double cost = state.cost;
    double lower = base_cost - best_saving_bound;
    result.method = "greedy + swaps";
    if (lower >= cost - 1e-6) {
      result.optimal = true;
      result.method += ", optimal (meets its bound)";
    } else if (!options.force_heuristic && reach.pairs() <= options.exact_max_pairs && n <= options.exact_max_candidates) {
      // Its model has a variable per candidate-demand pair: the pairs decide.
      const MilpOutcome milp = solve_siting_milp(model.get(), n, options, chosen);
      result.solver_seconds = milp.seconds;
      if (milp.solved && milp.objective <= cost + 1e-6) {
        chosen = milp.chosen;
        cost = milp.objective;
        result.optimal = milp.optimal;
        result.method = milp_method(milp);
        if (milp.optimal) lower = cost;
      }
    }
    result.objective_value = cost;
    result.bound = std::min(lower, cost);
    result.covered_after = result.covered_before + households_total_covered(reach, chosen, open_weight, radius);
  }
  result.gap = std::fabs(result.objective_value - result.bound) / std::max({std::fabs(result.objective_value), std::fabs(result.bound), 1e-12});

  // Rank the chosen sites by the households each newly covers, taking them in that order.
  CoverState ranking(reach, open_weight);
  std::vector<std::size_t> left = chosen;
  int rank = 0;
  while (!left.empty()) {
    auto best = std::max_element(left.begin(), left.end(), [&](std::size_t a, std::size_t b) {
      return within_gain(ranking, a, radius) < within_gain(ranking, b, radius);
    });
    SiteChoice site;
    site.candidate = candidate_index[*best];
    site.candidate_id = layer->text(site.candidate, id_field);
    if (site.candidate_id.empty()) site.candidate_id = std::to_string(layer->fids[site.candidate]);
    site.rank = ++rank;
    site.gain_households = within_gain(ranking, *best, radius);
    site.at = candidate_points[*best];
    add_within(ranking, *best, radius);
    result.sites.push_back(site);
    left.erase(best);
  }
  if (feedback) feedback->set_progress(100, "done");
  return result;
}

}  // namespace geo
