#pragma once
// The plot review computed without the engine: overlaps and validity by SpatiaLite (GDAL's
// SQLite dialect) on the project's GeoPackage, each shipped pack's office-space rule written out
// here in plain arithmetic. What the engine, the CLI's files and the map application's colours
// are checked against.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace fixtures {

struct IndependentPlot {
  std::string community_id;  // of largest overlap; empty outside every community
  bool valid = false;
  std::optional<double> households, gfa, reserved, small_units;
  std::optional<double> required;  // the office space the pack asks for; none when no rule applies
  std::string verdict;             // compliant, short, not_applicable, unchecked

  double shortfall() const;  // of office space; 0 when met
};

// Plots of a GeoPackage laid out as the demo city's (layers plots and communities, Chinese field
// names), by plot id (地块编号), under the shipped pack `pack` (national, hangzhou, changsha).
std::map<std::string, IndependentPlot> independent_review(const std::filesystem::path& gpkg, const std::string& pack);

}  // namespace fixtures
