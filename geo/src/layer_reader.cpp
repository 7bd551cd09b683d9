#include "layer_reader.h"

#include <ogr_recordbatch.h>

#include <cstring>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/text.h"
#include "geo/web_map_offsets.h"

namespace geo::layer_reader {

namespace {

// What every read feature goes through, whether it came from GDAL's features or its Arrow
// stream: checked, brought into the working CRS, set aside with its reason where it cannot be used.
class FeatureIntake {
 public:
  FeatureIntake(const ReadPlan& plan, ChunkResult& out)
      : plan_(plan), out_(out), to_working_(proj_, plan.source_crs, plan.working_crs) {}

  void add(std::int64_t fid, Geometry g) {
    // A feature that cannot be used is set aside with its reason in place of its geometry; the
    // loader then leaves it out (or, for plots, keeps it to be reported unchecked).
    std::optional<std::string> invalid = structural_problem(g);
    if (!invalid && plan_.bounds && plan_.crs) invalid = outside_crs_reason(extent_of(g), *plan_.crs, *plan_.bounds);
    if (invalid) {
      g = Geometry{};
      out_.unusable.push_back({fid, *invalid});
    }
    try {
      if (plan_.offset != WebMapOffset::None)
        for (auto& part : g.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_wgs84(p, plan_.offset);
      to_working_.forward(g);
    } catch (const Error& e) {
      invalid = "its coordinates could not be brought into the working CRS: " + e.problem();
      g = Geometry{};
      out_.unusable.push_back({fid, *invalid});
    }
    if (plan_.validate && !g.empty()) {
      try {
        auto gg = geos_.from_geometry(g);
        invalid = geos_.invalid_reason(gg.get());
      } catch (const Error& e) {
        invalid = e.problem();
        g = Geometry{};
        out_.unusable.push_back({fid, *invalid});
      }
    }
    out_.extent.include(extent_of(g));
    out_.fids.push_back(fid);
    out_.geometries.push_back(std::move(g));
    out_.invalid_reasons.push_back(std::move(invalid));
  }

  // A text value: decoded from GBK where the project says so, repaired (and counted) where it is not UTF-8.
  Value text(std::string text, std::int64_t fid) {
    if (plan_.gbk_text) {
      if (auto decoded = gbk_to_utf8(text)) return *decoded;
    }
    if (is_valid_utf8(text)) return text;
    if (out_.not_utf8++ == 0) out_.first_not_utf8 = fid;
    return repaired_utf8(text);
  }

 private:
  const ReadPlan& plan_;
  ChunkResult& out_;
  ProjContext proj_;
  GeosContext geos_;
  Transformer to_working_;
};

// How far the reading is (n of about `expected` features), and a stop if asked.
void report(const SubFeedback* progress, Feedback* cancel, std::int64_t n, std::int64_t expected) {
  if (progress) {
    progress->throw_if_cancelled();
    progress->set_progress(100.0 * static_cast<double>(n) / static_cast<double>(std::max<std::int64_t>(1, expected)));
  }
  if (cancel) cancel->throw_if_cancelled();
}

void reserve(ChunkResult& out, std::size_t fields, std::size_t capacity) {
  out.columns.resize(fields);
  out.fids.reserve(capacity);
  out.geometries.reserve(capacity);
  out.invalid_reasons.reserve(capacity);
  for (auto& column : out.columns) column.reserve(capacity);
}

// --- GDAL's Arrow stream ---------------------------------------------------------------------
// GDAL hands a layer over in batches of columns (OGRLayer::GetArrowStream, GDAL 3.6). GDAL alone
// streams the city's 396,000 buildings out of a GeoPackage in 0.15-0.17 s this way against
// 0.50-0.64 s feature by feature; the whole load for `cplan check` takes 428 ms against 739 ms
// (bench/read_bench). The columns are read in place; geometries come as well-known binary.

template <typename T>
struct ArrowReleased {
  T handle{};
  ArrowReleased() = default;
  ArrowReleased(const ArrowReleased&) = delete;
  ArrowReleased& operator=(const ArrowReleased&) = delete;
  ~ArrowReleased() {
    if (handle.release) handle.release(&handle);
  }
};

// The Arrow types GDAL gives the field types the model reads; any other (dates, lists, binary)
// leaves the layer to be read feature by feature.
enum class ArrowColumn { Int16, Int32, Int64, Bool, Float32, Float64, Utf8, LargeUtf8 };

std::optional<ArrowColumn> arrow_column(const char* format) {
  const std::string f = format;
  if (f == "s") return ArrowColumn::Int16;
  if (f == "i") return ArrowColumn::Int32;
  if (f == "l") return ArrowColumn::Int64;
  if (f == "b") return ArrowColumn::Bool;
  if (f == "f") return ArrowColumn::Float32;
  if (f == "g") return ArrowColumn::Float64;
  if (f == "u") return ArrowColumn::Utf8;
  if (f == "U") return ArrowColumn::LargeUtf8;
  return std::nullopt;
}

bool bit_set(const void* bits, std::int64_t i) { return (static_cast<const std::uint8_t*>(bits)[i / 8] >> (i % 8)) & 1; }

bool is_null(const ArrowArray& column, std::int64_t i) { return column.null_count != 0 && column.buffers[0] && !bit_set(column.buffers[0], i); }

template <typename Offset>
std::string_view bytes_at(const ArrowArray& column, std::int64_t i) {
  const auto* offsets = static_cast<const Offset*>(column.buffers[1]);
  const auto* data = static_cast<const char*>(column.buffers[2]);
  return {data + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
}

struct ArrowLayout {
  std::vector<std::pair<std::size_t, ArrowColumn>> fields;  // per planned field: its child and type
  std::optional<std::size_t> geometry;                      // the child holding the first geometry field
};

// Where the planned fields are among the stream's columns: the feature id first, then the fields
// not ignored in the layer's order, then its geometry fields. nullopt where the stream is not so.
std::optional<ArrowLayout> arrow_layout(const ArrowSchema& schema, OGRLayer& layer, const ReadPlan& plan) {
  const OGRFeatureDefn& defn = *layer.GetLayerDefn();
  if (schema.n_children < 1 || std::strcmp(schema.children[0]->format, "l") != 0) return std::nullopt;
  std::vector<std::optional<std::size_t>> child_of(static_cast<std::size_t>(defn.GetFieldCount()));
  std::size_t next = 1;
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    if (defn.GetFieldDefn(i)->IsIgnored()) continue;
    if (next >= static_cast<std::size_t>(schema.n_children) ||
        std::strcmp(schema.children[next]->name, defn.GetFieldDefn(i)->GetNameRef()) != 0)
      return std::nullopt;
    child_of[static_cast<std::size_t>(i)] = next++;
  }
  ArrowLayout layout;
  for (int index : plan.field_indexes) {
    const auto child = child_of.at(static_cast<std::size_t>(index));
    if (!child) return std::nullopt;
    const auto type = arrow_column(schema.children[*child]->format);
    if (!type) return std::nullopt;
    layout.fields.emplace_back(*child, *type);
  }
  if (defn.GetGeomFieldCount() > 0 && !defn.GetGeomFieldDefn(0)->IsIgnored()) {
    if (next >= static_cast<std::size_t>(schema.n_children) || std::strcmp(schema.children[next]->format, "z") != 0) return std::nullopt;
    layout.geometry = next;
  }
  return layout;
}

// A field's value, as GDAL's feature gives it.
Value read_value(const OGRFeature& f, int index, FeatureIntake& intake) {
  if (!f.IsFieldSetAndNotNull(index)) return std::monostate{};
  switch (f.GetFieldDefnRef(index)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(index));
    case OFTReal: return f.GetFieldAsDouble(index);
    default: return intake.text(f.GetFieldAsString(index), f.GetFID());
  }
}

Value arrow_value(const ArrowArray& column, ArrowColumn type, std::int64_t i, FeatureIntake& intake, std::int64_t fid) {
  if (is_null(column, i)) return std::monostate{};
  switch (type) {
    case ArrowColumn::Int16: return static_cast<std::int64_t>(static_cast<const std::int16_t*>(column.buffers[1])[i]);
    case ArrowColumn::Int32: return static_cast<std::int64_t>(static_cast<const std::int32_t*>(column.buffers[1])[i]);
    case ArrowColumn::Int64: return static_cast<std::int64_t>(static_cast<const std::int64_t*>(column.buffers[1])[i]);
    case ArrowColumn::Bool: return static_cast<std::int64_t>(bit_set(column.buffers[1], i) ? 1 : 0);
    case ArrowColumn::Float32: return static_cast<double>(static_cast<const float*>(column.buffers[1])[i]);
    case ArrowColumn::Float64: return static_cast<const double*>(column.buffers[1])[i];
    case ArrowColumn::Utf8: return intake.text(std::string(bytes_at<std::int32_t>(column, i)), fid);
    case ArrowColumn::LargeUtf8: return intake.text(std::string(bytes_at<std::int64_t>(column, i)), fid);
  }
  return std::monostate{};
}

// The chunk read from the layer's Arrow stream; nullopt where the stream is not one this reads
// (or fails part way), for the layer to be read feature by feature instead.
std::optional<ChunkResult> read_arrow_chunk(OGRLayer& layer, const ReadPlan& plan, const SubFeedback* progress, std::int64_t expected,
                                            Feedback* cancel, std::size_t capacity) {
  ArrowReleased<ArrowArrayStream> stream;
  const char* const options[] = {"INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=16384", nullptr};
  layer.ResetReading();
  if (!layer.GetArrowStream(&stream.handle, const_cast<char**>(options))) return std::nullopt;
  ArrowReleased<ArrowSchema> schema;
  if (stream.handle.get_schema(&stream.handle, &schema.handle) != 0) return std::nullopt;
  const std::optional<ArrowLayout> layout = arrow_layout(schema.handle, layer, plan);
  if (!layout) return std::nullopt;
  ChunkResult out;
  reserve(out, plan.field_indexes.size(), capacity);
  FeatureIntake intake(plan, out);
  std::int64_t n = 0;
  while (true) {
    ArrowReleased<ArrowArray> batch;
    if (stream.handle.get_next(&stream.handle, &batch.handle) != 0) return std::nullopt;
    if (!batch.handle.release) break;  // the end of the stream
    const ArrowArray& b = batch.handle;
    report(progress, cancel, n, expected);
    n += b.length;
    const ArrowArray& fids = *b.children[0];
    for (std::int64_t r = 0; r < b.length; ++r) {
      const std::int64_t fid = static_cast<const std::int64_t*>(fids.buffers[1])[b.offset + fids.offset + r];
      Geometry g;
      if (layout->geometry) {
        const ArrowArray& column = *b.children[*layout->geometry];
        const std::int64_t i = b.offset + column.offset + r;
        if (!is_null(column, i)) {
          const std::string_view wkb = bytes_at<std::int32_t>(column, i);
          auto parsed = from_wkb({reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size()});
          if (!parsed) return std::nullopt;  // GDAL's features say what is wrong with it
          g = std::move(*parsed);
        }
      }
      intake.add(fid, std::move(g));
      for (std::size_t c = 0; c < layout->fields.size(); ++c) {
        const auto [child, type] = layout->fields[c];
        const ArrowArray& column = *b.children[child];
        out.columns[c].push_back(arrow_value(column, type, b.offset + column.offset + r, intake, fid));
      }
    }
  }
  return out;
}

}  // namespace

// Reads the layer's features (as filtered) with this thread's own PROJ and GEOS contexts.
ChunkResult read_chunk(OGRLayer& layer, const ReadPlan& plan, const SubFeedback* progress, std::int64_t expected,
                       Feedback* cancel, std::size_t capacity) {
  // GDAL's own warnings while reading (an unclosed ring it accepted) are not printed: the checks
  // name each such feature; its errors are kept for a finding.
  if (plan.columnar && layer.TestCapability(OLCFastGetArrowStream)) {
    // Its own collector: what GDAL said during an attempt given up is not the features' reading.
    GdalErrorCollector arrow_messages;
    if (std::optional<ChunkResult> columnar = read_arrow_chunk(layer, plan, progress, expected, cancel, capacity)) {
      columnar->gdal_errors = arrow_messages.errors();
      return std::move(*columnar);
    }
  }
  GdalErrorCollector gdal_messages;
  ChunkResult out;
  reserve(out, plan.field_indexes.size(), capacity);
  FeatureIntake intake(plan, out);
  layer.ResetReading();
  std::int64_t n = 0;
  for (auto& feature : layer) {
    if (++n % 4096 == 0) report(progress, cancel, n, expected);
    Geometry g;
    if (const OGRGeometry* og = feature->GetGeometryRef()) g = from_ogr(*og);
    intake.add(feature->GetFID(), std::move(g));
    for (std::size_t c = 0; c < plan.field_indexes.size(); ++c)
      out.columns[c].push_back(read_value(*feature, plan.field_indexes[c], intake));
  }
  out.gdal_errors = gdal_messages.errors();
  return out;
}

}  // namespace geo::layer_reader
