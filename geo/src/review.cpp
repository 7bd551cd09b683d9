#include "geo/review.h"

#include <algorithm>
#include <future>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/geos.h"
#include "geo/spatial_index.h"
#include "community_households.h"
#include "community_layout.h"
#include "plot_placement.h"
#include "plot_plausibility.h"

namespace geo {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Compliant: return "compliant";
    case Verdict::Short: return "short";
    case Verdict::NotApplicable: return "not_applicable";
    case Verdict::Unchecked: return "unchecked";
  }
  return "?";
}

const char* verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::Compliant: return "#1a9850";
    case Verdict::Short: return "#d73027";
    case Verdict::NotApplicable: return "#878787";
    case Verdict::Unchecked: return "#f0a30a";
  }
  return "#000000";
}

std::vector<std::size_t> plots_by_id(const Review& review, const std::vector<std::string>& ids) {
  std::vector<std::size_t> out;
  if (ids.empty()) {
    for (std::size_t i = 0; i < review.plots.size(); ++i) out.push_back(i);
    return out;
  }
  for (const auto& id : ids) {
    auto it = std::find_if(review.plots.begin(), review.plots.end(), [&](const auto& p) { return p.plot_id == id; });
    if (it == review.plots.end()) {
      std::string known;
      for (std::size_t i = 0; i < review.plots.size() && i < 10; ++i) known += (i ? ", " : "") + review.plots[i].plot_id;
      if (review.plots.size() > 10) known += ", …";
      throw Error("no plot with id '" + id + "' (plots: " + known + ")");
    }
    out.push_back(static_cast<std::size_t>(it - review.plots.begin()));
  }
  return out;
}

std::vector<std::size_t> plots_in_communities(const Review& review, const std::vector<std::string>& communities) {
  std::vector<std::size_t> out;
  for (const auto& wanted : communities) {
    std::size_t found = 0;
    for (std::size_t i = 0; i < review.plots.size(); ++i) {
      const auto& p = review.plots[i];
      if (!p.community) continue;
      const auto& c = review.communities[*p.community];
      if (c.community_id != wanted && c.name != wanted) continue;
      if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
      ++found;
    }
    if (found == 0) throw Error("no plot under review falls in community '" + wanted + "' (give its code or its name)");
  }
  std::sort(out.begin(), out.end());
  return out;
}

OfficeStanding office_standing(const Review& review, const OfficeReview& office) {
  if (!office.community || *office.community >= review.communities.size()) return OfficeStanding::Unknown;
  const CommunityReview& c = review.communities[*office.community];
  if (!c.shortfall_m2) return OfficeStanding::Unknown;
  if (*c.shortfall_m2 <= 0) return OfficeStanding::Enough;
  // Short by the offices of known size: an office of unknown size might make up the rest.
  return c.offices_without_area > 0 ? OfficeStanding::Unknown : OfficeStanding::Short;
}

int Review::count(Verdict v) const {
  return static_cast<int>(std::count_if(plots.begin(), plots.end(), [v](const PlotReview& p) { return p.verdict == v; }));
}

namespace {

// Shortfalls below a square centimetre are rounding, not a planning problem.
constexpr double kTolerance = 1e-4;

// Plot inputs a rule reads, directly or through derived values, and the attribute it compares.
std::set<std::string> inputs_of(const Rule& rule, const RulePack& pack) {
  std::vector<const Formula*> formulas{&rule.required};
  if (rule.when) formulas.push_back(&*rule.when);
  std::set<std::string> out = pack.inputs(formulas, rule.scope);
  out.insert(rule.provided);
  return out;
}

std::string format_m2(double v) { return fmt::format("{:.1f} ㎡", v); }

// Optional inputs that a plot leaves empty count as zero: no small flats declared is none.
bool zero_when_missing(const std::string& name) { return name == "small_units" || name == "medium_units"; }

}  // namespace

