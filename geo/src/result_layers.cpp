#include "geo/result_layers.h"

#include <cmath>

#include <fmt/format.h>

#include "geo/coverage_export.h"
#include "geo/crs.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/error.h"
#include "geo/proj.h"

namespace geo {

namespace {

// Rows appended feature by feature onto named columns, kept in the order given.
class LayerBuilder {
 public:
  LayerBuilder(Role role, std::vector<std::string> columns) {
    layer_.role = role;
    layer_.column_order = std::move(columns);
    // The columns found once, not by name for every value (a city's 287,650 uncovered buildings
    // are 2 million values).
    for (const auto& c : layer_.column_order) columns_.push_back(&layer_.columns[c]);
  }
  LayerBuilder(const LayerBuilder&) = delete;  // columns_ points into layer_
  LayerBuilder& operator=(const LayerBuilder&) = delete;
  void add(std::int64_t fid, Geometry geometry, std::vector<Value> values) {
    if (values.size() != columns_.size()) throw Error("internal: row and columns differ in length");
    layer_.fids.push_back(fid);
    layer_.geometries.push_back(std::move(geometry));
    layer_.invalid_reasons.emplace_back();
    for (std::size_t c = 0; c < values.size(); ++c) columns_[c]->push_back(std::move(values[c]));
  }
  LayerData take() {
    columns_.clear();
    return std::move(layer_);
  }

