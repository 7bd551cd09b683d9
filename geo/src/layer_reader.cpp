#include "layer_reader.h"

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/text.h"
#include "geo/web_map_offsets.h"

namespace geo::layer_reader {

namespace {

// A field's value; text that is not UTF-8 (GBK bytes in a GeoJSON or CSV, which GDAL passes on as
// they are) is decoded from GBK when the project says so or when it is GBK, and counted.
Value read_value(const OGRFeature& f, int index, bool gbk_text, std::int64_t& repaired) {
  if (!f.IsFieldSetAndNotNull(index)) return std::monostate{};
  switch (f.GetFieldDefnRef(index)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(index));
    case OFTReal: return f.GetFieldAsDouble(index);
    default: {
      std::string text = f.GetFieldAsString(index);
      if (gbk_text) {
        if (auto decoded = gbk_to_utf8(text)) return *decoded;
      }
      if (is_valid_utf8(text)) return text;
      ++repaired;
      return repaired_utf8(text);
    }
  }
}

}  // namespace

// Reads the layer's features (as filtered) with this thread's own PROJ and GEOS contexts.
ChunkResult read_chunk(OGRLayer& layer, const ReadPlan& plan, const SubFeedback* progress, std::int64_t expected,
                       Feedback* cancel, std::size_t capacity) {
  ProjContext proj;
  GeosContext geos;
  Transformer to_working(proj, plan.source_crs, plan.working_crs);
  ChunkResult out;
  // GDAL's own warnings while reading (an unclosed ring it accepted) are not printed: the checks
  // below name each such feature; its errors are kept for a finding.
  GdalErrorCollector gdal_messages;
  out.columns.resize(plan.field_indexes.size());
  out.fids.reserve(capacity);
  out.geometries.reserve(capacity);
  out.invalid_reasons.reserve(capacity);
  for (auto& column : out.columns) column.reserve(capacity);
  layer.ResetReading();
  std::int64_t n = 0;
  for (auto& feature : layer) {
    if (++n % 4096 == 0) {
      if (progress) {
        progress->throw_if_cancelled();
        progress->set_progress(100.0 * static_cast<double>(n) / static_cast<double>(std::max<std::int64_t>(1, expected)));
      }
      if (cancel) cancel->throw_if_cancelled();
    }
    Geometry g;
    if (const OGRGeometry* og = feature->GetGeometryRef()) g = from_ogr(*og);
    // A feature that cannot be used is set aside with its reason in place of its geometry; the
    // loader then leaves it out (or, for plots, keeps it to be reported unchecked).
    std::optional<std::string> invalid = structural_problem(g);
    if (!invalid && plan.bounds && plan.crs) invalid = outside_crs_reason(extent_of(g), *plan.crs, *plan.bounds);
    if (invalid) {
      g = Geometry{};
      out.unusable.push_back({feature->GetFID(), *invalid});
    }
    try {
      if (plan.offset != WebMapOffset::None)
        for (auto& part : g.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_wgs84(p, plan.offset);
      to_working.forward(g);
    } catch (const Error& e) {
      invalid = "its coordinates could not be brought into the working CRS: " + e.problem();
      g = Geometry{};
      out.unusable.push_back({feature->GetFID(), *invalid});
    }
    if (plan.validate && !g.empty()) {
      try {
        auto gg = geos.from_geometry(g);
        invalid = geos.invalid_reason(gg.get());
      } catch (const Error& e) {
        invalid = e.problem();
        g = Geometry{};
        out.unusable.push_back({feature->GetFID(), *invalid});
      }
    }
    out.extent.include(extent_of(g));
    out.fids.push_back(feature->GetFID());
    out.geometries.push_back(std::move(g));
    out.invalid_reasons.push_back(std::move(invalid));
    const std::int64_t before = out.not_utf8;
    for (std::size_t c = 0; c < plan.field_indexes.size(); ++c)
      out.columns[c].push_back(read_value(*feature, plan.field_indexes[c], plan.gbk_text, out.not_utf8));
    if (out.not_utf8 > before && out.first_not_utf8 < 0) out.first_not_utf8 = feature->GetFID();
  }
  out.gdal_errors = gdal_messages.errors();
  return out;
}

}  // namespace geo::layer_reader
