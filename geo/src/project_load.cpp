// Loading a project: every layer read, its fields mapped onto the model's, its geometries brought
// into the one working CRS; data problems found on the way become findings.
#include "geo/project.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <iterator>
#include <set>
#include <thread>

#include <cpl_string.h>

#include <fmt/format.h>

#include "geo/crs.h"
#include "geo/crs_checks.h"
#include "geo/database.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/shapefile_checks.h"
#include "geo/households.h"
#include "geo/text.h"
#include "layer_reader.h"
#include "load_checks.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

using layer_reader::ChunkResult;
using layer_reader::ReadPlan;
using layer_reader::read_chunk;

struct OpenLayer {
  const LayerSpec* spec;
  GDALDataset* dataset = nullptr;
  OGRLayer* layer = nullptr;
  std::string driver;
  std::string source_crs;  // definition used to read it (after the override)
  std::optional<LayerCrs> crs;
  std::optional<CrsBounds> bounds;  // where the CRS's coordinates can lie
  Extent native_extent;             // of the features that lie there
  std::vector<Finding> findings;
  std::vector<DbfOverflow> overflows;  // Shapefile number fields the writer filled with asterisks
};

std::string field_names(const OGRFeatureDefn& defn) {
  std::string list;
  for (int i = 0; i < defn.GetFieldCount(); ++i) list += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
  return list.empty() ? "none" : list;
}

bool is_polygonal_role(Role r) { return r == Role::Communities || r == Role::Plots || r == Role::Buildings; }

// Which source field feeds a model field: the explicit mapping, else the model name itself,
// else the first alias found (case-insensitive for ASCII names).
std::optional<std::string> resolve_field(const ModelField& field, const LayerSpec& spec, const OGRFeatureDefn& defn,
                                         const std::string& where) {
  auto find = [&defn](const std::string& name) -> std::optional<std::string> {
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
      const char* candidate = defn.GetFieldDefn(i)->GetNameRef();
      if (EQUAL(candidate, name.c_str())) return std::string(candidate);
    }
    return std::nullopt;
  };
  if (auto it = spec.field_map.find(field.name); it != spec.field_map.end()) {
    if (auto found = find(it->second)) return found;
    throw Error("the project maps '" + field.name + "' to '" + it->second + "', which the layer lacks; fields found: " + field_names(defn),
                {.file = where});
  }
  if (auto found = find(field.name)) return found;
  for (const auto& alias : field.aliases)
    if (auto found = find(alias)) return found;
  return std::nullopt;
}

// A CRS the project file names, or an error saying where it is named.
CrsDescription named_crs(ProjContext& proj, const std::string& definition, const std::string& key, const fs::path& file) {
  try {
    return describe_crs(proj, definition);
  } catch (const Error& e) {
    throw Error(key + ": " + e.problem() + "; give an EPSG code PROJ knows (projinfo EPSG:N tells)", {.file = file.string()});
  }
}

