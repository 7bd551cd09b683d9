#include "geo/households.h"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/spatial_index.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

enum class Levels { FloorArea, FromData, FromHeight, Default };

struct Zones {
  std::shared_ptr<const LayerData> owned;  // when read from a file
  const LayerData* layer = nullptr;
  std::vector<std::optional<double>> totals;  // per zone; nothing where it is not known
  std::string name_field;
  std::string describe;
};

// A table's rows by their key, each column's number where it is one.
using Table = std::map<std::string, std::map<std::string, double>>;

Table read_tables(const HouseholdCalibration& c) {
  Table rows;
  for (const auto& path : c.tables) {
    OpenedSource source = open_vector_source(path.string());
    OGRLayer* layer = source.dataset->GetLayer(0);
    const int key = layer->GetLayerDefn()->GetFieldIndex(c.table_key.c_str());
    if (key < 0) throw Error("no column '" + c.table_key + "' to join on", {.file = path.string()});
    for (auto& f : *layer) {
      auto& row = rows[f->GetFieldAsString(key)];
      for (int i = 0; i < f->GetFieldCount(); ++i) {
        if (i == key || !f->IsFieldSetAndNotNull(i)) continue;
        const char* text = f->GetFieldAsString(i);
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        if (end != text && *end == '\0' && std::isfinite(v)) row[f->GetFieldDefnRef(i)->GetNameRef()] = v;
      }
    }
  }
  return rows;
}

// The total of each zone: a field of the zones, or the formula over the joined tables' row.
std::vector<std::optional<double>> zone_totals(const LayerData& zones, const HouseholdCalibration& c, std::vector<Finding>& findings) {
  std::vector<std::optional<double>> totals(zones.size());
  if (!c.zone_total.empty()) {
    if (!zones.has(c.zone_total)) throw Error("the zones have no field '" + c.zone_total + "'", {.file = c.zones.string()});
    for (std::size_t z = 0; z < zones.size(); ++z) totals[z] = zones.number(z, c.zone_total);
    return totals;
  }
  if (!zones.has(c.zone_key)) throw Error("the zones have no field '" + c.zone_key + "'", {.file = c.zones.string()});
  const Table rows = read_tables(c);
  std::vector<std::string> unmatched;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    const std::string key = zones.text(z, c.zone_key);
    auto it = rows.find(key);
    if (it == rows.end()) {
      unmatched.push_back(key);
      continue;
    }
    mu::Parser parser;
    std::map<std::string, double> values = it->second;
    for (auto& [name, value] : values) parser.DefineVar(name, &value);
    try {
      parser.SetExpr(c.total);
      const double v = parser.Eval();
      if (std::isfinite(v) && v >= 0) totals[z] = v;
    } catch (const mu::Parser::exception_type& e) {
      throw Error("the calibration total '" + c.total + "' cannot be computed for zone '" + key + "': " + e.GetMsg());
    }
  }
  if (!unmatched.empty()) {
    std::string list;
    for (const auto& u : unmatched) list += (list.empty() ? "" : ", ") + u;
    findings.push_back({Severity::Warning, "calibration_unmatched",
                        fmt::format("{} zone(s) have no row in the tables (by {}): {}; their buildings keep their estimates",
                                    unmatched.size(), c.table_key, list),
                        {}});
  }
  return totals;
}

Zones calibration_zones(const Project& project, const HouseholdCalibration& c, std::vector<Finding>& findings) {
  Zones zones;
  if (c.to == "communities") {
    zones.layer = project.layer(Role::Communities);
    if (!zones.layer) throw Error("households are to be calibrated to the communities, but the project has none", {.file = project.spec.file.string()});
    if (!zones.layer->has("households"))
      throw Error("households are to be calibrated to the communities' households, but the communities layer has no households "
                  "field (户数)",
                  {.file = zones.layer->source_file.string(), .layer = zones.layer->source_layer});
    for (std::size_t z = 0; z < zones.layer->size(); ++z) zones.totals.push_back(zones.layer->number(z, "households"));
    zones.name_field = "name";
    zones.describe = c.describe.empty() ? "the communities' households" : c.describe;
    return zones;
  }
  zones.owned = load_display_layer(c.zones, project.working_epsg, c.zones_layer, nullptr, c.zones_offset, c.zones_crs);
  zones.layer = zones.owned.get();
  zones.totals = zone_totals(*zones.layer, c, findings);
  zones.name_field = c.zone_key;
  zones.describe = c.describe.empty() ? "the totals of " + c.zones.filename().string() : c.describe;
  return zones;
}

