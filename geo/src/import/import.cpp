#include "geo/import.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/geos.h"
#include "geo/plugins.h"
#include "geo/proj.h"
#include "geo/project.h"
#include "import/project_file.h"
#include "import/role_selection.h"
#include "import/source_features.h"
#include "output_files.h"

namespace geo {

namespace fs = std::filesystem;
using namespace import;

Extent parse_bbox(const std::string& text) {
  std::vector<double> v;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    double d = 0;
    const char* b = text.data() + start;
    const char* e = text.data() + comma;
    while (b < e && *b == ' ') ++b;
    const auto [end, ec] = std::from_chars(b, e, d);
    if (ec != std::errc() || end != e) throw Error("--bbox must be four numbers W,S,E,N in degrees, not '" + text + "'");
    v.push_back(d);
    start = comma + 1;
  }
  if (v.size() != 4) throw Error("--bbox must be four numbers W,S,E,N in degrees, not '" + text + "'");
  if (!(v[0] < v[2] && v[1] < v[3]) || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90)
    throw Error("--bbox " + text + ": west must be less than east and south less than north, in degrees of longitude and latitude");
  Extent e;
  e.include(Point{v[0], v[1]});
  e.include(Point{v[2], v[3]});
  return e;
}

namespace {

// The area asked for: a box, or the polygons of a boundary file (tested exactly with GEOS).
class AreaOfInterest {
 public:
  explicit AreaOfInterest(const ImportOptions& o) {
    box_ = o.bbox;
    if (o.boundary.empty()) return;
    boundary_ = load_display_layer(o.boundary, kCgcs2000Geographic, o.boundary_layer, nullptr, o.boundary_offset, o.boundary_crs);
    std::vector<GeosGeometry> parts;
    for (std::size_t i = 0; i < boundary_->size(); ++i) {
      const GeometryKind k = boundary_->geometries[i].kind;
      if (k != GeometryKind::Polygon && k != GeometryKind::MultiPolygon) continue;
      parts.push_back(geos_.make_valid(geos_.from_geometry(boundary_->geometries[i]).get()));
      extent_.include(extent_of(boundary_->geometries[i]));
    }
    if (parts.empty()) throw Error("the boundary file holds no polygon", {.file = o.boundary.string(), .layer = boundary_->source_layer});
    std::vector<GEOSGeometry*> raw;
    for (auto& p : parts) raw.push_back(p.release());
    GeosGeometry collection = geos_.own(
        GEOSGeom_createCollection_r(geos_.handle(), GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())), "collect");
    shape_ = geos_.unary_union(collection.get());
    prepared_ = geos_.prepare(shape_.get());
  }

  bool keeps_extent(const Extent& e) const {
    if (box_ && !box_->intersects(e)) return false;
    return !boundary_ || extent_.intersects(e);
  }
  bool keeps(const Geometry& g) {
    if (!boundary_) return true;
    GeosGeometry gg = geos_.from_geometry(g);
    return GEOSPreparedIntersects_r(geos_.handle(), prepared_.get(), gg.get()) == 1;
  }
  const LayerData* boundary() const { return boundary_.get(); }

 private:
  std::optional<Extent> box_;
  std::shared_ptr<LayerData> boundary_;
  Extent extent_;
  GeosContext geos_;
  GeosGeometry shape_;
  GeosPrepared prepared_;
};

std::optional<std::string> first_value(const FieldRule& rule, const SourceFeature& f) {
  for (const auto& key : rule.from) {
    if (key == "@id") return f.id;
    if (const std::string* v = find_tag(f.tags, key); v && !v->empty()) return *v;
  }
  return std::nullopt;
}

bool numeric_field(const std::string& target, const std::string& column) {
  const auto role = parse_role(target);
  if (!role) return false;
  for (const auto& mf : model_fields(*role))
    if (mf.name == column) return mf.numeric;
  return false;
}

void add_column(LayerData& layer, const std::string& name) {
  if (layer.columns.count(name)) return;
  layer.columns[name] = {};
  layer.column_order.push_back(name);
}