// Opens a layer of the project and settles the CRS its coordinates are read in.
OpenLayer open_layer(const LayerSpec& ls, std::map<std::string, OpenedSource>& sources, ProjContext& proj) {
  const std::string key = ls.source.string() + "|" + ls.encoding;
  if (!sources.count(key)) {
    try {
      sources.emplace(key, open_vector_source(ls.source.string(), {.encoding = ls.encoding}));
    } catch (const Error& e) {
      // A database holds every layer: which of them was wanted is worth saying.
      if (!is_database_source(ls.source.string())) throw;
      Location where = e.where();
      where.layer = ls.layer;
      throw Error(e.problem() + " (for the " + to_string(ls.role) + " layer)", where);
    }
  }
  GDALDataset& ds = *sources.at(key).dataset;
  OpenLayer ol{&ls};
  ol.driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  ol.dataset = &ds;
  ol.layer = ls.layer.empty() ? ds.GetLayer(0) : ds.GetLayerByName(ls.layer.c_str());
  if (!ol.layer) {
    std::string list;
    for (int i = 0; i < ds.GetLayerCount(); ++i) list += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
    throw Error("no layer '" + ls.layer + "' for role " + to_string(ls.role) + "; layers found: " + list,
                {.file = ls.source.string()});
  }
  const std::string where = ls.source.string();
  if (ol.driver == "ESRI Shapefile") {
    ShapefileCheck files = check_shapefile(where);
    if (files.attributes_unpaired) {
      std::string message;
      for (const auto& f : files.findings)
        if (f.severity == Severity::Error) message += (message.empty() ? "" : "; ") + f.message;
      throw Error(message, {.file = where, .layer = ol.layer->GetName()});
    }
    ol.findings = std::move(files.findings);
    ol.overflows = std::move(files.overflows);
  }
  OGREnvelope env;
  if (ol.layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
    ol.native_extent.include(Point{env.MinX, env.MinY});
    ol.native_extent.include(Point{env.MaxX, env.MaxY});
  }
  if (!ls.crs.empty()) {
    ol.source_crs = ls.crs;
    const CrsDescription d = named_crs(proj, ls.crs, "[layers." + std::string(to_string(ls.role)) + "] crs", ls.source);
    ol.crs = LayerCrs{d.name, d.epsg, d.geographic};
  } else if (ls.offset != WebMapOffset::None) {
    ol.source_crs = "EPSG:4326";
    ol.crs = LayerCrs{"WGS 84 (web-map offset)", 4326, true};
  } else if (const std::string def = crs_definition_of(ol.layer->GetSpatialRef()); !def.empty()) {
    ol.source_crs = def;
    const CrsDescription d = describe_crs(proj, def);
    ol.crs = LayerCrs{d.name, d.epsg, d.geographic};
  }
  if (ls.crs.empty() && ls.offset == WebMapOffset::None)
    if (auto problem = unreadable_crs(sources.at(key), *ol.layer))
      throw Error(*problem + "; it is not taken as WGS 84: declare the CRS under [layers." + std::string(to_string(ls.role)) +
                      "] (crs = \"EPSG:...\")",
                  {.file = where, .layer = ol.layer->GetName()});
  if (auto axis = check_axis_order(ol.native_extent, ol.crs)) {
    if (axis->severity == Severity::Error) throw Error(axis->message, {.file = where, .layer = ol.layer->GetName()});
    if (axis->code == "crs_guess") {
      ol.source_crs = "EPSG:4490";
      ol.crs = LayerCrs{"China Geodetic Coordinate System 2000", 4490, true};
      axis->message = "no CRS declared; read as EPSG:4490 (CGCS2000 longitude/latitude) because of its coordinates";
    }
    ol.findings.push_back(*axis);
  }
  if (ol.source_crs.empty())
    throw Error("the layer declares no CRS and its coordinates do not tell one: add crs = \"EPSG:...\" to [layers." +
                    std::string(to_string(ls.role)) + "]",
                {.file = where, .layer = ol.layer->GetName()});
  ol.bounds = crs_bounds(proj, ol.source_crs);
  if (ol.crs)
    if (auto contradicted = check_coordinates_against_crs(ol.native_extent, *ol.crs, ol.bounds))
      throw Error(contradicted->message, {.file = where, .layer = ol.layer->GetName()});
  if (ol.bounds && !ol.native_extent.is_empty() && !ol.bounds->native.contains(ol.native_extent)) {
    // Some features lie where the CRS cannot (1e300, NaN): the extent that places the working
    // zone is that of the others.
    Extent plausible;
    ol.layer->ResetReading();
    for (auto& feature : *ol.layer) {
      const OGRGeometry* g = feature->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      OGREnvelope box;
      g->getEnvelope(&box);
      const Extent e{box.MinX, box.MinY, box.MaxX, box.MaxY};
      if (std::isfinite(e.min_x) && std::isfinite(e.max_x) && std::isfinite(e.min_y) && std::isfinite(e.max_y) &&
          ol.bounds->native.contains(e))
        plausible.include(e);
    }
    ol.layer->ResetReading();
    ol.native_extent = plausible;
  }
  return ol;
}

// A layer's extent in CGCS2000 longitude/latitude (its corners, web-map offsets undone).
Extent lonlat_extent_of(const OpenLayer& ol, ProjContext& proj) {
  Transformer to_lonlat(proj, ol.source_crs, epsg_definition(kCgcs2000Geographic));
  Extent out;
  const Extent& e = ol.native_extent;
  for (const Point corner : {Point{e.min_x, e.min_y}, Point{e.max_x, e.min_y}, Point{e.min_x, e.max_y}, Point{e.max_x, e.max_y}}) {
    Point p = corner;
    if (ol.spec->offset != WebMapOffset::None) p = to_wgs84(p, ol.spec->offset);
    try {
      out.include(to_lonlat.forward(p));
    } catch (const Error&) {
      // A corner outside what the CRS can express says nothing about where the data is.
    }
  }
  return out;
}

}  // namespace

