#pragma once
// The demo city: a deterministic, plausible Chinese city with every layer the planning model
// reads, written to a GeoPackage with a project file beside it. The same scale and seed give
// the same data, byte for byte in content.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "geo/feedback.h"

namespace datasets {

enum class Scale { Demo, District, City, Region };
const char* to_string(Scale s);
std::optional<Scale> parse_scale(std::string_view name);

inline constexpr std::uint64_t kDefaultSeed = 2000;  // the year Hangzhou's community funding began
// Bumped whenever the generator's output changes, so cached demo cities are regenerated.
inline constexpr int kGeneratorVersion = 3;

struct CityParameters {
  int community_cols = 5;
  int community_rows = 5;
  int blocks_per_community_side = 3;  // a community is a 3 x 3 cluster of street blocks
  int buildings_per_block = 8;
  int segments_per_street = 2;        // each street edge between crossings is split (even)
  int plots = 24;
  int facilities_per_community = 6;
  int candidates = 40;
};
CityParameters parameters_for(Scale scale);

struct CityCounts {
  std::int64_t communities = 0, buildings = 0, plots = 0, facilities = 0, parking = 0, road_segments = 0,
               candidates = 0;
};

struct GeneratedCity {
  std::filesystem::path gpkg;
  std::filesystem::path project;  // the .toml naming each layer's role
  CityCounts counts;
};

// Writes <out_dir>/<name>.gpkg and <name>.toml; each file appears whole or not at all.
GeneratedCity generate_city(Scale scale, std::uint64_t seed, const std::filesystem::path& out_dir,
                            const std::string& name, geo::Feedback* feedback = nullptr);

// The demo city's project file in the user's cache folder, generated on first use.
std::filesystem::path demo_project(geo::Feedback* feedback = nullptr);

}  // namespace datasets