// One output layer from a role's features: geometries in the working CRS, the profile's fields.
ImportedLayer build_layer(const RoleSelection& sel, const SourceData& data, const Transformer& to_working, GeosContext& geos,
                          LayerData& out) {
  const RoleRule& rule = *sel.rule;
  ImportedLayer report;
  report.name = rule.target;
  if (auto role = parse_role(rule.target)) out.role = *role;
  for (const auto& f : rule.fields) add_column(out, f.column);
  if (!rule.kinds.empty()) add_column(out, "kind");
  if (!rule.kinds.empty()) add_column(out, "source_tag");
  const std::string estimated = rule.estimate_field.empty() ? "" : rule.estimate_field + "_estimated";
  if (!estimated.empty()) {
    add_column(out, rule.estimate_field);
    add_column(out, estimated);
  }
  std::map<std::string, SetAside> not_numbers;  // column -> values that are not numbers
  SetAside estimates, unknown, untransformable;
  for (std::size_t s = 0; s < sel.features.size(); ++s) {
    const SourceFeature& f = data.features[sel.features[s]];
    Geometry g = f.lonlat;
    try {
      to_working.forward(g);
    } catch (const Error&) {
      tally(untransformable, f.id);
      continue;
    }
    const bool areal = g.kind == GeometryKind::Polygon || g.kind == GeometryKind::MultiPolygon;
    const double measured = areal ? area(g) : 0.0;
    if (rule.geometry == GeometryNeed::Point && g.kind != GeometryKind::Point) {
      GeosGeometry gg = geos.from_geometry(g);
      GeosGeometry inside = geos.own(GEOSPointOnSurface_r(geos.handle(), gg.get()), "point on surface");
      g = geos.to_geometry(inside.get());
    }
    const std::size_t row = out.fids.size();
    out.fids.push_back(static_cast<std::int64_t>(row + 1));
    out.geometries.push_back(std::move(g));
    for (auto& [name, column] : out.columns) column.emplace_back();
    for (const auto& field : rule.fields) {
      auto value = first_value(field, f);
      if (!value) continue;
      Value& cell = out.columns[field.column][row];
      if (numeric_field(rule.target, field.column)) {
        if (auto number = parse_measure(*value)) cell = *number;
        else tally(not_numbers[field.column], f.id + " '" + *value + "'");
      } else {
        cell = *value;
      }
    }
    if (!rule.kinds.empty()) {
      out.columns["kind"][row] = sel.kinds[s];
      out.columns["source_tag"][row] = sel.reasons[s];
    }
    if (!estimated.empty()) {
      Value& cell = out.columns[rule.estimate_field][row];
      if (!std::holds_alternative<std::monostate>(cell)) {
        out.columns[estimated][row] = std::int64_t{0};
      } else if (measured > 0) {
        cell = std::max<std::int64_t>(1, std::llround(measured / rule.area_per_unit_m2));
        out.columns[estimated][row] = std::int64_t{1};
        tally(estimates, f.id);
      } else {
        tally(unknown, f.id);
      }
    }
  }
  report.features = out.size();
  for (const auto& [column, bad] : not_numbers)
    report.notes.push_back(fmt::format("{} value(s) of {} are not numbers and were left empty: {}", bad.count, column, describe(bad)));
  if (estimates.count)
    report.notes.push_back(fmt::format("{} of {} estimated from the area at {} m² each (marked in {}): {}", estimates.count,
                                       rule.estimate_field, rule.area_per_unit_m2, estimated, describe(estimates)));
  if (unknown.count)
    report.notes.push_back(fmt::format("{} without {} and without an area to estimate it from: left empty: {}", unknown.count,
                                       rule.estimate_field, describe(unknown)));
  if (untransformable.count)
    report.notes.push_back(fmt::format("{} could not be brought into the working CRS and were set aside: {}", untransformable.count,
                                       describe(untransformable)));
  return report;
}

