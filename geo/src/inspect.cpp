#include "geo/inspect.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "geo/crs_checks.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/shapefile_checks.h"
#include "geo/text.h"

namespace geo {

namespace fs = std::filesystem;

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

bool SourceReport::has_read_errors() const {
  // What GDAL read is incomplete, or pairs attributes with the wrong shapes.
  auto incomplete = [](const Finding& f) {
    for (const char* code : {"read_error", "record_counts_disagree", "dbf_header_lies", "dbf_damaged", "dbf_missing", "shp_truncated",
                             "shx_damaged", "shp_header"})
      if (f.code == code) return true;
    return false;
  };
  for (const auto& f : findings)
    if (incomplete(f)) return true;
  for (const auto& l : layers)
    for (const auto& f : l.findings)
      if (incomplete(f)) return true;
  return false;
}

bool SourceReport::has_errors() const {
  auto any_error = [](const std::vector<Finding>& fs) {
    for (const auto& f : fs)
      if (f.severity == Severity::Error) return true;
    return false;
  };
  if (any_error(findings)) return true;
  for (const auto& l : layers)
    if (any_error(l.findings)) return true;
  return false;
}

namespace {

bool looks_like_china_lonlat(const Extent& e) {
  return e.min_x >= 73.0 && e.max_x <= 136.0 && e.min_y >= 3.0 && e.max_y <= 54.0;
}
bool looks_like_china_latlon(const Extent& e) {
  return e.min_y >= 73.0 && e.max_y <= 136.0 && e.min_x >= 3.0 && e.max_x <= 54.0;
}

}  // namespace

std::optional<Finding> check_axis_order(const Extent& e, const std::optional<LayerCrs>& crs) {
  if (e.is_empty()) return std::nullopt;
  const bool geographic_or_unknown = !crs || crs->geographic;
  if (geographic_or_unknown && looks_like_china_latlon(e) && !looks_like_china_lonlat(e)) {
    return Finding{Severity::Error, "swapped_axes",
                   fmt::format("coordinates look like latitude/longitude swapped: x runs {:.4f}–{:.4f}, y {:.4f}–{:.4f} "
                               "(China lies at 73–136°E, 3–54°N); swap x and y before use",
                               e.min_x, e.max_x, e.min_y, e.max_y),
                   {}};
  }
  if (crs && !crs->geographic) {
    // Gauss-Kruger in China: easting 0–1,000,000 m (or zone-prefixed 13–45 million),
    // northing 300,000–6,000,000 m. Northing in x and easting in y is the classic swap.
    const bool x_like_northing = e.min_x > 1'000'000.0 && e.max_x < 6'000'000.0;
    const bool y_like_easting = e.min_y > 0.0 && e.max_y < 1'000'000.0;
    if (x_like_northing && y_like_easting) {
      return Finding{Severity::Error, "swapped_axes",
                     fmt::format("coordinates look like northing/easting swapped: x runs {:.0f}–{:.0f}, y {:.0f}–{:.0f}; "
                                 "in {} x is the easting",
                                 e.min_x, e.max_x, e.min_y, e.max_y, crs->name),
                     {}};
    }
  }
  if (!crs && looks_like_china_lonlat(e)) {
    return Finding{Severity::Warning, "crs_guess",
                   "no CRS, but the coordinates look like longitude/latitude in China: declare EPSG:4490 (CGCS2000) "
                   "or EPSG:4326, or a web-map offset (gcj02, bd09) if they came from AMap or Baidu",
                   {}};
  }
  return std::nullopt;
}

namespace {

void add_encoding_findings(const DbfEncoding& dbf, SourceReport& report) {
  const std::string name = fs::path(dbf.dbf_path).filename().string();
  if (dbf.cpg || dbf.ldid != 0 || dbf.text == DbfText::AsciiOnly) return;
  if (dbf.text == DbfText::Gbk) {
    report.findings.push_back({Severity::Warning, "dbf_encoding_guess",
                               name + " has no .cpg and its text bytes look like GBK, not UTF-8: read as GBK (CP936). "
                                      "Add a .cpg containing GBK so other GIS read it the same way",
                               {}});
  } else if (dbf.text == DbfText::Utf8) {
    report.findings.push_back({Severity::Warning, "dbf_encoding_guess",
                               name + " has no .cpg; its text bytes are valid UTF-8: read as UTF-8. "
                                      "Add a .cpg containing UTF-8 so other GIS read it the same way",
                               {}});
  } else {
    report.findings.push_back({Severity::Warning, "dbf_encoding_unknown",
                               name + " has no .cpg and its text is neither UTF-8 nor GBK: Chinese text may be garbled; "
                                      "give the encoding with --encoding",
                               {}});
  }
}

std::optional<LayerCrs> describe_layer_crs(ProjContext& proj, const OGRSpatialReference* srs) {
  const std::string definition = crs_definition_of(srs);
  if (definition.empty()) return std::nullopt;
  LayerCrs crs;
  crs.name = srs->GetName() ? srs->GetName() : "";
  crs.geographic = srs->IsGeographic() != 0;
  try {
    CrsDescription d = describe_crs(proj, definition);
    crs.epsg = d.epsg;
    if (crs.name.empty()) crs.name = d.name;
  } catch (const Error&) {
    // A CRS GDAL reads but PROJ cannot identify keeps its name without an EPSG code.
  }
  return crs;
}

bool has_non_finite_coordinate(const Geometry& g) {
  for (const auto& part : g.parts)
    for (const auto& path : part)
      for (const auto& p : path)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return true;
  return false;
}

}  // namespace

SourceReport inspect_source(const std::string& path, const InspectOptions& options, Feedback* feedback) {
  OpenedSource source = open_vector_source(path, {.encoding = options.encoding});
  GDALDataset& ds = *source.dataset;
  SourceReport report;
  report.path = path;
  report.driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  report.encoding = source.encoding_override;
  if (source.dbf) add_encoding_findings(*source.dbf, report);

  const bool is_shapefile = report.driver == "ESRI Shapefile";
  if (is_shapefile) {
    ShapefileCheck files = check_shapefile(path);
    report.findings.insert(report.findings.end(), files.findings.begin(), files.findings.end());
  }
  GeosContext geos;
  ProjContext proj;

  const int layer_count = ds.GetLayerCount();
  for (int li = 0; li < layer_count; ++li) {
    OGRLayer* layer = ds.GetLayer(li);
    GdalErrorCollector read_errors;
    LayerReport lr;
    lr.name = layer->GetName();
    lr.geometry_type = OGRGeometryTypeToName(layer->GetGeomType());
    const std::optional<std::string> crs_unreadable = unreadable_crs(source, *layer);
    if (crs_unreadable)
      lr.findings.push_back({Severity::Error, "crs_unreadable",
                             *crs_unreadable + "; it is not taken as WGS 84: declare the CRS in the project (crs = \"EPSG:...\")", {}});
    else
      lr.crs = describe_layer_crs(proj, layer->GetSpatialRef());
    const std::optional<CrsBounds> bounds = lr.crs ? crs_bounds(proj, crs_definition_of(layer->GetSpatialRef())) : std::nullopt;
    Extent all_finite;  // every feature's, the implausible ones too: what the CRS check judges
    std::int64_t outside_count = 0, non_finite_count = 0;
    std::vector<std::int64_t> outside_ids, non_finite_ids;
    std::string first_outside;
    std::int64_t not_utf8 = 0;
    std::string first_not_utf8;
    bool gbk_too = true;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int fi = 0; fi < defn->GetFieldCount(); ++fi) {
      const OGRFieldDefn* fd = defn->GetFieldDefn(fi);
      lr.fields.push_back({fd->GetNameRef(), OGRFieldDefn::GetFieldTypeName(fd->GetType()), fd->GetWidth()});
      if (!is_valid_utf8(fd->GetNameRef())) {
        lr.findings.push_back({Severity::Error, "broken_field_name",
                               fmt::format("field {} has a name that is not valid text (a Chinese name cut mid-character "
                                           "at the Shapefile's 10-byte limit?); rename it",
                                           fi + 1),
                               {}});
      }
    }
    if (report.driver == "GPKG") {
      std::vector<std::string> numeric;
      for (int fi = 0; fi < defn->GetFieldCount(); ++fi) {
        const OGRFieldType type = defn->GetFieldDefn(fi)->GetType();
        if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) numeric.push_back(defn->GetFieldDefn(fi)->GetNameRef());
      }
      const auto all_cells = gpkg_non_numeric_cells(ds, *layer, numeric);
      for (const auto& name : numeric) {
        std::vector<NonNumericCell> cells;
        for (const auto& c : all_cells)
          if (c.column == name) cells.push_back(c);
        if (cells.empty()) continue;
        Finding f{Severity::Error, "text_in_number_column",
                  fmt::format("the number column {} holds text in {} row(s) (first: feature {}: '{}'): GDAL reads such a cell as 0; "
                              "cplan reports it as not a number",
                              name, cells.size(), cells.front().fid, repaired_utf8(cells.front().text)),
                  {}};
        for (std::size_t k = 0; k < cells.size() && k < kMaxListedFeatures; ++k) f.feature_ids.push_back(cells[k].fid);
        lr.findings.push_back(std::move(f));
      }
    }
    if (is_shapefile && !lr.crs && !crs_unreadable) {
      lr.findings.push_back({Severity::Warning, "missing_prj",
                             "no .prj beside the Shapefile: its CRS is unknown; declare it in the project (crs = \"EPSG:4549\")",
                             {}});
    } else if (!lr.crs && !crs_unreadable && layer->GetGeomType() != wkbNone) {
      lr.findings.push_back({Severity::Warning, "missing_crs", "the layer declares no CRS", {}});
    }

