#include "geo/parking.h"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "geo/coverage.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/network.h"
#include "geo/numbers.h"
#include "geo/review.h"
#include "geo/spatial_index.h"
#include "community_households.h"
#include "reach.h"

namespace geo {

double ParkingSupply::spaces() const {
  double total = 0;
  for (const auto& c : communities) total += c.spaces;
  return total;
}

double ParkingSupply::households() const {
  double total = 0;
  for (const auto& c : communities) total += c.households;
  return total;
}

double ParkingSupply::required_spaces() const {
  double total = 0;
  for (const auto& c : communities) total += c.required_spaces.value_or(0.0);
  return total;
}

double ParkingSupply::shortfall_spaces() const {
  double total = 0;
  for (const auto& c : communities) total += c.shortfall_spaces.value_or(0.0);
  return total;
}

namespace {

// "3 zones (first: feature 12: ...)": a finding's message names the first few.
std::string first_named(const std::vector<std::string>& what) {
  std::string out;
  for (std::size_t i = 0; i < what.size() && i < 3; ++i) out += (i ? "; " : "") + what[i];
  if (what.size() > 3) out += fmt::format("; and {} more", what.size() - 3);
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<ZoneSpaces> zone_spaces(const LayerData& parking, double m2_per_space, std::vector<Finding>& findings) {
  std::vector<ZoneSpaces> zones;
  std::vector<std::string> not_numbers, negative, unknown, estimated;
  std::vector<std::int64_t> not_number_ids, negative_ids, unknown_ids, estimated_ids;
  const bool has_spaces = parking.has("spaces");
  for (std::size_t z = 0; z < parking.size(); ++z) {
    ZoneSpaces zs;
    zs.index = z;
    const std::int64_t fid = parking.fids[z];
    if (parking.geometries[z].empty()) {
      unknown.push_back(fmt::format("feature {}: no geometry", fid));
      unknown_ids.push_back(fid);
      zones.push_back(zs);
      continue;
    }
    const auto spaces = has_spaces ? parking.number(z, "spaces") : std::nullopt;
    const std::string raw = has_spaces ? parking.text(z, "spaces") : "";
    if (spaces) {
      if (*spaces < 0) {
        negative.push_back(fmt::format("feature {}: {}", fid, raw));
        negative_ids.push_back(fid);
      } else {
        zs.spaces = *spaces;
        zs.estimated = parking.number(z, "spaces_estimated").value_or(0) == 1;
      }
    } else if (auto why = has_spaces ? parking.value_problem(z, "spaces") : std::nullopt) {
      not_numbers.push_back(fmt::format("feature {}: {}", fid, *why));
      not_number_ids.push_back(fid);
    } else if (!raw.empty()) {
      // "约30" says something we cannot read: set aside, never guessed from the area instead.
      not_numbers.push_back(fmt::format("feature {}: '{}'", fid, raw));
      not_number_ids.push_back(fid);
    } else if (const double a = area(parking.geometries[z]); a > 0 && m2_per_space > 0) {
      zs.spaces = std::max(1.0, std::round(a / m2_per_space));
      zs.estimated = true;
      estimated_ids.push_back(fid);
    } else {
      unknown.push_back(fmt::format("feature {}: no spaces and no area", fid));
      unknown_ids.push_back(fid);
    }
    zones.push_back(zs);
  }
  const std::string where = parking.describe_source();
  if (!not_numbers.empty())
    findings.push_back({Severity::Warning, "parking_spaces_not_number",
                        fmt::format("{}: {} zone(s) whose spaces are not a number are set aside ({})", where, not_numbers.size(),
                                    first_named(not_numbers)),
                        not_number_ids});
  if (!negative.empty())
    findings.push_back({Severity::Warning, "parking_spaces_negative",
                        fmt::format("{}: {} zone(s) with a negative number of spaces are set aside ({})", where, negative.size(),
                                    first_named(negative)),
                        negative_ids});
  if (!unknown.empty())
    findings.push_back({Severity::Warning, "parking_spaces_unknown",
                        fmt::format("{}: {} zone(s) give no spaces and have no area to estimate them from; set aside ({})", where,
                                    unknown.size(), first_named(unknown)),
                        unknown_ids});
  if (!estimated_ids.empty())
    findings.push_back({Severity::Note, "parking_spaces_estimated",
                        fmt::format("{}: {} zone(s) without their capacity: spaces estimated from the area at {:g} ㎡ per space", where,
                                    estimated_ids.size(), m2_per_space),
                        std::vector<std::int64_t>(estimated_ids.begin(), estimated_ids.begin() + std::min<std::size_t>(10, estimated_ids.size()))});
  return zones;
}

std::string district_code_of(const LayerData& communities, std::size_t c) {
  if (communities.has("district_code")) {
    const std::string code = communities.text(c, "district_code");
    if (!code.empty()) return code;
  }
  const std::string id = communities.text(c, "community_id");
  if (id.size() == 12 && all_digits(id)) return id.substr(0, 6);
  return {};
}

std::map<std::string, double> read_car_ownership(const CarOwnershipTable& table, std::vector<Finding>& findings) {
  OpenedSource source = open_vector_source(table.file.string());
  OGRLayer* layer = source.dataset->GetLayer(0);
  if (!layer) throw Error("the car-ownership table has no table in it", {.file = table.file.string()});
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int key = defn->GetFieldIndex(table.key_field.c_str());
  const int share = defn->GetFieldIndex(table.share_field.c_str());
  auto fields = [&] {
    std::string out;
    for (int i = 0; i < defn->GetFieldCount(); ++i) out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
    return out;
  };
  if (key < 0) throw Error(fmt::format("the car-ownership table has no field '{}' (fields: {})", table.key_field, fields()), {.file = table.file.string()});
  if (share < 0)
    throw Error(fmt::format("the car-ownership table has no field '{}' (fields: {})", table.share_field, fields()), {.file = table.file.string()});
  std::map<std::string, double> out;
  std::vector<std::string> bad;
  std::vector<std::int64_t> bad_ids;
  for (auto& feature : *layer) {
    const std::string code = feature->GetFieldAsString(key);
    const std::string raw = feature->IsFieldSetAndNotNull(share) ? feature->GetFieldAsString(share) : "";
    const auto value = read_number(raw).value;
    if (!value || *value < 0 || *value > 1) {
      bad.push_back(fmt::format("{}: '{}'", code, raw));
      bad_ids.push_back(feature->GetFID());
      continue;
    }
    out[code] = *value;
  }
  if (!bad.empty())
    findings.push_back({Severity::Warning, "car_ownership_not_share",
                        fmt::format("{}: {} row(s) whose {} is not a share between 0 and 1 are left out ({})", table.file.string(),
                                    bad.size(), table.share_field, first_named(bad)),
                        bad_ids});
  return out;
}

ParkingSupply compute_parking(const Project& project, const RulePack& rules, const RulePack* standards, const ParkingOptions& options,
                              Feedback* feedback) {
  const LayerData* communities = project.layer(Role::Communities);
  const LayerData* parking = project.layer(Role::Parking);
  const LayerData* buildings = project.layer(Role::Buildings);
  const std::string file = project.spec.file.string();
  if (!communities) throw Error("the parking analysis needs a communities layer ([layers.communities])", {.file = file});
  if (!parking) throw Error("the parking analysis needs a parking layer ([layers.parking])", {.file = file});
  if (!buildings) throw Error("the parking analysis needs a buildings layer ([layers.buildings]) for the households", {.file = file});

  ParkingSupply out;
  out.pack_id = rules.id;
  RuleEvaluator evaluator(rules, RuleScope::Community);
  if (rules.parking) {
    const ParkingStandard& standard = *rules.parking;
    out.standard_title = standard.title;
    out.standard_mark = rules.effective_mark(standard.document, standard.mark, {&standard.required});
    out.standard_citation = rules.citation(standard.document, standard.article, out.standard_mark);
    out.m2_per_space = evaluator.m2_per_space();
    if (!(out.m2_per_space > 0))
      throw Error(fmt::format("[parking] m2_per_space must be positive, not {:g}", out.m2_per_space), {.file = rules.file.string()});
    std::vector<std::string> cited;
    for (const auto& v : standard.m2_per_space.variables)
      if (const Parameter* p = rules.parameter(v)) cited.push_back(rules.citation(p->document, p->article, rules.effective_mark(p->document, p->mark, {})));
    out.m2_per_space_citation = cited.empty() ? "given in the rule pack" : first_named(cited);
  } else {
    out.findings.push_back({Severity::Note, "no_parking_standard",
                            "the rule pack '" + rules.id + "' has no parking standard ([parking]): no requirement is computed, and zones "
                            "without their capacity are set aside rather than estimated",
                            {}});
  }

  // Supply: each zone's spaces, shared between the communities it overlaps by area.
  out.zones = zone_spaces(*parking, out.m2_per_space, out.findings);
  if (std::none_of(out.zones.begin(), out.zones.end(), [](const ZoneSpaces& z) { return z.spaces.has_value(); }))
    out.findings.push_back({Severity::Warning, "parking_none",
                            fmt::format("{}: no parking zone with spaces ({} feature(s)): every community reads 0 spaces — the data maps "
                                        "no car park, which is not the same as none on the ground",
                                        parking->describe_source(), parking->size()),
                            {}});
  for (std::size_t c = 0; c < communities->size(); ++c) {
    CommunityParking cp;
    cp.index = c;
    cp.community_id = communities->text(c, "community_id");
    if (cp.community_id.empty()) cp.community_id = std::to_string(communities->fids[c]);
    cp.name = communities->text(c, "name");
    cp.district_code = district_code_of(*communities, c);
    out.communities.push_back(std::move(cp));
  }
  {
    std::vector<Extent> extents;
    for (const auto& g : communities->geometries) extents.push_back(extent_of(g));
    const ExtentIndex index(extents);
    GeosContext geos;
    std::map<std::size_t, GeosGeometry> shapes;
    auto shape_of = [&](std::size_t c) -> const GEOSGeometry* {
      auto it = shapes.find(c);
      if (it == shapes.end()) {
        GeosGeometry g = geos.from_geometry(communities->geometries[c]);
        if (communities->invalid_reasons[c]) g = geos.make_valid(g.get());
        it = shapes.emplace(c, std::move(g)).first;
      }
      return it->second.get();
    };
    std::vector<std::string> failed;
    std::vector<std::int64_t> failed_ids;
    for (const ZoneSpaces& z : out.zones) {
      if (feedback && z.index % 256 == 0) feedback->throw_if_cancelled();
      if (!z.spaces) continue;
      const Geometry& g = parking->geometries[z.index];
      try {
        double placed = 0;
        if (g.kind == GeometryKind::Point || g.kind == GeometryKind::MultiPoint || area(g) <= 0) {
          // A car park mapped as a point (with its capacity) lies wholly in one community.
          const Point p = centroid(g);
          for (std::size_t c : index.query(p))
            if (polygon_contains(communities->geometries[c], p)) {
              out.communities[c].spaces += *z.spaces;
              if (z.estimated) out.communities[c].estimated_spaces += *z.spaces;
              placed = 1;
              break;
            }
        } else {
          GeosGeometry zone = geos.from_geometry(g);
          if (parking->invalid_reasons[z.index]) zone = geos.make_valid(zone.get());
          const double zone_area = geos.area(zone.get());
          for (std::size_t c : index.query(extent_of(g))) {
            const double a = geos.area(geos.intersection(zone.get(), shape_of(c)).get());
            if (a <= 0 || zone_area <= 0) continue;
            const double share = std::min(1.0, a / zone_area);
            out.communities[c].spaces += *z.spaces * share;
            if (z.estimated) out.communities[c].estimated_spaces += *z.spaces * share;
            placed += share;
          }
        }
        out.spaces_outside += *z.spaces * std::max(0.0, 1.0 - placed);
      } catch (const Error& e) {
        failed.push_back(fmt::format("feature {}: {}", parking->fids[z.index], e.problem()));
        failed_ids.push_back(parking->fids[z.index]);
      }
    }
    if (!failed.empty())
      out.findings.push_back({Severity::Warning, "parking_zone_unplaced",
                              fmt::format("{} parking zone(s) could not be placed in the communities and are left out ({})", failed.size(),
                                          first_named(failed)),
                              failed_ids});
  }
  if (out.spaces_outside > 0.5)
    out.findings.push_back({Severity::Note, "parking_outside",
                            fmt::format("{:.0f} spaces lie in parking zones (or parts of them) outside every community", out.spaces_outside), {}});
  if (feedback) feedback->set_progress(20, "parking zones");

  // Demand: existing households by community, against the standard.
  {
    const Feedback::Stage stage(feedback, 20, 45);
    const HouseholdsByCommunity existing = households_by_community(*communities, *buildings, options.parallel_min_items, feedback, 100.0);
    for (std::size_t c = 0; c < out.communities.size(); ++c) out.communities[c].households = existing.households[c];
    out.households_outside = existing.outside;
  }
  std::map<std::string, double> ownership;
  if (options.car_ownership) {
    ownership = read_car_ownership(*options.car_ownership, out.findings);
    out.car_ownership_source = options.car_ownership->file.string() + " (" + options.car_ownership->share_field + ")";
  }
  std::vector<std::string> failed, no_district;
  std::vector<std::int64_t> failed_ids;
  // The standard's requirement for a community with these households and spaces.
  auto required_for = [&](const CommunityParking& cp, double households, double spaces) {
    evaluator.set("households", households);
    evaluator.set("area_m2", area(communities->geometries[cp.index]));
    evaluator.set("parking_spaces", spaces);
    evaluator.update_derived();
    return evaluator.parking_required();
  };
  for (auto& cp : out.communities) {
    if (rules.parking) try {
        cp.required_spaces = required_for(cp, cp.households, cp.spaces);
        cp.shortfall_spaces = std::max(0.0, *cp.required_spaces - cp.spaces);
      } catch (const Error& e) {
        failed.push_back(cp.name + ": " + e.problem());
        failed_ids.push_back(communities->fids[cp.index]);
      }
    if (options.car_ownership) {
      auto it = ownership.find(cp.district_code);
      if (it != ownership.end()) {
        cp.car_ownership = it->second;
        cp.cars_expected = cp.households * it->second;
      } else if (no_district.size() < 50) {
        no_district.push_back(cp.name.empty() ? cp.community_id : cp.name);
      }
    }
  }
  // The plots under review, as if built: their households and the spaces they provide (as their
  // own parking verdict read them: text or a negative count is no spaces, and named there).
  if (options.review && rules.parking) {
    std::vector<std::string> without_spaces;
    for (auto& cp : out.communities) cp.households_planned = cp.spaces_planned = 0.0;
    for (const PlotReview& pr : options.review->plots) {
      if (!pr.households) continue;  // unknown: the review names the plot, and no number is made up
      std::optional<double> provided;
      if (pr.parking) provided = pr.parking->provided_spaces;
      if (!provided && *pr.households > 0) without_spaces.push_back(pr.plot_id);
      for (const CommunityShare& share : pr.shares) {
        CommunityParking& cp = out.communities.at(share.community);
        *cp.households_planned += *pr.households * share.share;
        *cp.spaces_planned += provided.value_or(0.0) * share.share;
      }
    }
    if (!without_spaces.empty())
      out.findings.push_back({Severity::Warning, "plots_without_spaces",
                              fmt::format("{} plot(s) under review give no parking spaces (parking_spaces): their households count in "
                                          "the figures with the plots, their spaces do not ({})",
                                          without_spaces.size(), first_named(without_spaces)),
                              {}});
    for (auto& cp : out.communities) try {
        const double spaces = cp.spaces + *cp.spaces_planned;
        cp.required_with_plots = required_for(cp, cp.households + *cp.households_planned, spaces);
        cp.shortfall_with_plots = std::max(0.0, *cp.required_with_plots - spaces);
      } catch (const Error&) {
        // Named above for the existing figures; left empty here too.
      }
  }
  if (!failed.empty())
    out.findings.push_back({Severity::Warning, "parking_standard_failed",
                            fmt::format("the parking standard could not be evaluated for {} community(ies), whose requirement is left "
                                        "empty ({})",
                                        failed.size(), first_named(failed)),
                            failed_ids});
  if (!no_district.empty())
    out.findings.push_back({Severity::Note, "car_ownership_unknown",
                            fmt::format("{} community(ies) have no district in {} (district_code, or a 12-digit community_id): their car "
                                        "ownership is left empty ({})",
                                        no_district.size(), options.car_ownership->file.filename().string(), first_named(no_district)),
                            {}});

  // Reach: the spaces within the distance of each residential building.
  out.per_building = options.per_building;
  out.walking = options.walking;
  if (options.distance_m) {
    if (!(*options.distance_m > 0)) throw Error("the distance must be positive");
    out.distance_m = *options.distance_m;
    out.distance_source = "given by the user";
  } else if (const FacilityStandard* s = standards ? facility_standard(*standards, "parking") : nullptr) {
    out.distance_m = s->radius_m;
    out.distance_source = standards->citation(s->document, s->article, s->mark);
  } else if (options.per_building) {
    throw Error("no walking distance for parking in the standards" + (standards ? " '" + standards->id + "'" : std::string()) +
                "; give one with --distance");
  }
  if (!options.per_building) {
    if (feedback) feedback->set_progress(100, "done");
    return out;
  }
  std::vector<Point> building_points, zone_points;
  std::vector<double> zone_space_values;
  const PolygonLocator locator(communities->geometries);
  for (std::size_t b = 0; b < buildings->size(); ++b) {
    const double households = buildings->number(b, "households").value_or(0.0);
    if (households <= 0 || buildings->geometries[b].empty()) continue;
    const Point p = centroid(buildings->geometries[b]);
    out.buildings.push_back({b, households, locator.locate(p), 0.0});
    building_points.push_back(p);
  }
  for (const ZoneSpaces& z : out.zones)
    if (z.spaces && *z.spaces > 0) {
      zone_points.push_back(centroid(parking->geometries[z.index]));
      zone_space_values.push_back(*z.spaces);
    }
  if (feedback) feedback->set_progress(50, "reach");
  Reach reach;
  if (options.walking) {
    const LayerData* roads = project.layer(Role::Roads);
    if (!roads) throw Error("walking reach needs a roads layer ([layers.roads]); use --straight-line without one", {.file = file});
    const RoadNetwork network = RoadNetwork::build(*roads, options.network.value_or(project.spec.network));
    if (network.edges().empty()) throw Error("the roads layer has no walkable segment", {.file = roads->source_file.string()});
    std::vector<Snap> zone_snaps, building_snaps;
    for (const Point& p : zone_points) zone_snaps.push_back(*network.snap(p));
    for (const Point& p : building_points) building_snaps.push_back(*network.snap(p));
    const Feedback::Stage stage(feedback, 55, 100);
    reach = reach_walking(network, zone_snaps, building_snaps, out.distance_m, feedback);
  } else {
    reach = reach_straight(zone_points, building_points, out.distance_m, feedback);
  }
  for (std::size_t z = 0; z + 1 < reach.offsets.size(); ++z)
    for (std::size_t k = reach.offsets[z]; k < reach.offsets[z + 1]; ++k) out.buildings[reach.demand[k]].spaces_within_reach += zone_space_values[z];
  if (feedback) feedback->set_progress(100, "done");
  return out;
}

PlotParkingReview review_plot_parking(const LayerData& plots, std::size_t i, const RulePack& pack, RuleEvaluator& plot_evaluator) {
  PlotParkingReview out;
  const ParkingStandard& standard = *pack.parking;
  out.mark = pack.effective_mark(standard.document, standard.mark, {&standard.required});
  out.citation = pack.citation(standard.document, standard.article, out.mark);
  auto unreadable = [&](const std::string& field) -> std::optional<std::string> {
    if (auto why = plots.value_problem(i, field)) return plots.label(field) + " is " + *why;
    if (const std::string raw = plots.text(i, field); !raw.empty()) return plots.label(field) + " is not a number: '" + raw + "'";
    return std::nullopt;
  };
  // The standard's inputs: a missing one leaves the verdict unchecked; small and medium flats not
  // declared are none.
  const std::set<std::string> needed = pack.inputs({&standard.required}, RuleScope::Plot);
  for (const auto& name : plot_variables()) {
    double value = 0;
    if (name == "area_m2") {
      value = area(plots.geometries[i]);
    } else if (auto v = plots.number(i, name)) {
      value = *v;
    } else if (needed.count(name)) {
      if (auto why = unreadable(name)) {
        out.reason = *why;
        return out;
      }
      if (name != "small_units" && name != "medium_units") {
        out.reason = "missing " + plots.label(name);
        return out;
      }
    }
    plot_evaluator.set(name, value);
  }
  out.provided_spaces = plots.number(i, "parking_spaces");
  if (!out.provided_spaces) {
    out.reason = plots.has("parking_spaces") ? unreadable("parking_spaces").value_or("the plot gives no parking spaces (parking_spaces)")
                                             : "the plots give no parking spaces (a parking_spaces field, e.g. 配建车位)";
    return out;
  }
  if (*out.provided_spaces < 0) {
    out.reason = fmt::format("absurd: {} is negative ({:g})", plots.label("parking_spaces"), *out.provided_spaces);
    out.provided_spaces.reset();
    return out;
  }
  try {
    plot_evaluator.update_derived();
    out.required_spaces = plot_evaluator.parking_required();
  } catch (const Error& e) {
    out.reason = e.problem();
    return out;
  }
  if (*out.required_spaces <= 0) {
    out.verdict = Verdict::NotApplicable;
    out.reason = "no spaces required (no households)";
    return out;
  }
  out.shortfall_spaces = std::max(0.0, *out.required_spaces - *out.provided_spaces);
  // Spaces are whole: a requirement of 449.1 asks for 450.
  const double required_whole = std::ceil(*out.required_spaces - 1e-9);
  if (*out.provided_spaces + 1e-9 < required_whole) {
    out.verdict = Verdict::Short;
    out.shortfall_spaces = required_whole - *out.provided_spaces;
    out.reason = fmt::format("{} {:g} < {:g} required: short by {:g} spaces", plots.label("parking_spaces"), *out.provided_spaces,
                             required_whole, *out.shortfall_spaces);
  } else {
    out.verdict = Verdict::Compliant;
    out.shortfall_spaces = 0.0;
    out.reason = fmt::format("{} {:g} ≥ {:g} required", plots.label("parking_spaces"), *out.provided_spaces, required_whole);
  }
  out.required_spaces = required_whole;
  return out;
}

}  // namespace geo
