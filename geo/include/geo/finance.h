#pragma once
// Community finance: each community's yearly budget by the lines of the rule pack's [finance] —
// government funding by household (rising from a start year), fees per household, parking income
// from its spaces, fixed sums — per household, and what each plot under review would add to it.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/inspect.h"
#include "geo/parking.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace geo {

struct FinanceOptions {
  int year = 2026;
  std::size_t parallel_min_items = 20000;
};

// One line's yuan; empty when its formula cannot be evaluated for this community (it reads
// parking spaces the project does not give, or it divides by zero): never a made-up 0.
struct LineAmount {
  const FinanceLine* line = nullptr;  // into the pack: valid while it lives
  std::optional<double> yuan;
};

struct CommunityBudget {
  std::size_t index = 0;  // into the communities layer
  std::string community_id;
  std::string name;
  double households = 0.0;  // of its existing buildings
  std::optional<double> parking_spaces;  // empty without a parking layer
  double office_m2 = 0.0;
  std::vector<LineAmount> lines;
  // By budget column; a column is empty when one of its lines is.
  std::map<BudgetLine, std::optional<double>> by_kind;
  std::optional<double> total_yuan;
  std::optional<double> yuan_per_household;
};

// What a plot under review adds to the budgets of the communities it falls in (split by its
// shares), had its households moved in and its parking been built.
struct PlotBudget {
  std::size_t index = 0;  // into the plots layer
  std::string plot_id;
  std::optional<std::size_t> community;  // largest overlap
  std::optional<double> households;
  std::optional<double> parking_spaces;
  std::map<BudgetLine, std::optional<double>> added_by_kind;
  std::optional<double> added_yuan;
  std::string reason;  // why nothing is added (unchecked, outside every community)
};

struct Finance {
  std::string pack_id;
  std::string pack_name;
  int year = 0;
  std::vector<const FinanceLine*> lines;  // the pack's, in its order
  std::vector<std::string> line_citations;  // one per line
  std::vector<CommunityBudget> communities;
  std::vector<PlotBudget> plots;
  bool parking_counted = false;  // the project has a parking layer
  std::vector<Finding> findings;
  std::vector<std::string> unverified;  // ids of lines that rest on unverified numbers

  std::optional<double> total(BudgetLine kind) const;  // over the communities; empty when one is unknown
};

// Needs communities and buildings; facilities (offices), parking and plots when present.
Finance compute_finance(const Project& project, const RulePack& pack, const FinanceOptions& options = {}, Feedback* feedback = nullptr);

}  // namespace geo