    const std::int64_t expected = layer->GetFeatureCount(FALSE);
    layer->ResetReading();
    std::int64_t count = 0;
    std::vector<unsigned char> wkb;
    for (auto& feature : *layer) {
      ++count;
      if (feedback && expected > 0 && count % 1024 == 0) {
        feedback->throw_if_cancelled();
        feedback->set_progress(100.0 * (li + static_cast<double>(count) / static_cast<double>(expected)) / layer_count);
      }
      for (int fi = 0; fi < defn->GetFieldCount(); ++fi)
        if (defn->GetFieldDefn(fi)->GetType() == OFTString && feature->IsFieldSetAndNotNull(fi) &&
            !is_valid_utf8(feature->GetFieldAsString(fi))) {
          if (not_utf8 == 0) first_not_utf8 = fmt::format("feature {}, field {}", feature->GetFID(), defn->GetFieldDefn(fi)->GetNameRef());
          ++not_utf8;
          gbk_too = gbk_too && gbk_to_utf8(feature->GetFieldAsString(fi)).has_value();
        }
      const OGRGeometry* g = feature->GetGeometryRef();
      if (!g || g->IsEmpty()) {
        if (layer->GetGeomType() != wkbNone) ++lr.empty_count;
        continue;
      }
      OGREnvelope env;
      g->getEnvelope(&env);
      const Extent e{env.MinX, env.MinY, env.MaxX, env.MaxY};
      const Geometry plain = from_ogr(*g);
      if (has_non_finite_coordinate(plain)) {
        if (non_finite_ids.size() < kMaxListedFeatures) non_finite_ids.push_back(feature->GetFID());
        ++non_finite_count;
        continue;
      }
      all_finite.include(e);
      if (const auto why = bounds && lr.crs ? outside_crs_reason(e, *lr.crs, *bounds) : std::nullopt) {
        if (outside_ids.empty()) first_outside = *why;
        if (outside_ids.size() < kMaxListedFeatures) outside_ids.push_back(feature->GetFID());
        ++outside_count;
      } else {
        lr.extent.include(e);
      }
      if (!options.check_geometries) continue;
      wkb.resize(static_cast<std::size_t>(g->WkbSize()));
      g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
      std::optional<std::string> reason = structural_problem(plain);
      if (!reason) try {
          auto geom = geos.from_wkb(wkb);
          reason = geos.invalid_reason(geom.get());
        } catch (const Error& failure) {
          reason = failure.what();
        }
      if (reason) {
        ++lr.invalid_count;
        if (lr.first_invalid.size() < kMaxListedFeatures) lr.first_invalid.push_back({feature->GetFID(), *reason});
      }
    }
    lr.feature_count = count;
    if (lr.invalid_count > 0) {
      Finding f{Severity::Error, "invalid_geometry",
                fmt::format("{} invalid geometr{}; first: feature {}: {}", lr.invalid_count,
                            lr.invalid_count == 1 ? "y" : "ies", lr.first_invalid[0].fid, lr.first_invalid[0].reason),
                {}};
      for (const auto& inv : lr.first_invalid) f.feature_ids.push_back(inv.fid);
      lr.findings.push_back(std::move(f));
    }
    if (lr.empty_count > 0) {
      lr.findings.push_back({Severity::Warning, "empty_geometry",
                             fmt::format("{} feature{} without geometry", lr.empty_count, lr.empty_count == 1 ? "" : "s"),
                             {}});
    }
    if (not_utf8 > 0)
      lr.findings.push_back({Severity::Warning, "text_not_utf8",
                             fmt::format("{} text value(s) are not UTF-8 (first: {}){}: cplan reads them as GBK where they are; save "
                                         "the file as UTF-8{}",
                                         not_utf8, first_not_utf8, gbk_too ? "; they are GBK bytes" : "",
                                         report.driver == "CSV" ? ", or say encoding = \"GBK\" for it in the project" : ""),
                             {}});
    if (non_finite_count > 0)
      lr.findings.push_back({Severity::Error, "non_finite_coordinates",
                             fmt::format("{} feature(s) have coordinates that are not finite numbers: they are left "
                                         "out of the extent and of every analysis",
                                         non_finite_count),
                             non_finite_ids});
    auto axis = check_axis_order(all_finite, lr.crs);
    if (axis) lr.findings.push_back(*axis);
    std::optional<Finding> contradicted;
    if (lr.crs && !axis) contradicted = check_coordinates_against_crs(all_finite, *lr.crs, bounds);
    if (contradicted || axis) {
      if (contradicted) lr.findings.push_back(*contradicted);
      lr.extent = all_finite;  // every feature is outside: show where they are
    } else if (outside_count > 0) {
      lr.findings.push_back({Severity::Error, "outside_crs",
                             fmt::format("{} feature(s) lie outside where the layer's CRS is used, left out of the extent and of every "
                                         "analysis; first: feature {}: {}",
                                         outside_count, outside_ids.front(), first_outside),
                             outside_ids});
    }
    if (const auto& errors = read_errors.errors(); !errors.empty()) {
      std::string first;
      for (std::size_t i = 0; i < errors.size() && i < 3; ++i) first += (i ? "; " : "") + errors[i];
      lr.findings.push_back({Severity::Error, "read_error",
                             fmt::format("part of the layer could not be read (damaged or truncated file?): GDAL reported {} "
                                         "error{}; first: {}",
                                         errors.size(), errors.size() == 1 ? "" : "s", first),
                             {}});
    }
    report.layers.push_back(std::move(lr));
  }
  if (feedback) feedback->set_progress(100.0);
  return report;
}

