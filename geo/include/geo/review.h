#pragma once
// Plot review: does each development plot reserve the community office and service space its
// jurisdiction's rules require, in which community does it lie, and what do the communities
// hold and owe once the plots are built.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace geo {

enum class Verdict { Compliant, Short, NotApplicable, Unchecked };
const char* to_string(Verdict v);  // compliant, short, not_applicable, unchecked
const char* verdict_colour(Verdict v);  // "#rrggbb": the one colour of each verdict, on every map and report

struct RuleOutcome {
  const Rule* rule = nullptr;  // into the pack reviewed with: valid while that pack lives
  bool applies = false;
  bool assessed = false;  // false for an optional rule whose data is missing
  double required = 0.0;
  double provided = 0.0;
  double shortfall = 0.0;
};

struct CommunityShare {
  std::size_t community = 0;  // index into the communities layer
  double share = 0.0;         // of the plot's area
};

// A plot's parking: the spaces it provides against what the pack's standard asks for its households.
struct PlotParkingReview {
  Verdict verdict = Verdict::Unchecked;
  std::string reason;
  std::string citation;
  Mark mark = Mark::Verified;
  std::optional<double> required_spaces;
  std::optional<double> provided_spaces;
  std::optional<double> shortfall_spaces;
};

struct PlotReview {
  std::size_t index = 0;  // into the plots layer
  std::string plot_id;
  std::optional<std::size_t> community;  // largest overlap
  std::vector<CommunityShare> shares;    // largest first
  Verdict verdict = Verdict::Unchecked;
  std::string reason;
  std::string rule_id;  // the binding (or failing) rule
  std::string citation;
  Mark mark = Mark::Verified;  // of the binding rule, its document and parameters
  std::optional<double> households;
  std::optional<double> required_office_m2;
  std::optional<double> reserved_office_m2;
  std::optional<double> shortfall_m2;
  std::vector<RuleOutcome> outcomes;
  std::optional<PlotParkingReview> parking;  // when the pack has a parking standard ([parking])
};

struct CommunityReview {
  std::size_t index = 0;
  std::string community_id;
  std::string name;
  double households_existing = 0.0;  // from buildings
  double households_planned = 0.0;   // from plots under review, split by overlap
  double office_m2 = 0.0;            // community offices among the facilities, those of known floor area
  int offices_without_area = 0;      // offices here whose floor area the data does not give: office_m2 leaves them out
  double planned_office_m2 = 0.0;    // reserved in plots under review, split by overlap
  int plots = 0;                     // plots whose largest overlap is here
  std::optional<double> required_office_m2;
  std::optional<double> shortfall_m2;  // empty when no requirement is known
  std::string rule_id;
  std::string citation;
  Mark mark = Mark::Verified;
  std::optional<double> funding_yuan;

  double households() const { return households_existing + households_planned; }
};

// A community office among the facilities, and the community it serves.
struct OfficeReview {
  std::size_t facility = 0;                // index into the facilities layer
  std::optional<std::size_t> community;    // index into the review's communities
  std::optional<double> floor_area_m2;     // empty when the data does not give it
};

struct ReviewOptions {
  int year = 2026;  // for the funding rule
  // Loops over at least this many items (buildings; plots × 40) are split between threads.
  std::size_t parallel_min_items = 20000;
};

struct Review {
  std::string pack_id;
  std::string pack_name;
  int year = 0;
  std::vector<PlotReview> plots;
  std::vector<CommunityReview> communities;
  std::vector<OfficeReview> offices;
  std::vector<Finding> findings;  // about the inputs as a whole
  std::vector<std::string> unverified;  // citations of unverified numbers the review used

  int count(Verdict v) const;
};

// Which plots an approval package covers:
// The plots of a review by id (all of them when `ids` is empty); throws geo::Error naming an
// unknown id and the known ones.
std::vector<std::size_t> plots_by_id(const Review& review, const std::vector<std::string>& ids);

// The plots whose community (largest overlap) has one of these codes or names, in review order;
// throws geo::Error naming a community no plot falls in.
std::vector<std::size_t> plots_in_communities(const Review& review, const std::vector<std::string>& communities);

// Whether the community an office serves has the office space it needs (its existing offices and
// the space reserved in plots under review against the rule's requirement): how the map colours
// community offices.
enum class OfficeStanding { Enough, Short, Unknown };
OfficeStanding office_standing(const Review& review, const OfficeReview& office);

// The parking verdict of plot i of a plots layer under the pack's [parking] (which it must have);
// `plot_evaluator` is a plot-scope evaluator of the same pack.
PlotParkingReview review_plot_parking(const LayerData& plots, std::size_t i, const RulePack& pack, RuleEvaluator& plot_evaluator);

// Needs the project's plots and communities; buildings and facilities when present.
Review review_plots(const Project& project, const RulePack& pack, const ReviewOptions& options = {},
                    Feedback* feedback = nullptr);

}  // namespace geo
