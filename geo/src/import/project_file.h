#pragma once
// The project file an import writes: its layers in the GeoPackage, the working CRS chosen once
// (and why), and the profile's [network] and [households] tables.
#include <filesystem>
#include <string>
#include <vector>

#include "import/profile.h"

namespace geo::import {

struct ProjectFileContent {
  std::string name;
  std::string gpkg;  // file name, beside the project file
  int working_epsg = 0;
  std::string crs_reason;
  ImportProfile profile;
  std::vector<std::string> sources;  // file names, for the header
  std::vector<std::string> layers;   // roles and residential_areas written to the GeoPackage
  bool candidates_are_buildings = false;  // [layers.candidates] reads the buildings layer
  bool merge_pieces = false;
  bool calibrate_to_communities = false;  // the communities carry households
};

// Writes `file` and checks that it reads back as a project (relative paths resolved as if it
// were already at `final_path`).
void write_project_file(const std::filesystem::path& file, const std::filesystem::path& final_path, const ProjectFileContent& c);

}  // namespace geo::import
