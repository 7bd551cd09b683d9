#include "load_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/error.h"
#include "geo/geos.h"
#include "geo/numbers.h"

namespace geo::load_checks {

namespace {

bool is_polygonal(GeometryKind k) { return k == GeometryKind::Polygon || k == GeometryKind::MultiPolygon; }

// Keeps the rows for which keep[i] is true, in every column.
void keep_rows(LayerData& layer, const std::vector<bool>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (!keep[i]) continue;
    if (out != i) {
      layer.fids[out] = layer.fids[i];
      layer.geometries[out] = std::move(layer.geometries[i]);
      layer.invalid_reasons[out] = std::move(layer.invalid_reasons[i]);
      for (auto& [name, column] : layer.columns) column[out] = std::move(column[i]);
    }
    ++out;
  }
  layer.fids.resize(out);
  layer.geometries.resize(out);
  layer.invalid_reasons.resize(out);
  for (auto& [name, column] : layer.columns) column.resize(out);
}

std::string list_ids(const std::vector<std::int64_t>& fids) {
  std::string out;
  for (std::size_t k = 0; k < fids.size() && k < kMaxListedFeatures; ++k) out += (k ? ", " : "") + std::to_string(fids[k]);
  if (fids.size() > kMaxListedFeatures) out += ", …";
  return out;
}

}  // namespace

void set_aside_unusable(LayerData& layer, const std::vector<UnusableFeature>& unusable) {
  if (!unusable.empty()) {
    std::vector<std::int64_t> fids;
    for (const auto& u : unusable) fids.push_back(u.fid);
    Finding f{Severity::Error, "unusable_geometry",
              fmt::format("{} feature(s) with a geometry that cannot be used, {}; first: feature {}: {}", unusable.size(),
                          layer.role == Role::Plots ? "reported unchecked" : "left out", unusable.front().fid,
                          unusable.front().reason),
              fids};
    if (f.feature_ids.size() > kMaxListedFeatures) f.feature_ids.resize(kMaxListedFeatures);
    layer.findings.push_back(std::move(f));
  }
  if (layer.role == Role::Plots) return;
  std::vector<bool> keep(layer.size(), true);
  bool any = false;
  for (std::size_t i = 0; i < layer.size(); ++i)
    if (layer.geometries[i].empty() && layer.invalid_reasons[i]) keep[i] = false, any = true;
  if (any) keep_rows(layer, keep);
}

void number_fields(LayerData& layer) {
  for (const ModelField& mf : model_fields(layer.role)) {
    if (!mf.numeric || !layer.has(mf.name)) continue;
    auto& column = layer.columns.at(mf.name);
    const std::string label = layer.field_sources.count(mf.name) && layer.field_sources.at(mf.name) != mf.name
                                  ? mf.name + " (" + layer.field_sources.at(mf.name) + ")"
                                  : mf.name;
    std::vector<std::int64_t> not_finite, text, wan;
    std::string first_text, first_wan;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      Value& v = column[i];
      if (const double* d = std::get_if<double>(&v); d && !std::isfinite(*d)) {
        layer.value_problems.push_back({layer.fids[i], mf.name, std::string("not a finite number in the source")});
        not_finite.push_back(layer.fids[i]);
        v = std::monostate{};
      } else if (const std::string* s = std::get_if<std::string>(&v); s && !s->empty()) {
        const NumberReading r = read_number(*s);
        if (!r.value) {
          if (text.empty()) first_text = *s;
          text.push_back(layer.fids[i]);
        } else {
          if (r.in_wan && wan.empty()) first_wan = fmt::format("'{}' read as {}", *s, *r.value);
          if (r.in_wan) wan.push_back(layer.fids[i]);
          v = *r.value;
        }
      }
    }
    const char* consequence = layer.role == Role::Plots ? "those plots are reported unchecked" : "those values are not used";
    auto add = [&](Severity severity, const char* code, const std::vector<std::int64_t>& fids, const std::string& message) {
      if (fids.empty()) return;
      Finding f{severity, code, message, fids};
      if (f.feature_ids.size() > kMaxListedFeatures) f.feature_ids.resize(kMaxListedFeatures);
      layer.findings.push_back(std::move(f));
    };
    add(Severity::Error, "not_finite", not_finite,
        fmt::format("{} is not a finite number in {} feature(s), left empty: {}; features {}", label, not_finite.size(), consequence,
                    list_ids(not_finite)));
    add(Severity::Error, "not_a_number", text,
        fmt::format("{} holds text that is not a number in {} feature(s) (first: feature {}: '{}'): {}", label, text.size(),
                    text.empty() ? 0 : text.front(), first_text, consequence));
    add(Severity::Warning, "number_in_wan", wan,
        fmt::format("{}: {} value(s) written with 万 (ten thousand) read as numbers, first: feature {}: {}", label, wan.size(),
                    wan.empty() ? 0 : wan.front(), first_wan));
  }
}

