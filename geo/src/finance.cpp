#include "geo/finance.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/review.h"

namespace geo {

std::optional<double> Finance::total(BudgetLine kind) const {
  double sum = 0;
  for (const auto& c : communities) {
    const auto& v = c.by_kind.at(kind);
    if (!v) return std::nullopt;
    sum += *v;
  }
  return sum;
}

namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// What a community's budget lines read.
struct BudgetInputs {
  double households = 0;
  double office_m2 = 0;
  double planned_office_m2 = 0;
  double area_m2 = 0;
  double parking_spaces = kUnknown;  // NaN: unknown, and a line that reads it has no figure
  int year = 0;
};

std::vector<std::optional<double>> evaluate_lines(RuleEvaluator& evaluator, const RulePack& pack, const BudgetInputs& in) {
  evaluator.set("households", in.households);
  evaluator.set("office_m2", in.office_m2);
  evaluator.set("planned_office_m2", in.planned_office_m2);
  evaluator.set("area_m2", in.area_m2);
  evaluator.set("parking_spaces", in.parking_spaces);
  evaluator.set("year", in.year);
  std::vector<std::optional<double>> out(pack.finance.size());
  try {
    evaluator.update_derived();
  } catch (const Error&) {
    return out;
  }
  for (std::size_t i = 0; i < pack.finance.size(); ++i) {
    try {
      out[i] = evaluator.finance_line(pack.finance[i]);
    } catch (const Error&) {
      // A line that cannot be evaluated here stays unknown.
    }
  }
  return out;
}

// Sums lines into the budget's columns: a column with an unknown line is unknown; a column the
// pack has no line for is 0 (the pack models no such income).
std::map<BudgetLine, std::optional<double>> by_kind(const RulePack& pack, const std::vector<std::optional<double>>& lines) {
  std::map<BudgetLine, std::optional<double>> out;
  for (BudgetLine k : kBudgetLines) out[k] = 0.0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto& column = out[pack.finance[i].kind];
    if (!lines[i] || !column) column.reset();
    else *column += *lines[i];
  }
  return out;
}

std::optional<double> sum_of(const std::map<BudgetLine, std::optional<double>>& columns) {
  double total = 0;
  for (const auto& [k, v] : columns) {
    if (!v) return std::nullopt;
    total += *v;
  }
  return total;
}

}  // namespace

Finance compute_finance(const Project& project, const RulePack& pack, const FinanceOptions& options, Feedback* feedback) {
  if (pack.finance.empty())
    throw Error("the rule pack '" + pack.id + "' has no budget lines ([finance.*]); hangzhou and changsha have, or add your own",
                {.file = pack.file.string()});
  const LayerData* communities = project.layer(Role::Communities);
  if (!communities) throw Error("the finance needs a communities layer ([layers.communities])", {.file = project.spec.file.string()});
  if (!project.layer(Role::Buildings))
    throw Error("the finance needs a buildings layer ([layers.buildings]) for the households", {.file = project.spec.file.string()});

  Finance out;
  out.pack_id = pack.id;
  out.pack_name = pack.name;
  out.year = options.year;
  for (const auto& line : pack.finance) {
    out.lines.push_back(&line);
    const Mark mark = pack.effective_mark(line.document, line.mark, {&line.formula});
    out.line_citations.push_back(pack.citation(line.document, line.article, mark));
    if (mark != Mark::Verified) out.unverified.push_back(line.id);
  }

  const Review review = [&] {
    const Feedback::Stage stage(feedback, 0, 60);
    return review_plots(project, pack, {.year = options.year, .parallel_min_items = options.parallel_min_items}, feedback);
  }();
  for (const auto& f : review.findings) out.findings.push_back(f);
  std::optional<ParkingSupply> parking;
  if (project.layer(Role::Parking)) {
    const Feedback::Stage stage(feedback, 60, 90);
    parking = compute_parking(project, pack, nullptr, {.per_building = false, .parallel_min_items = options.parallel_min_items}, feedback);
    for (const auto& f : parking->findings)
      if (f.code != "buildings_outside") out.findings.push_back(f);
    out.parking_counted = true;
  } else {
    out.findings.push_back({Severity::Note, "no_parking_layer",
                            "the project has no parking layer: the communities' parking spaces, and income that depends on them, are "
                            "unknown (left empty)",
                            {}});
  }

  RuleEvaluator evaluator(pack, RuleScope::Community);
  std::vector<BudgetInputs> inputs;
  for (const auto& cr : review.communities) {
    BudgetInputs in;
    in.households = cr.households_existing;
    in.office_m2 = cr.office_m2;
    in.area_m2 = area(communities->geometries[cr.index]);
    in.year = options.year;
    if (parking) in.parking_spaces = parking->communities[cr.index].spaces;
    inputs.push_back(in);

    CommunityBudget b;
    b.index = cr.index;
    b.community_id = cr.community_id;
    b.name = cr.name;
    b.households = in.households;
    if (parking) b.parking_spaces = in.parking_spaces;
    b.office_m2 = cr.office_m2;
    const auto lines = evaluate_lines(evaluator, pack, in);
    for (std::size_t i = 0; i < lines.size(); ++i) b.lines.push_back({&pack.finance[i], lines[i]});
    b.by_kind = by_kind(pack, lines);
    b.total_yuan = sum_of(b.by_kind);
    if (b.total_yuan && b.households > 0) b.yuan_per_household = *b.total_yuan / b.households;
    out.communities.push_back(std::move(b));
  }
  int unknown = 0;
  for (const auto& b : out.communities)
    if (!b.total_yuan) ++unknown;
  if (unknown > 0)
    out.findings.push_back({Severity::Warning, "budget_unknown",
                            fmt::format("{} community(ies) have a budget line that cannot be computed (it reads what the project does not "
                                        "give): their totals are left empty",
                                        unknown),
                            {}});

  // What each plot adds: its households and its parking, split by its shares of the communities.
  const LayerData* plots = project.layer(Role::Plots);
  for (const auto& pr : review.plots) {
    PlotBudget pb;
    pb.index = pr.index;
    pb.plot_id = pr.plot_id;
    pb.community = pr.community;
    pb.households = pr.households;
    if (plots) pb.parking_spaces = plots->number(pr.index, "parking_spaces");
    for (BudgetLine k : kBudgetLines) pb.added_by_kind[k] = 0.0;
    if (pr.verdict == Verdict::Unchecked) {
      pb.reason = "unchecked: " + pr.reason;
      for (auto& [k, v] : pb.added_by_kind) v.reset();
    } else if (pr.shares.empty()) {
      pb.reason = "outside every community";
    } else {
      for (const auto& share : pr.shares) {
        const BudgetInputs base = inputs[share.community];
        BudgetInputs with = base;
        with.households += pr.households.value_or(0.0) * share.share;
        with.parking_spaces += pb.parking_spaces ? *pb.parking_spaces * share.share : kUnknown;
        const auto before = by_kind(pack, evaluate_lines(evaluator, pack, base));
        const auto after = by_kind(pack, evaluate_lines(evaluator, pack, with));
        for (BudgetLine k : kBudgetLines) {
          auto& added = pb.added_by_kind[k];
          if (!added || !before.at(k) || !after.at(k)) added.reset();
          else *added += *after.at(k) - *before.at(k);
        }
      }
      if (!pb.parking_spaces) pb.reason = "gives no parking spaces (parking_spaces): what its parking adds is unknown";
    }
    pb.added_yuan = sum_of(pb.added_by_kind);
    out.plots.push_back(std::move(pb));
  }
  if (feedback) feedback->set_progress(100, "done");
  return out;
}

}  // namespace geo