nlohmann::json to_json(const SourceReport& report) {
  using nlohmann::json;
  auto findings_json = [](const std::vector<Finding>& findings) {
    json arr = json::array();
    for (const auto& f : findings) {
      json j{{"severity", to_string(f.severity)}, {"code", f.code}, {"message", f.message}};
      if (!f.feature_ids.empty()) j["feature_ids"] = f.feature_ids;
      arr.push_back(std::move(j));
    }
    return arr;
  };
  json layers = json::array();
  for (const auto& l : report.layers) {
    json fields = json::array();
    for (const auto& f : l.fields) fields.push_back({{"name", f.name}, {"type", f.type}, {"width", f.width}});
    json crs = nullptr;
    if (l.crs) {
      crs = {{"name", l.crs->name}, {"geographic", l.crs->geographic}};
      crs["epsg"] = l.crs->epsg ? json(*l.crs->epsg) : json(nullptr);
    }
    json extent = nullptr;
    if (!l.extent.is_empty()) extent = {l.extent.min_x, l.extent.min_y, l.extent.max_x, l.extent.max_y};
    json invalid = json::array();
    for (const auto& inv : l.first_invalid) invalid.push_back({{"fid", inv.fid}, {"reason", inv.reason}});
    layers.push_back({{"name", l.name},
                      {"geometry_type", l.geometry_type},
                      {"feature_count", l.feature_count},
                      {"crs", crs},
                      {"extent", extent},
                      {"fields", fields},
                      {"invalid_geometries", {{"count", l.invalid_count}, {"first", invalid}}},
                      {"empty_geometries", l.empty_count},
                      {"findings", findings_json(l.findings)}});
  }
  json out{{"path", report.path}, {"driver", report.driver}, {"layers", layers}, {"findings", findings_json(report.findings)}};
  if (!report.encoding.empty()) out["encoding"] = report.encoding;
  return out;
}

}  // namespace geo