std::string describe_selection(const RoleSelection& sel) {
  std::vector<std::pair<std::size_t, std::string>> why;
  for (const auto& [tag, n] : sel.why) why.emplace_back(n, tag);
  std::sort(why.begin(), why.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::string tags;
  for (std::size_t i = 0; i < why.size() && i < 6; ++i) tags += fmt::format("{}{} {}", i ? ", " : "", why[i].second, why[i].first);
  if (why.size() > 6) tags += fmt::format(", {} other value(s)", why.size() - 6);
  std::string layers;
  for (const auto& l : sel.layers) layers += (layers.empty() ? "" : ", ") + l;
  if (layers.empty()) {
    for (const auto& pattern : sel.rule->layers) layers += (layers.empty() ? "" : ", ") + pattern;
    return "no source layer named like " + layers;
  }
  return fmt::format("{}: {}", layers, tags.empty() ? "nothing matched" : tags);
}

// Pieces of one outline cut at tile or sheet edges share an id: the loader reports and can merge them.
std::optional<std::string> shared_id_note(const LayerData& layer, const std::string& id_column) {
  auto it = layer.columns.find(id_column);
  if (it == layer.columns.end()) return std::nullopt;
  std::map<std::string, std::size_t> count;
  for (const auto& v : it->second)
    if (!std::holds_alternative<std::monostate>(v)) ++count[value_to_string(v)];
  std::size_t ids = 0, pieces = 0;
  std::string examples;
  for (const auto& [id, n] : count)
    if (n > 1) {
      ++ids;
      pieces += n;
      if (ids <= 5) examples += (ids > 1 ? ", " : "") + id;
    }
  if (!ids) return std::nullopt;
  return fmt::format("{} features share {} id(s) ({}{}): pieces cut at tile or sheet edges; check reports them, --merge-pieces "
                     "(or merge_pieces = true) joins them",
                     pieces, ids, examples, ids > 5 ? ", ..." : "");
}

// Communities from the boundary file, when the source maps none: its polygons under the model's
// field names where the file's fields are recognised.
ImportedLayer communities_from_boundary(const LayerData& boundary, const fs::path& file, const Transformer& to_working,
                                        LayerData& out) {
  ImportedLayer report{"communities", 0, "", {}};
  out.role = Role::Communities;
  auto source_field = [&](const ModelField& mf) -> std::string {
    for (const auto& name : boundary.column_order) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == mf.name || std::find(mf.aliases.begin(), mf.aliases.end(), name) != mf.aliases.end() ||
          std::find(mf.aliases.begin(), mf.aliases.end(), lower) != mf.aliases.end())
        return name;
    }
    return {};
  };
  std::map<std::string, std::string> mapped;
  for (const auto& mf : model_fields(Role::Communities))
    if (auto f = source_field(mf); !f.empty()) mapped[mf.name] = f;
  for (const auto& mf : model_fields(Role::Communities)) add_column(out, mf.name);
  SetAside not_areas;
  for (std::size_t i = 0; i < boundary.size(); ++i) {
    Geometry g = boundary.geometries[i];
    if (g.kind != GeometryKind::Polygon && g.kind != GeometryKind::MultiPolygon) {
      tally(not_areas, std::to_string(boundary.fids[i]));
      continue;
    }
    to_working.forward(g);
    const std::size_t row = out.fids.size();
    out.fids.push_back(boundary.fids[i]);
    out.geometries.push_back(std::move(g));
    for (auto& [name, column] : out.columns) column.emplace_back();
    for (const auto& [model, source] : mapped) out.columns[model][row] = boundary.columns.at(source)[i];
    if (!mapped.count("community_id")) out.columns["community_id"][row] = std::to_string(boundary.fids[i]);
    if (!mapped.count("name")) out.columns["name"][row] = fmt::format("boundary {}", boundary.fids[i]);
  }
  report.features = out.size();
  std::string fields;
  for (const auto& [model, source] : mapped) fields += fmt::format("{}{} from {}", fields.empty() ? "" : ", ", model, source);
  report.from = fmt::format("the boundary file {} ({})", file.filename().string(), fields.empty() ? "no field recognised" : fields);
  if (!mapped.count("name"))
    report.notes.push_back("no name field recognised (name, 社区名称, ...): communities are called \"boundary <feature id>\"");
  if (not_areas.count) report.notes.push_back(fmt::format("{} boundary features are not polygons: {}", not_areas.count, describe(not_areas)));
  return report;
}

bool has_values(const LayerData& layer, const std::string& column) {
  auto it = layer.columns.find(column);
  if (it == layer.columns.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [](const Value& v) { return !std::holds_alternative<std::monostate>(v); });
}

}  // namespace