void leave_out_non_polygons(LayerData& layer) {
  std::vector<bool> keep(layer.size(), true);
  std::map<GeometryKind, std::vector<std::int64_t>> left_out;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const Geometry& g = layer.geometries[i];
    if (g.empty() || is_polygonal(g.kind)) continue;
    keep[i] = false;
    left_out[g.kind].push_back(layer.fids[i]);
  }
  if (left_out.empty()) return;
  for (const auto& [kind, fids] : left_out) {
    Finding f{Severity::Warning, "not_an_area",
              fmt::format("{} {} feature(s) in a layer of areas ({}) left out{}: features {}", fids.size(), to_string(kind),
                          to_string(layer.role),
                          kind == GeometryKind::Point || kind == GeometryKind::MultiPoint ? " (label or address points?)" : "",
                          list_ids(fids)),
              {}};
    for (std::size_t k = 0; k < fids.size() && k < kMaxListedFeatures; ++k) f.feature_ids.push_back(fids[k]);
    layer.findings.push_back(std::move(f));
  }
  keep_rows(layer, keep);
}

const char* id_field(Role role) {
  switch (role) {
    case Role::Communities: return "community_id";
    case Role::Buildings: return "building_id";
    case Role::Plots: return "plot_id";
    case Role::Facilities: return "facility_id";
    case Role::Parking: return "parking_id";
    case Role::Roads: return "road_id";
    case Role::Candidates: return "candidate_id";
  }
  return "";
}

void shared_ids(LayerData& layer, bool merge) {
  const std::string field = id_field(layer.role);
  if (!layer.has(field)) return;
  // Only the ids held more than once (rare) get a list of rows, ordered by id. Whole-number ids
  // (a GeoPackage's usual) are found by sorting the numbers, text ids by a hash of each one's
  // first row: a city's 400,000 ids in a few hundredths of a second.
  const std::vector<Value>& column = layer.columns.at(field);
  std::map<std::string, std::vector<std::size_t>> rows_of;
  const bool whole_numbers = std::all_of(column.begin(), column.end(), [](const Value& v) {
    return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<std::monostate>(v);
  });
  if (whole_numbers) {
    std::vector<std::pair<std::int64_t, std::size_t>> ids;
    ids.reserve(column.size());
    for (std::size_t i = 0; i < column.size(); ++i)
      if (const auto* id = std::get_if<std::int64_t>(&column[i])) ids.emplace_back(*id, i);
    std::sort(ids.begin(), ids.end());
    for (std::size_t k = 1; k < ids.size(); ++k)
      if (ids[k].first == ids[k - 1].first) {
        auto& rows = rows_of[std::to_string(ids[k].first)];
        if (rows.empty()) rows.push_back(ids[k - 1].second);
        rows.push_back(ids[k].second);
      }
  } else {
    std::vector<std::string> converted(column.size());  // the ids that are not text already
    std::unordered_map<std::string_view, std::size_t> first_row;
    first_row.reserve(column.size());
    for (std::size_t i = 0; i < column.size(); ++i) {
      const std::string* text = std::get_if<std::string>(&column[i]);
      if (!text) {
        converted[i] = value_to_string(column[i]);
        text = &converted[i];
      }
      if (text->empty()) continue;
      const auto [at, first] = first_row.emplace(*text, i);
      if (first) continue;
      auto& rows = rows_of[*text];
      if (rows.empty()) rows.push_back(at->second);
      rows.push_back(i);
    }
  }
  std::vector<const std::vector<std::size_t>*> shared;
  std::size_t features = 0;
  for (const auto& [id, rows] : rows_of)
    if (rows.size() > 1) {
      shared.push_back(&rows);
      features += rows.size();
    }
  if (shared.empty()) return;
  const std::string source_field = layer.field_sources.count(field) ? layer.field_sources.at(field) : field;
  const auto& first = *shared.front();
  std::vector<std::int64_t> first_fids;
  for (auto r : first) first_fids.push_back(layer.fids[r]);
  // A road cut into pieces is still one network (the walking network joins their ends); an area
  // cut into pieces is counted once per piece by whatever reads it as one feature.
  const bool lines = layer.role == Role::Roads;
  Finding f{lines && !merge ? Severity::Note : Severity::Warning, "shared_id",
            fmt::format("{} {} value(s) are each held by several features ({} features in all): pieces of one feature cut at "
                        "tile or map-sheet edges? First: {} '{}' on features {}. {}",
                        shared.size(), source_field, features, source_field, layer.text(first.front(), field), list_ids(first_fids),
                        merge  ? "Each group was merged into one feature."
                        : lines ? "The walking network joins their ends; merge_pieces = true or --merge-pieces makes each one feature."
                        : layer.role == Role::Plots
                            ? "Each is reviewed on its own, keyed by its feature id (source_fid in the outputs); if they are pieces "
                              "of one plot, merge them with merge_pieces = true or --merge-pieces, else give them their own ids."
                            : "Merge them with merge_pieces = true or --merge-pieces."),
            first_fids};
  if (f.feature_ids.size() > kMaxListedFeatures) f.feature_ids.resize(kMaxListedFeatures);
  layer.findings.push_back(std::move(f));
  if (!merge) return;

  GeosContext geos;
  std::vector<bool> keep(layer.size(), true);
  for (const auto* rows : shared) {
    const std::size_t into = rows->front();
    Geometry joined;
    bool areas = true;
    for (auto r : *rows) {
      const Geometry& g = layer.geometries[r];
      if (g.empty()) continue;
      areas = areas && is_polygonal(g.kind);
      joined.parts.insert(joined.parts.end(), g.parts.begin(), g.parts.end());
      if (r != into) keep[r] = false;
    }
    if (joined.empty()) continue;
    const GeometryKind kind = layer.geometries[into].empty() ? GeometryKind::Empty : layer.geometries[into].kind;
    if (areas) {
      joined.kind = GeometryKind::MultiPolygon;
      try {
        // Pieces clipped along one edge share it: the union dissolves the seam into one outline.
        const GeosGeometry shape = geos.from_geometry(joined);
        const GeosGeometry dissolved = geos.unary_union(geos.make_valid(shape.get()).get());
        joined = geos.to_geometry(dissolved.get());
        layer.invalid_reasons[into] = geos.invalid_reason(dissolved.get());
      } catch (const Error& e) {
        layer.invalid_reasons[into] = "the pieces could not be joined: " + e.problem();
      }
    } else {
      joined.kind = kind == GeometryKind::Point || kind == GeometryKind::MultiPoint ? GeometryKind::MultiPoint : GeometryKind::MultiLineString;
    }
    layer.geometries[into] = std::move(joined);
  }
  keep_rows(layer, keep);
}