std::string plural(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

}  // namespace

void estimate_households(Project& project, Feedback* feedback) {
  const HouseholdEstimate& rules = project.spec.households;
  auto found = project.layers.find(Role::Buildings);
  if (!rules.enabled || found == project.layers.end()) return;
  // load_project made this layer and has not shared it yet: it is filled in place.
  LayerData& buildings = *std::const_pointer_cast<LayerData>(found->second);
  const std::size_t n = buildings.size();
  auto column = [&buildings, n](const std::string& name) -> std::vector<Value>& {
    auto& c = buildings.columns[name];
    if (c.size() != n) c.assign(n, Value{});
    if (std::find(buildings.column_order.begin(), buildings.column_order.end(), name) == buildings.column_order.end())
      buildings.column_order.push_back(name);
    return c;
  };
  std::vector<Value>& households = column("households");
  std::vector<Value>& floor_area = column("floor_area_m2");
  std::vector<Value>& estimated = column("households_estimated");

  // Residential land, for buildings whose use the data does not say.
  std::shared_ptr<const LayerData> residential_land;
  std::optional<PolygonLocator> in_residential_land;
  if (rules.unknown_use == "by_landuse" && !rules.residential_areas.empty()) {
    residential_land = load_display_layer(rules.residential_areas, project.working_epsg, rules.residential_areas_layer);
    in_residential_land.emplace(residential_land->geometries);
  }
  const bool unknown_is_home = rules.unknown_use == "residential" || (rules.unknown_use == "by_landuse" && !in_residential_land);

  std::map<Levels, std::size_t> by_levels;
  std::size_t homes = 0, not_homes = 0, kept = 0, no_shape = 0, unknown_homes = 0;
  std::vector<double> raw(n, 0.0);
  std::vector<bool> is_estimate(n, false);
  for (std::size_t b = 0; b < n; ++b) {
    if (b % 16384 == 0 && feedback) feedback->throw_if_cancelled();
    if (!rules.replace_data && buildings.number(b, "households")) {
      estimated[b] = std::int64_t{0};
      ++kept;
      continue;
    }
    const Geometry& shape = buildings.geometries[b];
    std::string use = buildings.text(b, "use");
    std::transform(use.begin(), use.end(), use.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    bool home = rules.residential_uses.count(use) > 0;
    if (!home && rules.unknown_uses.count(use)) {
      home = unknown_is_home || (in_residential_land && !shape.empty() && in_residential_land->locate(centroid(shape)));
      unknown_homes += home;
    }
    if (shape.empty()) {
      ++no_shape;  // nothing to measure: left unknown, not made up
      households[b] = Value{};
      estimated[b] = Value{};
      continue;
    }
    is_estimate[b] = true;
    estimated[b] = std::int64_t{1};
    if (!home) {
      ++not_homes;
      households[b] = 0.0;
      continue;
    }
    ++homes;
    double area_m2 = 0.0;
    if (const auto given = buildings.number(b, "floor_area_m2"); given && *given > 0) {
      area_m2 = *given;
      ++by_levels[Levels::FloorArea];
    } else {
      double levels = rules.default_levels;
      Levels from = Levels::Default;
      if (const auto l = buildings.number(b, "levels"); l && *l > 0 && std::isfinite(*l)) {
        levels = *l;
        from = Levels::FromData;
      } else if (const auto h = buildings.number(b, "height_m"); h && *h > 0 && std::isfinite(*h)) {
        levels = std::max(1.0, std::round(*h / rules.storey_height_m));
        from = Levels::FromHeight;
      }
      ++by_levels[from];
      area_m2 = std::fabs(area(shape)) * levels;
      floor_area[b] = std::round(area_m2 * 10) / 10;
    }
    raw[b] = area_m2 / rules.floor_area_per_household_m2;
    households[b] = raw[b];
  }

  std::string note = fmt::format(
      "households of {} estimated from floor area ({} ㎡ per household): {} judged homes ({} from floor area in the data, {} "
      "footprint × levels in the data, {} × height ÷ {} m, {} × the default {} levels), {} not homes",
      plural(homes + not_homes, "building", "buildings"), rules.floor_area_per_household_m2, homes, by_levels[Levels::FloorArea],
      by_levels[Levels::FromData], by_levels[Levels::FromHeight], rules.storey_height_m, by_levels[Levels::Default], rules.default_levels,
      not_homes);
  if (unknown_homes > 0)
    note += fmt::format("; {} of unknown use counted as homes {}", unknown_homes,
                        in_residential_land ? "for lying in residential land" : "(no residential land given to tell them apart)");
  if (kept > 0) note += fmt::format("; {} kept the households the data gives", kept);
  std::vector<Finding> findings;
  if (no_shape > 0)
    findings.push_back({Severity::Warning, "households_unknown",
                        fmt::format("{} building(s) without a footprint: their households stay unknown", no_shape), {}});

  if (rules.calibration) {
    const Zones zones = calibration_zones(project, *rules.calibration, findings);
    const PolygonLocator locate(zones.layer->geometries);
    std::vector<double> estimate_sum(zones.layer->size(), 0.0), fixed_sum(zones.layer->size(), 0.0);
    std::vector<std::optional<std::size_t>> zone_of(n);
    std::size_t outside = 0;
    for (std::size_t b = 0; b < n; ++b) {
      if (buildings.geometries[b].empty()) continue;
      const auto value = buildings.number(b, "households");
      if (!value) continue;
      zone_of[b] = locate.locate(centroid(buildings.geometries[b]));
      if (!zone_of[b]) {
        outside += is_estimate[b] && *value > 0;
        continue;
      }
      (is_estimate[b] ? estimate_sum : fixed_sum)[*zone_of[b]] += *value;
    }
    std::vector<double> factor(zones.layer->size(), 1.0);
    std::size_t calibrated = 0;
    for (std::size_t z = 0; z < zones.layer->size(); ++z) {
      const std::string name = zones.layer->text(z, zones.name_field);
      if (!zones.totals[z]) continue;
      const double wanted = *zones.totals[z] - fixed_sum[z];
      if (wanted < 0) {
        findings.push_back({Severity::Warning, "calibration_below_data",
                            fmt::format("zone '{}': the households the data gives ({:.0f}) exceed its total ({:.0f}); its estimates are "
                                        "left as they are",
                                        name, fixed_sum[z], *zones.totals[z]),
                            {zones.layer->fids[z]}});
        continue;
      }
      if (estimate_sum[z] <= 0) {
        if (wanted > 0)
          findings.push_back({Severity::Warning, "calibration_no_homes",
                              fmt::format("zone '{}' has a total of {:.0f} households but no building judged a home to give them to", name,
                                          *zones.totals[z]),
                              {zones.layer->fids[z]}});
        continue;
      }
      factor[z] = wanted / estimate_sum[z];
      ++calibrated;
    }
    for (std::size_t b = 0; b < n; ++b)
      if (is_estimate[b] && zone_of[b] && raw[b] > 0) households[b] = raw[b] * factor[*zone_of[b]];
    note += fmt::format("; calibrated to {} ({} of {} zones scaled", zones.describe, calibrated, zones.layer->size());
    if (outside > 0) note += fmt::format(", {} estimated homes outside every zone left unscaled", outside);
    note += ")";
  }
  buildings.findings.insert(buildings.findings.end(), findings.begin(), findings.end());
  buildings.findings.push_back({Severity::Note, "households_estimated", note, {}});
  project.households_note = note;
}

}  // namespace geo