Project load_project(const ProjectSpec& spec, Feedback* feedback, const LoadOptions& options) {
  ensure_gdal_registered();
  // GDAL's messages are not printed on the terminal: what they say is checked and reported by
  // the loader as findings that name the feature (an unclosed ring GDAL warns of on opening).
  GdalErrorCollector quiet;
  Project project;
  project.spec = spec;
  ProjContext proj;

  std::map<std::string, OpenedSource> sources;  // one open dataset per file, shared by roles
  auto asked = [&](Role role) {
    return options.roles.empty() || std::find(options.roles.begin(), options.roles.end(), role) != options.roles.end();
  };
  // Estimates calibrated to the communities' households need the communities.
  const bool estimating = spec.households.enabled && asked(Role::Buildings);
  auto wanted = [&](Role role) {
    return asked(role) || (role == Role::Communities && estimating && spec.households.calibration &&
                           spec.households.calibration->to == "communities");
  };
  // The working zone is chosen from the communities when the project has them, else from every
  // layer: the same for every command, whatever layers it reads.
  const bool by_communities = spec.find(Role::Communities) != nullptr;
  std::vector<OpenLayer> open_layers;
  Extent lonlat_extent;
  for (const auto& ls : spec.layers) {
    const bool read = wanted(ls.role);
    const bool places = by_communities ? ls.role == Role::Communities : true;
    if (!read && !(places && (spec.crs.empty() || spec.crs == "auto"))) continue;
    OpenLayer ol = open_layer(ls, sources, proj);
    if (places && !ol.native_extent.is_empty()) lonlat_extent.include(lonlat_extent_of(ol, proj));
    if (read) open_layers.push_back(std::move(ol));
  }

  if (spec.crs.empty() || spec.crs == "auto") {
    const WorkingCrsChoice choice = choose_working_crs(lonlat_extent);
    project.working_epsg = choice.epsg;
    project.working_crs_reason = choice.why + (by_communities ? " (chosen from the communities)" : " (chosen from every layer)");
  } else {
    const CrsDescription d = named_crs(proj, spec.crs, "[project] crs", spec.file);
    if (d.geographic) throw Error("the working CRS must be projected in metres; '" + spec.crs + "' is geographic", {.file = spec.file.string()});
    if (!d.epsg) throw Error("the working CRS '" + spec.crs + "' has no EPSG code PROJ recognises", {.file = spec.file.string()});
    project.working_epsg = *d.epsg;
    project.working_crs_reason = "named in the project: " + d.name;
  }
  const std::string working = epsg_definition(project.working_epsg);

  std::size_t done = 0;
  for (auto& ol : open_layers) {
    const LayerSpec& ls = *ol.spec;
    SubFeedback sub(feedback, 100.0 * static_cast<double>(done) / static_cast<double>(open_layers.size()),
                    100.0 * static_cast<double>(done + 1) / static_cast<double>(open_layers.size()));
    ++done;
    const std::string where = ls.source.string();
    const std::string layer_name = ol.layer->GetName();
    LayerData data;
    data.role = ls.role;
    data.source_file = ls.source;
    data.source_layer = layer_name;
    data.findings = std::move(ol.findings);

    const OGRFeatureDefn& defn = *ol.layer->GetLayerDefn();
    for (auto& f : load_checks::field_name_findings(ls, defn)) data.findings.push_back(std::move(f));
    std::vector<std::pair<std::string, int>> mapped;  // model name -> source index
    std::set<int> used;
    const auto listed = options.fields.find(ls.role);
    const bool some_fields = options.model_fields_only && listed != options.fields.end() &&
                             !(ls.role == Role::Buildings && spec.households.enabled);
    for (const ModelField& mf : model_fields(ls.role)) {
      if (some_fields && mf.name != load_checks::id_field(ls.role) &&
          std::find(listed->second.begin(), listed->second.end(), mf.name) == listed->second.end())
        continue;
      auto source_name = resolve_field(mf, ls, defn, where);
      if (!source_name) {
        // Buildings without households get them estimated ([households]).
        if (mf.required && !(ls.role == Role::Buildings && mf.name == "households" && spec.households.enabled)) {
          throw Error("required field '" + mf.name + "' of " + to_string(ls.role) + " not found (map it under [layers." +
                          to_string(ls.role) + ".fields]); fields found: " + field_names(defn),
                      {.file = where, .layer = layer_name});
        }
        continue;
      }
      const int index = defn.GetFieldIndex(source_name->c_str());
      for (const auto& [other, other_index] : mapped)
        if (other_index == index)
          data.findings.push_back({Severity::Warning, "field_used_twice",
                                   fmt::format("the source field '{}' feeds both {} and {}: one of the mappings under [layers.{}.fields] "
                                               "is wrong",
                                               *source_name, other, mf.name, to_string(ls.role)),
                                   {}});
      mapped.emplace_back(mf.name, index);
      used.insert(index);
      data.field_sources[mf.name] = *source_name;
    }
    if (!options.model_fields_only)
      for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (!used.count(i)) mapped.emplace_back(repaired_utf8(defn.GetFieldDefn(i)->GetNameRef()), i);  // a name cut mid-character stays text
    for (const auto& [name, index] : mapped) {
      data.columns[name];
      data.column_order.push_back(name);
    }

    const bool gbk_named = ls.encoding == "GBK" || ls.encoding == "CP936" || ls.encoding == "GB18030";
    ReadPlan plan{ls.offset,   ol.source_crs, working, is_polygonal_role(ls.role) && ls.role != Role::Buildings, {}, ol.crs,
                  ol.bounds, gbk_named && ol.driver != "ESRI Shapefile", options.columnar};
    for (const auto& [name, index] : mapped) plan.field_indexes.push_back(index);
    // OGR skips decoding the fields no analysis reads, on every connection that reads the layer.
    CPLStringList unread;
    if (options.model_fields_only)
      for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (!used.count(i)) unread.AddString(defn.GetFieldDefn(i)->GetNameRef());
    auto skip_unread_fields = [&](OGRLayer& layer) {
      if (options.model_fields_only) layer.SetIgnoredFields(const_cast<const char**>(unread.List()));
    };
    skip_unread_fields(*ol.layer);
    const std::int64_t expected = std::max<std::int64_t>(1, ol.layer->GetFeatureCount(FALSE));
    const bool split = ol.driver == "GPKG" && expected >= options.parallel_read_min_features && ol.layer->GetFIDColumn()[0] != '\0';
    // SQLite keeps text in a number column as text, and GDAL reads it as 0: such cells are found
    // by a query of their own and put back afterwards, so that they are named and never taken for
    // a number. For a layer read in parallel the query runs meanwhile on a connection of its own.
    std::map<std::string, std::string> model_of;  // source column -> model field
    std::future<std::vector<NonNumericCell>> text_in_numbers;
    if (ol.driver == "GPKG") {
      std::vector<std::string> numeric_columns;
      for (const ModelField& mf : model_fields(ls.role)) {
        if (!mf.numeric || !data.field_sources.count(mf.name)) continue;
        const std::string& source = data.field_sources.at(mf.name);
        const OGRFieldType type = defn.GetFieldDefn(defn.GetFieldIndex(source.c_str()))->GetType();
        if (type != OFTInteger && type != OFTInteger64 && type != OFTReal) continue;
        if (model_of.emplace(source, mf.name).second) numeric_columns.push_back(source);
      }
      if (split)
        text_in_numbers = std::async(std::launch::async, [&ls, &layer_name, numeric_columns] {
          GdalErrorCollector quiet_here;  // as the loader's: a view or a missing column has nothing to say
          OpenedSource own = open_vector_source(ls.source.string(), {.encoding = ls.encoding});
          OGRLayer* layer = own.dataset->GetLayerByName(layer_name.c_str());
          return layer ? gpkg_non_numeric_cells(*own.dataset, *layer, numeric_columns) : std::vector<NonNumericCell>{};
        });
      else
        text_in_numbers = std::async(std::launch::deferred, [&ol, numeric_columns] {
          return gpkg_non_numeric_cells(*ol.dataset, *ol.layer, numeric_columns);
        });
    }
    std::vector<ChunkResult> chunks;
    const unsigned threads = split ? std::clamp(std::thread::hardware_concurrency(), 1u, 4u) : 1u;
    if (threads <= 1) {
      chunks.push_back(read_chunk(*ol.layer, plan, &sub, expected));
    } else {
      // GDAL datasets are not shared between threads: each worker opens its own and reads one
      // range of feature ids. The first range has room for every row: the others are appended
      // to it in place, not all copied into a new array.
      const std::int64_t per_thread = expected / threads + 1;
      const std::string fid_column = ol.layer->GetFIDColumn();
      std::vector<std::future<ChunkResult>> futures;
      for (unsigned t = 0; t < threads; ++t) {
        // The first range takes ids below 1 too (allowed, if unusual); the last is open-ended so
        // that no feature is missed if the count was approximate.
        std::string filter = fmt::format("\"{}\" < {}", fid_column, 1 + (t + 1) * per_thread);
        if (t > 0) filter = fmt::format("\"{}\" >= {} AND ", fid_column, 1 + t * per_thread) + filter;
        if (t + 1 == threads) filter = fmt::format("\"{}\" >= {}", fid_column, 1 + t * per_thread);
        futures.push_back(std::async(std::launch::async, [&, filter, t] {
          OpenedSource own = open_vector_source(ls.source.string(), {.encoding = ls.encoding});
          OGRLayer* layer = own.dataset->GetLayerByName(layer_name.c_str());
          skip_unread_fields(*layer);
          if (layer->SetAttributeFilter(filter.c_str()) != OGRERR_NONE)
            throw Error("cannot filter by feature id", {.file = ls.source.string(), .layer = layer_name});
          return read_chunk(*layer, plan, t == 0 ? &sub : nullptr, per_thread, feedback,
                            t == 0 ? static_cast<std::size_t>(expected) : 0);
        }));
      }
      for (auto& f : futures) chunks.push_back(f.get());
    }
    std::vector<load_checks::UnusableFeature> unusable;
    std::int64_t not_utf8 = 0, first_not_utf8 = -1;
    std::vector<std::string> gdal_errors;
    std::vector<std::vector<Value>*> columns;
    for (const auto& [name, index] : mapped) columns.push_back(&data.columns[name]);
    // The first chunk's arrays become the layer's (moved, not copied), the others appended.
    data.fids = std::move(chunks.front().fids);
    data.geometries = std::move(chunks.front().geometries);
    data.invalid_reasons = std::move(chunks.front().invalid_reasons);
    for (std::size_t c = 0; c < columns.size(); ++c) *columns[c] = std::move(chunks.front().columns[c]);
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      ChunkResult& chunk = chunks[k];
      if (k > 0) {
        data.fids.insert(data.fids.end(), chunk.fids.begin(), chunk.fids.end());
        std::move(chunk.geometries.begin(), chunk.geometries.end(), std::back_inserter(data.geometries));
        std::move(chunk.invalid_reasons.begin(), chunk.invalid_reasons.end(), std::back_inserter(data.invalid_reasons));
        for (std::size_t c = 0; c < columns.size(); ++c)
          std::move(chunk.columns[c].begin(), chunk.columns[c].end(), std::back_inserter(*columns[c]));
      }
      if (chunk.not_utf8 > 0 && first_not_utf8 < 0) first_not_utf8 = chunk.first_not_utf8;
      not_utf8 += chunk.not_utf8;
      gdal_errors.insert(gdal_errors.end(), chunk.gdal_errors.begin(), chunk.gdal_errors.end());
      std::move(chunk.unusable.begin(), chunk.unusable.end(), std::back_inserter(unusable));
      project.extent.include(chunk.extent);
    }
    // A database returns rows in storage order, which an update changes: in fid order, as a
    // GeoPackage gives them, every run and every listing ("first: feature N") is the same.
    if (ol.driver == "PostgreSQL" && !std::is_sorted(data.fids.begin(), data.fids.end())) {
      std::vector<std::size_t> order(data.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return data.fids[a] < data.fids[b]; });
      auto permute = [&order](auto& v) {
        std::remove_reference_t<decltype(v)> sorted;
        sorted.reserve(v.size());
        for (std::size_t i : order) sorted.push_back(std::move(v[i]));
        v = std::move(sorted);
      };
      permute(data.fids);
      permute(data.geometries);
      permute(data.invalid_reasons);
      for (auto* column : columns) permute(*column);
    }
    if (!gdal_errors.empty())
      data.findings.push_back({Severity::Error, "read_error",
                               fmt::format("part of the layer could not be read (damaged or truncated file?): GDAL reported {} error(s); "
                                           "first: {}",
                                           gdal_errors.size(), gdal_errors.front().substr(0, gdal_errors.front().find('\n'))),
                               {}});
    {
      std::vector<std::int64_t> without;
      std::size_t count = 0;
      for (std::size_t i = 0; i < data.size(); ++i)
        if (data.geometries[i].empty() && !data.invalid_reasons[i] && ++count <= kMaxListedFeatures) without.push_back(data.fids[i]);
      if (count > 0)
        data.findings.push_back({Severity::Warning, "no_geometry",
                                 fmt::format("{} feature(s) have no geometry (none in the source, or one GDAL could not read, such as "
                                             "a point at NaN or a WKT cut short): {}; first: feature {}",
                                             count, ls.role == Role::Plots ? "reported unchecked" : "left out of every analysis",
                                             without.front()),
                                 without});
    }
    if (not_utf8 > 0)
      data.findings.push_back({Severity::Warning, "text_not_utf8",
                               fmt::format("{} text value(s) are not UTF-8 (first: feature {}): read as GBK where they are GBK, "
                                           "else with the bad bytes replaced. {} files are UTF-8; {}",
                                           not_utf8, first_not_utf8, ol.driver,
                                           ol.driver == "CSV" ? "save the CSV as UTF-8, or say encoding = \"GBK\" in the project"
                                                              : "save the file as UTF-8"),
                               {first_not_utf8}});
    if (ol.driver == "GPKG") {
      std::map<std::int64_t, std::size_t> row_of;
      for (const auto& cell : text_in_numbers.get()) {
        if (row_of.empty())
          for (std::size_t i = 0; i < data.size(); ++i) row_of[data.fids[i]] = i;
        if (auto it = row_of.find(cell.fid); it != row_of.end())
          data.columns.at(model_of.at(cell.column))[it->second] = repaired_utf8(cell.text);
      }
    }
    for (const auto& o : ol.overflows) {
      if (o.field_index >= defn.GetFieldCount()) continue;
      const std::string source_name = defn.GetFieldDefn(o.field_index)->GetNameRef();
      // Asterisks are also dBase's empty value: in an optional field they are simply empty.
      for (const ModelField& mf : model_fields(ls.role))
        if (mf.required && data.field_sources.count(mf.name) && data.field_sources.at(mf.name) == source_name)
          data.value_problems.push_back({o.record, mf.name, "asterisks in the .dbf: empty, or a number too wide for its field"});
    }
    load_checks::set_aside_unusable(data, unusable);
    if (is_polygonal_role(ls.role)) load_checks::leave_out_non_polygons(data);
    load_checks::number_fields(data);
    load_checks::shared_ids(data, options.merge_pieces || spec.merge_pieces || ls.merge_pieces);
    std::int64_t invalid_count = 0;
    Finding invalid_finding{Severity::Error, "invalid_geometry", "", {}};
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (!data.invalid_reasons[i] || data.geometries[i].empty()) continue;  // unusable ones: said above
      if (invalid_count == 0) invalid_finding.message = fmt::format("feature {}: {}", data.fids[i], *data.invalid_reasons[i]);
      if (invalid_finding.feature_ids.size() < kMaxListedFeatures) invalid_finding.feature_ids.push_back(data.fids[i]);
      ++invalid_count;
    }
    if (invalid_count > 0) {
      invalid_finding.message = fmt::format("{} invalid geometr{}; first: {}", invalid_count, invalid_count == 1 ? "y" : "ies",
                                            invalid_finding.message);
      data.findings.push_back(std::move(invalid_finding));
    }
    if (ls.role == Role::Facilities && data.has("kind")) {
      auto& kinds = data.columns["kind"];
      std::set<std::string> unknown;
      for (auto& v : kinds) {
        const std::string text = value_to_string(v);
        if (auto k = normalise_facility_kind(text))
          v = *k;
        else if (!text.empty())
          unknown.insert(text);
      }
      if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
        data.findings.push_back({Severity::Warning, "unknown_facility_kind",
                                 "facility kinds not recognised (kept as given): " + list, {}});
      }
    }
    project.layers[ls.role] = std::make_shared<LayerData>(std::move(data));
  }
  if (estimating) estimate_households(project, feedback);
  if (feedback) feedback->set_progress(100.0);
  return project;
}

}  // namespace geo