// Field names that make a layer ambiguous: two source fields that could each feed one model field
// (户数 and 总户数 both present), two fields of one name, and names a Shapefile cut at 10 bytes and
// numbered apart (建筑面积 and 建筑面积_1).
std::vector<Finding> field_name_findings(const LayerSpec& spec, const OGRFeatureDefn& defn) {
  std::vector<Finding> out;
  std::map<std::string, std::vector<std::string>> by_lower;
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    std::string name = defn.GetFieldDefn(i)->GetNameRef();
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    by_lower[lower].push_back(name);
  }
  for (const auto& [lower, names] : by_lower)
    if (names.size() > 1)
      out.push_back({Severity::Warning, "duplicate_field_names",
                     fmt::format("{} fields are named '{}': only the first is read by that name; rename the others", names.size(), names.front()),
                     {}});
  for (const auto& [lower, names] : by_lower) {
    const auto cut = lower.rfind('_');
    if (cut == std::string::npos || cut + 1 >= lower.size() ||
        lower.find_first_not_of("0123456789", cut + 1) != std::string::npos)
      continue;
    const std::string base = lower.substr(0, cut);
    if (by_lower.count(base) && base.size() >= 6)
      out.push_back({Severity::Warning, "cut_field_names",
                     fmt::format("fields '{}' and '{}' look like two longer names cut to the same 10 bytes and numbered apart by the "
                                 "writer: check which holds what and map it under [layers.{}.fields]",
                                 by_lower.at(base).front(), names.front(), to_string(spec.role)),
                     {}});
  }
  for (const ModelField& mf : model_fields(spec.role)) {
    if (spec.field_map.count(mf.name)) continue;
    std::vector<std::string> candidates;
    for (const std::string& name : [&] {
           std::vector<std::string> all{mf.name};
           all.insert(all.end(), mf.aliases.begin(), mf.aliases.end());
           return all;
         }()) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (by_lower.count(lower)) candidates.push_back(by_lower.at(lower).front());
    }
    if (candidates.size() > 1) {
      std::string list;
      for (const auto& c : candidates) list += (list.empty() ? "'" : ", '") + c + "'";
      out.push_back({Severity::Warning, "ambiguous_field",
                     fmt::format("{} could be read from {}: '{}' was used; say which under [layers.{}.fields] ({} = \"...\")", mf.name,
                                 list, candidates.front(), to_string(spec.role), mf.name),
                     {}});
    }
  }
  return out;
}

}  // namespace geo::load_checks
