#pragma once
// Reading an import's sources into one list of features with their tags, in CGCS2000
// longitude/latitude: OSM extracts through GDAL's OSM driver (all tags, other_tags unpacked, ids
// as n/w/r + number), anything else GDAL reads (Shapefiles, GeoPackages, CSVs) with its fields as
// tags. WGS 84 is taken as CGCS2000: the two agree to well within a metre, far below the
// accuracy of the data (CGCS2000 and ITRF/WGS 84 frames differ by centimetres).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/geometry.h"
#include "import/profile.h"
#include "import/tags.h"

namespace geo::import {

struct SourceLayer {
  std::filesystem::path file;
  std::string name;
  std::string driver;
  std::size_t read = 0;              // features read (those no role takes are not kept)
  std::size_t outside = 0;           // left out by the area asked for (--bbox, --boundary)
  std::size_t without_geometry = 0;  // set aside: nowhere to put them
  std::size_t untransformable = 0;   // set aside: coordinates the CRS cannot hold
  std::vector<std::string> untransformable_ids;
  std::string crs;                   // what its coordinates were read as
};

struct SourceFeature {
  std::uint32_t layer = 0;  // index into SourceData::layers
  std::string id;           // "@id"
  Geometry lonlat;
  Tags tags;
};

struct SourceData {
  std::vector<SourceLayer> layers;
  std::vector<SourceFeature> features;
};

struct ReadRequest {
  std::vector<std::filesystem::path> files;
  const ImportProfile* profile = nullptr;
  // Keeps a feature whose lon/lat extent it accepts (the area asked for); all when empty.
  std::function<bool(const Extent&)> keep;
};

// Throws geo::Error naming the file (and layer) when a source cannot be read at all; features
// that cannot be used are counted on their layer and set aside.
SourceData read_sources(const ReadRequest& request, Feedback* feedback);

// Whether a profile's role looks in this layer: its layer patterns against the layer's name,
// or against "file/layer".
bool layer_wanted(const std::vector<std::string>& patterns, const SourceLayer& layer);

}  // namespace geo::import