 private:
  LayerData layer_;
  std::vector<std::vector<Value>*> columns_;
};

// Figures rounded to what they mean (households to tenths, areas to centimetres²...), null when unknown.
Value rounded(const std::optional<double>& v, int decimals) {
  if (!v || !std::isfinite(*v)) return {};
  const double scale = std::pow(10.0, decimals);
  return std::round(*v * scale) / scale;
}

Value text_or_null(const std::string& s) { return s.empty() ? Value{} : Value{s}; }

std::string shares_text(const Review& review, const PlotReview& p) {
  std::string out;
  for (const auto& s : p.shares)
    out += fmt::format("{}{}:{:.3f}", out.empty() ? "" : ";", review.communities[s.community].community_id, s.share);
  return out;
}

std::string id_or_fid(const LayerData& layer, std::size_t i, const std::string& field) {
  const std::string id = layer.text(i, field);
  return id.empty() ? std::to_string(layer.fids[i]) : id;
}

double share(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

const LayerData& required_layer(const Project& project, Role role, const char* result) {
  const LayerData* layer = project.layer(role);
  if (!layer) throw Error(std::string(result) + " needs the project's " + to_string(role) + " layer", {.file = project.spec.file.string()});
  return *layer;
}

}  // namespace

LayerData review_plots_layer(const Project& project, const Review& review) {
  // source_fid keys each row to its feature in the source, also where plot ids repeat.
  LayerBuilder b(Role::Plots, {"plot_id", "source_fid", "community_id", "community_name", "community_shares", "households", "required_office_m2",
                               "reserved_office_m2", "shortfall_m2", "verdict", "reason", "rule_id", "citation", "mark",
                               "parking_required", "parking_provided", "parking_shortfall", "parking_verdict", "parking_reason"});
  if (!project.layer(Role::Plots)) return b.take();  // a city reviewed without submissions: no plot rows
  const LayerData& plots = *project.layer(Role::Plots);
  for (const auto& p : review.plots) {
    const CommunityReview* c = p.community ? &review.communities[*p.community] : nullptr;
    b.add(plots.fids[p.index], plots.geometries[p.index],
          {p.plot_id, Value{plots.fids[p.index]}, c ? Value{c->community_id} : Value{}, c ? Value{c->name} : Value{}, text_or_null(shares_text(review, p)),
           rounded(p.households, 0), rounded(p.required_office_m2, 2), rounded(p.reserved_office_m2, 2), rounded(p.shortfall_m2, 2),
           std::string(to_string(p.verdict)), text_or_null(p.reason), text_or_null(p.rule_id), text_or_null(p.citation),
           p.rule_id.empty() ? Value{} : Value{std::string(to_string(p.mark))},
           p.parking ? rounded(p.parking->required_spaces, 0) : Value{}, p.parking ? rounded(p.parking->provided_spaces, 0) : Value{},
           p.parking ? rounded(p.parking->shortfall_spaces, 0) : Value{},
           p.parking ? Value{std::string(to_string(p.parking->verdict))} : Value{}, p.parking ? text_or_null(p.parking->reason) : Value{}});
  }
  // The plot's own fields follow, so that the reviewed plots can stand in for the plots layer.
  LayerData out = b.take();
  for (const auto& c : plots.column_names()) {
    if (out.has(c)) continue;
    auto& column = out.columns[c];
    for (const auto& p : review.plots) column.push_back(plots.columns.at(c)[p.index]);
    out.column_order.push_back(c);
  }
  return out;
}

LayerData review_communities_layer(const Project& project, const Review& review) {
  const LayerData& communities = required_layer(project, Role::Communities, "review_communities");
  LayerBuilder b(Role::Communities, {"community_id", "name", "households", "households_existing", "households_planned", "office_m2",
                                     "planned_office_m2", "required_office_m2", "shortfall_m2", "funding_yuan", "plots", "rule_id",
                                     "citation", "mark", "offices_without_area"});
  for (const auto& c : review.communities) {
    b.add(communities.fids[c.index], communities.geometries[c.index],
          {c.community_id, c.name, rounded(c.households(), 1), rounded(c.households_existing, 1), rounded(c.households_planned, 1),
           rounded(c.office_m2, 2), rounded(c.planned_office_m2, 2), rounded(c.required_office_m2, 2), rounded(c.shortfall_m2, 2),
           rounded(c.funding_yuan, 0), std::int64_t{c.plots}, text_or_null(c.rule_id), text_or_null(c.citation),
           c.rule_id.empty() ? Value{} : Value{std::string(to_string(c.mark))}, std::int64_t{c.offices_without_area}});
  }
  return b.take();
}

namespace {

LayerData buildings_layer(const Project& project, const Coverage& cov, bool uncovered_only, std::vector<std::size_t>* building_rows) {
  const LayerData& buildings = required_layer(project, Role::Buildings, "coverage_buildings");
  const LayerData* communities = project.layer(Role::Communities);
  LayerBuilder b(Role::Buildings, {"building_id", "households", "community_id", "euclid_m", "walk_m", "covered", "network_part"});
  for (const auto& bc : cov.buildings) {
    const bool covered = cov.covered(bc);
    if (uncovered_only && covered) continue;
    b.add(buildings.fids[bc.index], building_rows ? Geometry{} : buildings.geometries[bc.index],
          {id_or_fid(buildings, bc.index, "building_id"), rounded(bc.households, 1),
           bc.community && communities ? Value{id_or_fid(*communities, *bc.community, "community_id")} : Value{},
           rounded(bc.euclid_m, 2), rounded(bc.walk_m, 2),
           std::int64_t{covered ? 1 : 0},
           bc.network_part ? Value{static_cast<std::int64_t>(*bc.network_part + 1)} : Value{}});
    if (building_rows) building_rows->push_back(bc.index);
  }
  return b.take();
}

}  // namespace

LayerData coverage_buildings_layer(const Project& project, const Coverage& cov, bool uncovered_only) {
  return buildings_layer(project, cov, uncovered_only, nullptr);
}

LayerData coverage_buildings_layer(const Project& project, const Coverage& cov, bool uncovered_only, std::vector<std::size_t>& building_rows) {
  building_rows.clear();
  return buildings_layer(project, cov, uncovered_only, &building_rows);
}

LayerData coverage_communities_layer(const Project& project, const Coverage& cov) {
  const LayerData& communities = required_layer(project, Role::Communities, "coverage_communities");
  LayerBuilder b(Role::Communities, {"community_id", "name", "households", "households_covered", "covered_share",
                                     "households_covered_euclid", "covered_share_euclid", "kind", "distance_m", "metric"});
  for (const auto& c : cov.communities) {
    const double covered = cov.walking ? c.covered_walk : c.covered_euclid;
    b.add(communities.fids[c.index], communities.geometries[c.index],
          {id_or_fid(communities, c.index, "community_id"), communities.text(c.index, "name"), rounded(c.households, 1),
           rounded(covered, 1), rounded(share(covered, c.households), 4), rounded(c.covered_euclid, 1),
           rounded(share(c.covered_euclid, c.households), 4), cov.kind, cov.distance_m,
           std::string(cov.walking ? "walking" : "straight_line")});
  }
  return b.take();
}

LayerData service_areas_layer(const Project& project, const Coverage& cov) {
  const Role role = cov.kind == "parking" ? Role::Parking : Role::Facilities;
  const LayerData& facilities = required_layer(project, role, "service_areas");
  LayerBuilder b(role, {"facility_id", "kind", "name", "metric", "distance_m"});
  for (std::size_t i = 0; i < cov.service_areas.size() && i < cov.facilities.size(); ++i) {
    const std::size_t fi = cov.facilities[i];
    b.add(facilities.fids[fi], cov.service_areas[i],
          {id_or_fid(facilities, fi, role == Role::Parking ? "parking_id" : "facility_id"), cov.kind,
           text_or_null(facilities.text(fi, "name")), std::string(cov.walking ? "walking" : "straight_line"), cov.distance_m});
  }
  return b.take();
}

LayerData network_parts_layer(const Project& project, const Coverage& cov) {
  LayerBuilder b(Role::Roads, {"network_part", "segments", "length_m", "roads", "buildings", "households", "facilities", "lon", "lat"});
  ProjContext proj;
  const Transformer to_lonlat(proj, epsg_definition(project.working_epsg), epsg_definition(kCgcs2000Geographic));
  for (std::size_t p = 1; p < cov.network.parts.size(); ++p) {
    const NetworkPartReport& part = cov.network.parts[p];
    std::string roads;
    for (const auto& name : part.road_names) roads += (roads.empty() ? "" : ", ") + name;
    const Point at = to_lonlat.forward(part.extent.center());
    b.add(static_cast<std::int64_t>(p + 1), part.lines,
          {static_cast<std::int64_t>(p + 1), static_cast<std::int64_t>(part.edges), rounded(part.length_m, 1), text_or_null(roads),
           static_cast<std::int64_t>(part.buildings), rounded(part.households, 1), static_cast<std::int64_t>(part.facilities),
           rounded(at.x, 6), rounded(at.y, 6)});
  }
  return b.take();
}

LayerData scorecard_layer(const Project& project, const std::vector<Coverage>& coverages, const ParkingSupply* parking,
                          const Finance* finance) {
  const LayerData& communities = required_layer(project, Role::Communities, "scorecard");
  if (coverages.empty()) throw Error("a scorecard needs the coverage of at least one kind");
  std::vector<std::string> columns = {"community_id", "name", "households"};
  for (const auto& cov : coverages) columns.push_back(cov.kind + "_share");
  columns.insert(columns.end(), {"lacks", "lacking_kinds"});
  if (parking) columns.insert(columns.end(), {"spaces_per_household", "parking_shortfall"});
  if (finance) columns.insert(columns.end(), {"budget_yuan", "yuan_per_household"});
  LayerBuilder b(Role::Communities, columns);
  for (std::size_t c = 0; c < communities.size(); ++c) {
    // Built by push_back: GCC 12 warns falsely (maybe-uninitialized) on an initializer list of variants here.
    std::vector<Value> row;
    row.reserve(columns.size());
    row.emplace_back(id_or_fid(communities, c, "community_id"));
    row.emplace_back(communities.text(c, "name"));
    row.push_back(rounded(coverages.front().communities[c].households, 1));
    std::string lacks;
    std::int64_t lacking = 0;
    for (const auto& cov : coverages) {
      const auto& cc = cov.communities[c];
      const double s = share(cov.walking ? cc.covered_walk : cc.covered_euclid, cc.households);
      row.push_back(rounded(s, 4));
      if (cc.households > 0 && s < kLackingShare) {
        lacks += (lacks.empty() ? "" : ",") + cov.kind;
        ++lacking;
      }
    }
    row.push_back(text_or_null(lacks));
    row.push_back(lacking);
    if (parking) {
      row.push_back(rounded(parking->communities.at(c).spaces_per_household(), 3));
      row.push_back(rounded(parking->communities.at(c).shortfall_spaces, 1));
    }
    if (finance) {
      row.push_back(rounded(finance->communities.at(c).total_yuan, 0));
      row.push_back(rounded(finance->communities.at(c).yuan_per_household, 2));
    }
    b.add(communities.fids[c], communities.geometries[c], std::move(row));
  }
  return b.take();
}

LayerData sites_layer(const SitingResult& result) {
  LayerBuilder b(Role::Candidates, {"candidate_id", "rank", "gain_households", "kind", "objective", "distance_m"});
  for (const auto& s : result.sites)
    b.add(s.rank, Geometry::point(s.at),
          {s.candidate_id, std::int64_t{s.rank}, rounded(s.gain_households, 1), result.kind, std::string(to_string(result.objective)),
           result.distance_m});
  return b.take();
}

LayerData parking_communities_layer(const Project& project, const ParkingSupply& parking) {
  const LayerData& communities = required_layer(project, Role::Communities, "parking_communities");
  LayerBuilder b(Role::Communities, {"community_id", "name", "households", "spaces", "spaces_per_household", "required_spaces",
                                     "shortfall_spaces", "estimated_spaces", "car_ownership", "cars_expected", "district_code",
                                     "households_planned", "spaces_planned", "required_with_plots", "shortfall_with_plots", "citation", "mark"});
  for (const auto& c : parking.communities) {
    b.add(communities.fids[c.index], communities.geometries[c.index],
          {c.community_id, text_or_null(c.name), rounded(c.households, 1), rounded(c.spaces, 1), rounded(c.spaces_per_household(), 3),
           rounded(c.required_spaces, 1), rounded(c.shortfall_spaces, 1), rounded(c.estimated_spaces, 1), rounded(c.car_ownership, 4),
           rounded(c.cars_expected, 1), text_or_null(c.district_code), rounded(c.households_planned, 1), rounded(c.spaces_planned, 1),
           rounded(c.required_with_plots, 1), rounded(c.shortfall_with_plots, 1),
           text_or_null(c.required_spaces ? parking.standard_citation : ""),
           c.required_spaces ? Value{std::string(to_string(parking.standard_mark))} : Value{}});
  }
  return b.take();
}

LayerData parking_buildings_layer(const Project& project, const ParkingSupply& parking) {
  const LayerData& buildings = required_layer(project, Role::Buildings, "parking_buildings");
  const LayerData* communities = project.layer(Role::Communities);
  LayerBuilder b(Role::Buildings, {"building_id", "households", "spaces_within_reach", "spaces_per_household", "community_id"});
  for (const auto& bp : parking.buildings) {
    b.add(buildings.fids[bp.index], buildings.geometries[bp.index],
          {id_or_fid(buildings, bp.index, "building_id"), rounded(bp.households, 1), rounded(bp.spaces_within_reach, 1),
           rounded(bp.households > 0 ? std::optional<double>(bp.spaces_within_reach / bp.households) : std::nullopt, 3),
           communities && bp.community ? Value{id_or_fid(*communities, *bp.community, "community_id")} : Value{}});
  }
  return b.take();
}

LayerData finance_communities_layer(const Project& project, const Finance& finance) {
  const LayerData& communities = required_layer(project, Role::Communities, "finance");
  LayerBuilder b(Role::Communities, {"community_id", "name", "households", "parking_spaces", "office_m2", "government_yuan",
                                     "sanitation_yuan", "parking_yuan", "other_yuan", "total_yuan", "yuan_per_household", "year"});
  for (const auto& c : finance.communities) {
    b.add(communities.fids[c.index], communities.geometries[c.index],
          {c.community_id, text_or_null(c.name), rounded(c.households, 1), rounded(c.parking_spaces, 1), rounded(c.office_m2, 2),
           rounded(c.by_kind.at(BudgetLine::Government), 0), rounded(c.by_kind.at(BudgetLine::Sanitation), 0),
           rounded(c.by_kind.at(BudgetLine::Parking), 0), rounded(c.by_kind.at(BudgetLine::Other), 0), rounded(c.total_yuan, 0),
           rounded(c.yuan_per_household, 2), std::int64_t{finance.year}});
  }
  return b.take();
}

LayerData finance_plots_layer(const Project& project, const Finance& finance) {
  const LayerData& plots = required_layer(project, Role::Plots, "finance_plots");
  const LayerData* communities = project.layer(Role::Communities);
  LayerBuilder b(Role::Plots, {"plot_id", "community_id", "households", "parking_spaces", "added_government_yuan", "added_sanitation_yuan",
                               "added_parking_yuan", "added_other_yuan", "added_yuan", "reason"});
  for (const auto& p : finance.plots) {
    b.add(plots.fids[p.index], plots.geometries[p.index],
          {p.plot_id, communities && p.community ? Value{id_or_fid(*communities, *p.community, "community_id")} : Value{},
           rounded(p.households, 0), rounded(p.parking_spaces, 0), rounded(p.added_by_kind.at(BudgetLine::Government), 0),
           rounded(p.added_by_kind.at(BudgetLine::Sanitation), 0), rounded(p.added_by_kind.at(BudgetLine::Parking), 0),
           rounded(p.added_by_kind.at(BudgetLine::Other), 0), rounded(p.added_yuan, 0), text_or_null(p.reason)});
  }
  return b.take();
}

}  // namespace geo
