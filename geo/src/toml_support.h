#pragma once
// Reading TOML (projects, rule packs) with every error naming the file and line.
#include <toml++/toml.h>

#include <filesystem>
#include <string>

#include "geo/error.h"

namespace geo::toml_support {

inline Location at(const std::filesystem::path& file, const toml::node& node) {
  Location where{.file = file.string()};
  where.line = static_cast<int>(node.source().begin.line);
  return where;
}

inline toml::table parse(const std::string& text, const std::filesystem::path& file) {
  try {
    return toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    Location where{.file = file.string()};
    where.line = static_cast<int>(e.source().begin.line);
    throw Error(std::string("not valid TOML: ") + std::string(e.description()), where);
  }
}

inline std::string string_value(const toml::node& node, const std::filesystem::path& file, const std::string& key) {
  if (auto s = node.value<std::string>()) return *s;
  throw Error("'" + key + "' must be a string", at(file, node));
}

}  // namespace geo::toml_support
