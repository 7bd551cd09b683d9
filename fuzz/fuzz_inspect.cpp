// Any bytes as a source file for `cplan info`: the first byte picks the extension (GeoJSON,
// CSV, KML, GML, GeoPackage, OSM XML), the rest is the file. Inspected, or refused with
// geo::Error; never a crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "geo/error.h"
#include "geo/inspect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kExtensions[] = {".geojson", ".csv", ".kml", ".gml", ".gpkg", ".osm"};
  static const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("cplan-fuzz-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / (std::string("input") + kExtensions[data[0] % 6]);
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    geo::inspect_source(file.string());
  } catch (const geo::Error&) {
  }
  std::filesystem::remove(file);
  return 0;
}
