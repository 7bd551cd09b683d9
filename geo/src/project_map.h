#pragma once
// The map part of a project file: [styles.*] (how each layer looks and when it shows) and
// [[map_layers]] (layers added beside the project's roles).
#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "geo/project.h"

namespace geo {

std::map<std::string, LayerStyleSpec> parse_styles_table(const toml::node& node, const std::filesystem::path& file);
std::vector<MapLayerSpec> parse_map_layers(const toml::node& node, const std::filesystem::path& file,
                                           const std::filesystem::path& base);

}  // namespace geo