Review review_plots(const Project& project, const RulePack& pack, const ReviewOptions& options, Feedback* feedback) {
  const LayerData* plots = project.layer(Role::Plots);
  const LayerData* communities = project.layer(Role::Communities);
  LayerData no_plots;  // a city without submissions: its communities are reviewed as they are
  no_plots.role = Role::Plots;
  const bool without_plots = plots == nullptr;
  if (without_plots) plots = &no_plots;
  if (!communities)
    throw Error("the project has no communities layer ([layers.communities])", {.file = project.spec.file.string()});
  const LayerData* buildings = project.layer(Role::Buildings);
  const LayerData* facilities = project.layer(Role::Facilities);

  Review review;
  if (without_plots)
    review.findings.push_back({Severity::Note, "no_plots",
                               "the project has no plots layer ([layers.plots]): the communities are reviewed as they are, on their "
                               "buildings' households and their offices",
                               {}});
  review.pack_id = pack.id;
  review.pack_name = pack.name;
  review.year = options.year;
  GeosContext geos;

  // Whether the communities overlap or leave gaps is found meanwhile, on a thread of its own.
  std::future<std::vector<Finding>> layout_findings =
      std::async(std::launch::async, [communities] { return community_overlaps_and_gaps(*communities); });

  // Communities: an index of their extents; their shapes are made per thread where needed.
  std::vector<Extent> community_extents;
  for (std::size_t c = 0; c < communities->size(); ++c) {
    community_extents.push_back(extent_of(communities->geometries[c]));
    CommunityReview cr;
    cr.index = c;
    cr.community_id = communities->text(c, "community_id");
    if (cr.community_id.empty()) cr.community_id = std::to_string(communities->fids[c]);
    cr.name = communities->text(c, "name");
    review.communities.push_back(std::move(cr));
  }
  const ExtentIndex community_index(community_extents);
  auto community_of_point = [&](Point p) -> std::optional<std::size_t> {
    for (std::size_t c : community_index.query(p))
      if (polygon_contains(communities->geometries[c], p)) return c;
    return std::nullopt;
  };

  // Existing households, by the community holding each building's centroid.
  if (buildings) {
    const HouseholdsByCommunity existing =
        households_by_community(*communities, *buildings, options.parallel_min_items, feedback, 40.0);
    for (std::size_t c = 0; c < review.communities.size(); ++c) review.communities[c].households_existing = existing.households[c];
    if (existing.outside > 0)
      review.findings.push_back({Severity::Note, "buildings_outside",
                                 fmt::format("{:.0f} households live in buildings outside every community", existing.outside), {}});
  }

  const PlotPlacement placement = place_plots(*plots, *communities, community_index, options.parallel_min_items, feedback);

  try {
    for (auto& f : layout_findings.get()) review.findings.push_back(std::move(f));
  } catch (const Error& e) {
    review.findings.push_back({Severity::Warning, "communities_layout_unchecked",
                               "whether the communities overlap or leave gaps could not be checked: " + e.problem(), {}});
  }

  // Existing community office space.
  if (facilities) {
    int offices_without_area = 0;
    std::vector<std::int64_t> without_area_ids;
    for (std::size_t f = 0; f < facilities->size(); ++f) {
      if (facilities->text(f, "kind") != "community_office" || facilities->geometries[f].empty()) continue;
      const auto area = facilities->number(f, "floor_area_m2");
      const auto c = community_of_point(centroid(facilities->geometries[f]));
      review.offices.push_back({f, c, area});
      if (!area) {
        ++offices_without_area;
        without_area_ids.push_back(facilities->fids[f]);
        if (c) ++review.communities[*c].offices_without_area;
        continue;
      }
      if (c) review.communities[*c].office_m2 += *area;
    }
    if (offices_without_area > 0) {
      // An office of unknown size is not 0 m²: the space is counted without it, and its
      // community's shortfall is an upper bound, which the finding says.
      std::string names;
      int communities_affected = 0;
      for (const auto& cr : review.communities)
        if (cr.offices_without_area > 0 && ++communities_affected <= 5) names += (names.empty() ? "" : ", ") + cr.name;
      if (communities_affected > 5) names += ", ...";
      review.findings.push_back(
          {Severity::Warning, "office_without_area",
           fmt::format("{} community office(s) give no floor area: their communities' office space is counted without them, so "
                       "their shortfalls are upper bounds ({})",
                       offices_without_area, names.empty() ? "outside every community" : names),
           without_area_ids});
    }
  }

  // Plots: the community of largest overlap, then every rule of the pack.
  RuleEvaluator evaluator(pack, RuleScope::Plot);
  std::optional<RuleEvaluator> parking_evaluator;
  if (pack.parking) parking_evaluator.emplace(pack, RuleScope::Plot);
  std::map<const Rule*, std::set<std::string>> rule_inputs;
  for (const Rule* r : evaluator.rules()) rule_inputs[r] = inputs_of(*r, pack);
  std::set<std::string> unverified;

  for (std::size_t i = 0; i < plots->size(); ++i) {
    if (i % 512 == 0 && feedback) {
      feedback->throw_if_cancelled();
      feedback->set_progress(40.0 + 50.0 * static_cast<double>(i) / static_cast<double>(plots->size()), "plots");
    }
    PlotReview pr;
    pr.index = i;
    pr.plot_id = plots->text(i, "plot_id");
    if (pr.plot_id.empty()) pr.plot_id = std::to_string(plots->fids[i]);
    pr.households = plots->number(i, "households");
    pr.reserved_office_m2 = plots->number(i, "reserved_office_m2");
    const Geometry& shape = plots->geometries[i];
    if (parking_evaluator) pr.parking = review_plot_parking(*plots, i, pack, *parking_evaluator);
    auto finish = [&](Verdict v, std::string reason) {
      pr.verdict = v;
      pr.reason = std::move(reason);
      review.plots.push_back(std::move(pr));
    };

    if (shape.empty() && plots->invalid_reasons[i]) {
      finish(Verdict::Unchecked, "unusable geometry: " + *plots->invalid_reasons[i] + "; correct the plot's outline");
      continue;
    }
    if (shape.empty()) {
      finish(Verdict::Unchecked, "no geometry (none in the source, or one GDAL could not read, such as a WKT cut short): the plot cannot be placed in a community");
      continue;
    }
    if (plots->invalid_reasons[i]) {
      finish(Verdict::Unchecked, "invalid geometry: " + *plots->invalid_reasons[i] + "; correct the plot's outline");
      continue;
    }
    if (!placement.faults[i].empty()) {
      finish(Verdict::Unchecked, "its overlap with the communities could not be computed (" + placement.faults[i] + "); correct the plot's outline");
      continue;
    }

    const double plot_area = area(shape);
    pr.shares = std::move(placement.shares[i]);
    std::sort(pr.shares.begin(), pr.shares.end(), [&](const CommunityShare& a, const CommunityShare& b) {
      if (a.share != b.share) return a.share > b.share;
      return review.communities[a.community].community_id < review.communities[b.community].community_id;
    });
    if (!pr.shares.empty()) pr.community = pr.shares.front().community;
    std::string place_note;
    if (pr.shares.empty()) place_note = "outside every community; ";
    else if (placement.outside[i] >= 0.01)
      place_note = fmt::format("{:.0f} % of it outside every community (counted in none); ", 100.0 * placement.outside[i]);

    // Inputs: missing or absurd values stop the check with a reason naming the field.
    std::set<std::string> needed;
    for (const Rule* r : evaluator.rules())
      if (!r->optional) needed.insert(rule_inputs[r].begin(), rule_inputs[r].end());
    std::string problem;
    std::map<std::string, std::optional<double>> values;
    for (const auto& name : plot_variables()) {
      if (name == "area_m2") {
        values[name] = plot_area;
        continue;
      }
      values[name] = plots->number(i, name);
      if (!values[name] && zero_when_missing(name) && plots->text(i, name).empty() && !plots->value_problem(i, name))
        values[name] = 0.0;
    }
    // A value that is there but is no number makes the plot unchecked whether or not a rule
    // reads it: the row's data cannot be trusted.
    for (const auto& name : plot_variables()) {
      if (name == "area_m2" || values.at(name) || (!needed.count(name) && !plots->has(name))) continue;
      if (auto why = plots->value_problem(i, name)) {
        problem = fmt::format("{} is {}", plots->label(name), *why);
        break;
      }
      // Text in a number field ("约300") is not a missing value: say what is there.
      if (const std::string raw = plots->text(i, name); !raw.empty()) {
        problem = fmt::format("{} is not a number: '{}'", plots->label(name), raw);
        break;
      }
    }
    for (const auto& name : needed) {
      if (!problem.empty()) break;
      if (!values.at(name)) problem = "missing " + plots->label(name);
    }
    if (problem.empty()) problem = plausibility::implausible_plot(values, [&](const std::string& name) { return plots->label(name); });
    if (problem.empty() && values["small_units"].value_or(0) + values["medium_units"].value_or(0) > values["households"].value_or(0) &&
        (needed.count("small_units") || needed.count("medium_units")))
      problem = "absurd: more small and medium flats than households";
    if (!problem.empty()) {
      finish(Verdict::Unchecked, place_note + problem);
      continue;
    }

    for (const auto& [name, v] : values) evaluator.set(name, v.value_or(0.0));
    const RuleOutcome* binding = nullptr;  // the largest requirement on the office space
    const RuleOutcome* failing = nullptr;  // the largest shortfall
    try {
      evaluator.update_derived();
      for (const Rule* r : evaluator.rules()) {
        RuleOutcome o;
        o.rule = r;
        o.applies = evaluator.applies(*r);
        const auto& provided = values.at(r->provided);
        o.assessed = o.applies && provided.has_value();
        if (o.assessed) {
          o.required = evaluator.required(*r);
          o.provided = *provided;
          o.shortfall = std::max(0.0, o.required - o.provided);
        }
        pr.outcomes.push_back(o);
      }
    } catch (const Error& e) {
      // One plot's figures that a rule cannot evaluate leave that plot unchecked; the run goes on.
      pr.outcomes.clear();
      finish(Verdict::Unchecked, place_note + e.problem());
      continue;
    }
    for (const auto& o : pr.outcomes)
      if (o.assessed && pack.effective_mark(*o.rule) != Mark::Verified) unverified.insert(o.rule->id);
    for (const auto& o : pr.outcomes) {
      if (!o.assessed) continue;
      if (o.rule->provided == "reserved_office_m2" && (!binding || o.required > binding->required)) binding = &o;
      if (o.shortfall > kTolerance && (!failing || o.shortfall > failing->shortfall)) failing = &o;
    }
    if (binding) pr.required_office_m2 = binding->required;
    const RuleOutcome* cited = failing ? failing : binding;
    if (!cited) {
      std::string conditions;
      for (const auto& o : pr.outcomes)
        if (!o.applies && o.rule->when) conditions += (conditions.empty() ? "" : ", ") + o.rule->when->text;
      finish(Verdict::NotApplicable,
             place_note + "no rule of " + pack.id + " applies" + (conditions.empty() ? "" : " (needs " + conditions + ")") +
                 fmt::format("; households = {:.0f}", values["households"].value_or(0)));
      continue;
    }
    pr.rule_id = cited->rule->id;
    pr.mark = pack.effective_mark(*cited->rule);
    pr.citation = pack.citation(cited->rule->document, cited->rule->article, pr.mark);
    pr.shortfall_m2 = failing ? failing->shortfall : 0.0;
    if (failing) {
      finish(Verdict::Short, place_note + fmt::format("{} {} < {} required: short by {}", plots->label(failing->rule->provided),
                                                      format_m2(failing->provided), format_m2(failing->required),
                                                      format_m2(failing->shortfall)));
    } else {
      finish(Verdict::Compliant, place_note + fmt::format("{} {} ≥ {} required", plots->label(binding->rule->provided),
                                                          format_m2(binding->provided), format_m2(binding->required)));
    }
  }

  // Communities: existing plus planned households and space, against the community rules.
  // Unchecked plots carry data that failed the checks: they are not added to any community.
  int left_out = 0;
  for (const auto& pr : review.plots) {
    if (pr.community) ++review.communities[*pr.community].plots;
    if (pr.verdict == Verdict::Unchecked) {
      ++left_out;
      continue;
    }
    for (const auto& s : pr.shares) {
      review.communities[s.community].households_planned += pr.households.value_or(0) * s.share;
      review.communities[s.community].planned_office_m2 += pr.reserved_office_m2.value_or(0) * s.share;
    }
  }
  if (left_out > 0)
    review.findings.push_back({Severity::Warning, "unchecked_left_out",
                               fmt::format("{} unchecked plots are left out of the community figures until they are corrected", left_out),
                               {}});
  RuleEvaluator community_evaluator(pack, RuleScope::Community);
  std::vector<std::int64_t> community_failures;
  std::string first_community_failure;
  for (auto& cr : review.communities) {
    community_evaluator.set("households", cr.households());
    community_evaluator.set("office_m2", cr.office_m2);
    community_evaluator.set("planned_office_m2", cr.planned_office_m2);
    community_evaluator.set("area_m2", communities->invalid_reasons[cr.index]
                                           ? geos.area(community_shape(geos, *communities, cr.index).get())
                                           : area(communities->geometries[cr.index]));
    community_evaluator.set("year", options.year);
    // The review does not count parking: a line that reads it has no figure here, never one of 0 spaces.
    community_evaluator.set("parking_spaces", std::numeric_limits<double>::quiet_NaN());
    try {
      community_evaluator.update_derived();
      const Rule* binding = nullptr;
      double required = 0;
      for (const Rule* r : community_evaluator.rules()) {
        if (!community_evaluator.applies(*r)) continue;
        const double req = community_evaluator.required(*r);
        if (!binding || req > required) {
          binding = r;
          required = req;
        }
        if (pack.effective_mark(*r) != Mark::Verified) unverified.insert(r->id);
      }
      if (binding) {
        cr.required_office_m2 = required;
        cr.shortfall_m2 = std::max(0.0, required - cr.office_m2 - cr.planned_office_m2);
        cr.rule_id = binding->id;
        cr.mark = pack.effective_mark(*binding);
        cr.citation = pack.citation(binding->document, binding->article, cr.mark);
      }
      if (pack.has_funding()) cr.funding_yuan = community_evaluator.funding();
    } catch (const Error& e) {
      // Its requirement and funding stay unknown (empty), never a made-up figure.
      cr.required_office_m2.reset();
      cr.shortfall_m2.reset();
      cr.rule_id.clear();
      cr.funding_yuan.reset();
      if (community_failures.empty()) first_community_failure = cr.name + ": " + e.problem();
      community_failures.push_back(communities->fids[cr.index]);
    }
  }
  if (!community_failures.empty())
    review.findings.push_back({Severity::Warning, "community_rules_failed",
                               fmt::format("the community rules could not be evaluated for {} community(ies), whose requirement and "
                                           "funding are left empty; first: {}",
                                           community_failures.size(), first_community_failure),
                               community_failures});
  for (const auto& line : pack.finance)
    if (line.kind == BudgetLine::Government && pack.effective_mark(line.document, line.mark, {&line.formula}) != Mark::Verified)
      unverified.insert("funding");
  if (pack.parking && pack.effective_mark(pack.parking->document, pack.parking->mark, {&pack.parking->required}) != Mark::Verified)
    unverified.insert("parking");
  for (const auto& id : unverified) review.unverified.push_back(id);
  if (feedback) feedback->set_progress(100.0, "done");
  return review;
}

}  // namespace geo