ImportReport import_city(const ImportOptions& options, Feedback* feedback) {
  if (options.sources.empty()) throw Error("import needs at least one source file");
  if (options.out_dir.empty()) throw Error("import needs an output folder (--out)");
  const fs::path profile_file = resolve_plugin("importers", options.profile, "import profile");
  const ImportProfile profile = read_import_profile(profile_file);
  ImportReport report;
  report.profile = profile.name;
  const std::string name = options.name.empty() ? options.sources.front().stem().stem().string() : options.name;
  const std::string gpkg_name = name + ".gpkg";
  const std::string toml_name = name + ".toml";
  output::StagedOutputs::check_free(options.out_dir, {gpkg_name, toml_name}, options.overwrite, options.sources);

  using Clock = std::chrono::steady_clock;
  auto step_started = Clock::now();
  auto step_done = [&](const char* step) {
    const auto now = Clock::now();
    report.seconds.emplace_back(step, std::chrono::duration<double>(now - step_started).count());
    step_started = now;
  };
  AreaOfInterest area(options);
  SourceData data;
  {
    Feedback::Stage stage(feedback, 0, 60);
    data = read_sources({options.sources, &profile, [&](const Extent& e) { return area.keeps_extent(e); }}, feedback);
  }
  if (area.boundary()) {
    // The exact test, for what the boundary's extent let through.
    std::vector<SourceFeature> kept;
    kept.reserve(data.features.size());
    for (auto& f : data.features) {
      if (area.keeps(f.lonlat)) kept.push_back(std::move(f));
      else ++data.layers[f.layer].outside;
    }
    data.features = std::move(kept);
  }
  if (feedback) {
    feedback->throw_if_cancelled();
    feedback->set_progress(62, "choosing features");
  }
  for (const auto& l : data.layers) {
    std::string line = fmt::format("{}/{} ({}): {} features read", l.file.filename().string(), l.name, l.crs, l.read);
    if (l.outside) line += fmt::format(", {} outside the area asked for", l.outside);
    if (l.without_geometry) line += fmt::format(", {} without geometry set aside", l.without_geometry);
    if (l.untransformable) {
      std::string ids;
      for (const auto& id : l.untransformable_ids) ids += (ids.empty() ? "" : ", ") + id;
      line += fmt::format(", {} with coordinates outside their CRS set aside ({})", l.untransformable, ids);
    }
    report.sources.push_back(line);
  }

  step_done("read");
  std::vector<RoleSelection> selections;
  for (const auto& rule : profile.roles) selections.push_back(select_features(rule, data));
  step_done("select");
  auto selection = [&](const std::string& target) -> const RoleSelection* {
    for (const auto& s : selections)
      if (s.rule->target == target) return &s;
    return nullptr;
  };

  // The working CRS: from the communities where there are any, else from everything imported.
  Extent communities_extent, all_extent;
  for (const auto& s : selections)
    for (auto i : s.features) {
      const Extent e = extent_of(data.features[i].lonlat);
      all_extent.include(e);
      if (s.rule->target == "communities") communities_extent.include(e);
    }
  if (communities_extent.is_empty() && area.boundary())
    for (const auto& g : area.boundary()->geometries) communities_extent.include(extent_of(g));
  if (all_extent.is_empty()) throw Error("nothing in the sources matches the profile '" + profile.name + "' in the area asked for");
  const WorkingCrsChoice crs = choose_working_crs(communities_extent.is_empty() ? all_extent : communities_extent);
  report.working_epsg = crs.epsg;
  report.working_crs_reason = (communities_extent.is_empty() ? "from the extent of everything imported: " : "from the communities: ") + crs.why;

  ProjContext proj;
  GeosContext geos;
  const Transformer to_working(proj, epsg_definition(kCgcs2000Geographic), epsg_definition(crs.epsg));
  std::map<std::string, LayerData> layers;
  for (const auto& sel : selections) {
    if (feedback) feedback->throw_if_cancelled();
    // Facilities and parking are written even when none is mapped: coverage then counts every
    // household as unserved, and siting places the first; a planner adds the ones they know of.
    const bool keep_empty = sel.rule->target == "facilities" || sel.rule->target == "parking";
    if (sel.features.empty() && !keep_empty) continue;
    LayerData& layer = layers[sel.rule->target];
    ImportedLayer built = build_layer(sel, data, to_working, geos, layer);
    built.from = describe_selection(sel);
    if (sel.features.empty())
      built.notes.push_back("none in the area matches the profile: an empty layer, so that coverage counts every household as "
                            "unserved and siting places the first; add the ones you know of");
    for (const auto& [why, set_aside] : sel.set_aside)
      built.notes.insert(built.notes.begin(), fmt::format("set aside: {} {}", why, describe(set_aside)));
    if (const auto role = parse_role(sel.rule->target))
      if (*role == Role::Buildings || *role == Role::Communities)
        if (auto note = shared_id_note(layer, *role == Role::Buildings ? "building_id" : "community_id")) built.notes.push_back(*note);
    report.layers.push_back(std::move(built));
  }
  if (!layers.count("communities") && area.boundary()) {
    report.layers.push_back(communities_from_boundary(*area.boundary(), options.boundary, to_working, layers["communities"]));
  }
  // No candidate site matched: the buildings are the candidates (the project reads their layer twice).
  bool candidates_are_buildings = false;
  if (!layers.count("candidates") && layers.count("buildings")) {
    const RoleSelection* candidates = selection("candidates");
    if (candidates && candidates->rule->otherwise == "buildings") {
      candidates_are_buildings = true;
      report.layers.push_back({"candidates", layers.at("buildings").size(),
                               "the buildings layer (no feature matched the profile's candidate sites)", {}});
    }
  }
  // Roles the project could use and that stay empty.
  for (const Role role : kAllRoles) {
    const std::string r = to_string(role);
    if (layers.count(r) || (role == Role::Candidates && candidates_are_buildings)) continue;
    if (role == Role::Plots) {
      report.not_filled.push_back("plots: a developer's submission, not in map data: add it as [layers.plots] to review it with cplan check");
    } else if (!profile.role(r)) {
      report.not_filled.push_back(r + ": the profile '" + profile.name + "' has no rule for it");
    } else if (role == Role::Communities) {
      report.not_filled.push_back("communities: none in the source (admin_level=10 boundaries): give --boundary FILE with their polygons");
    } else {
      report.not_filled.push_back(r + ": no feature in the area matches the profile's [" + r + "]");
    }
  }
  if (!layers.count("buildings") && !layers.count("communities"))
    throw Error("the sources gave neither buildings nor communities: is '" + profile.name + "' the profile for these files?");

  step_done("build");
  if (feedback) feedback->set_progress(75, "writing");
  output::StagedOutputs staged(options.out_dir, "import", {gpkg_name, toml_name}, options.overwrite, options.sources);
  std::vector<output::LayerToWrite> to_write;
  for (auto& [target, layer] : layers) {
    layer.source_file = options.out_dir / gpkg_name;
    layer.source_layer = target;
    output::LayerToWrite l{.name = target, .data = &layer};
    // The model's numeric fields stay numeric in the file when the source had no value for them.
    for (const auto& column : layer.column_order)
      if (numeric_field(target, column) || column.ends_with("_estimated"))
        l.field_types[column] = column.ends_with("_estimated") ? OFTInteger : OFTReal;
    to_write.push_back(std::move(l));
  }
  {
    Feedback::Stage stage(feedback, 75, 98);
    staged.write(gpkg_name, to_write, {.format = "gpkg", .working_epsg = crs.epsg}, feedback);
  }
  ProjectFileContent content;
  content.name = name;
  content.gpkg = gpkg_name;
  content.working_epsg = crs.epsg;
  content.crs_reason = report.working_crs_reason;
  content.profile = profile;
  for (const auto& s : options.sources) content.sources.push_back(s.filename().string());
  for (const auto& [target, layer] : layers) content.layers.push_back(target);
  content.merge_pieces = options.merge_pieces;
  content.candidates_are_buildings = candidates_are_buildings;
  content.calibrate_to_communities = layers.count("communities") && has_values(layers.at("communities"), "households");
  write_project_file(staged.staged(toml_name), staged.final_path(toml_name), content);
  staged.commit();
  step_done("write");
  report.gpkg = staged.final_path(gpkg_name);
  report.project = staged.final_path(toml_name);
  if (feedback) feedback->set_progress(100, "done");
  return report;
}

}  // namespace geo
