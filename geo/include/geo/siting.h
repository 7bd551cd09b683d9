#pragma once
// Where the next facilities should go: choose K new sites among candidates so that the most
// still-uncovered households come within the standard distance (maximal covering, MCLP), the
// fewest sites that cover everyone (set covering, LSCP), or the sites that minimise the total
// household-weighted distance (p-median). First lazy greedy and swaps, with a bound that the
// optimum cannot exceed; where the bound does not prove the answer and the model is small
// enough, CBC's MILP solver proves the optimum, starting from the heuristic's.
#include <optional>
#include <string>
#include <vector>

#include "geo/coverage.h"
#include "geo/feedback.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace geo {

enum class SitingObjective { MaxCover, CoverAll, Median };
const char* to_string(SitingObjective o);

struct SitingOptions {
  std::string kind;
  std::optional<double> distance_m;  // default: the standard's distance for the kind
  int add = 1;                       // sites to add (MaxCover, Median)
  SitingObjective objective = SitingObjective::MaxCover;
  bool walking = true;
  // Problems within these sizes are solved exactly when the heuristic cannot prove its answer:
  // p-median by candidates and candidate-demand pairs; maximal and set covering by the
  // coefficients of their MILP once demand reached by the same candidates is merged.
  std::size_t exact_max_candidates = 1000;
  std::size_t exact_max_pairs = 50000;
  bool force_heuristic = false;
  double time_limit_s = 30.0;  // for the exact solver; past it, the heuristic's answer and bound stand
  std::optional<NetworkOptions> network;  // default: the project's [network]
  // Write the objective's MILP in CPLEX LP format here (for another solver to compare).
  std::string write_lp;
};

struct SiteChoice {
  std::size_t candidate = 0;  // index into the candidates (or plots) layer
  std::string candidate_id;
  int rank = 0;               // 1 = the largest marginal gain
  double gain_households = 0.0;  // MaxCover/CoverAll: households newly covered; Median: weighted distance saved
  Point at;
};

struct SitingResult {
  SitingObjective objective = SitingObjective::MaxCover;
  std::string kind;
  double distance_m = 0.0;
  std::string distance_source;
  std::string candidates_from;  // "candidates layer" or "plots"
  std::size_t candidates = 0;
  std::vector<SiteChoice> sites;  // ranked
  double households = 0.0;
  double covered_before = 0.0;
  double covered_after = 0.0;
  double uncoverable = 0.0;   // households no candidate can reach (CoverAll)
  double objective_value = 0.0;  // MaxCover: households covered; CoverAll: sites; Median: weighted metres
  double bound = 0.0;            // the optimum is no better than this
  double gap = 0.0;              // |bound - objective| / |bound|
  bool optimal = false;
  std::string method;
  double solver_seconds = 0.0;  // in the MILP solver, when it was called
  std::vector<Finding> findings;
};

SitingResult site_facilities(const Project& project, const RulePack* standards, const SitingOptions& options,
                             Feedback* feedback = nullptr);

}  // namespace geo
