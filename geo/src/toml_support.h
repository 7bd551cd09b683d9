#pragma once
// Reading TOML (projects, rule packs) with every error naming the file and line.
#include <toml++/toml.h>

#include <filesystem>
#include <string>

#include "geo/database.h"
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

inline bool bool_value(const toml::node& node, const std::filesystem::path& file, const std::string& key) {
  if (auto b = node.value<bool>()) return *b;
  throw Error("'" + key + "' must be true or false", at(file, node));
}

// A path as the file writes it, resolved against the folder of the file that names it; a
// database's connection string ("PG:...") as it is, refused if it holds a password.
inline std::filesystem::path path_value(const toml::node& node, const std::filesystem::path& file, const std::string& key,
                                        const std::filesystem::path& base) {
  const std::string text = string_value(node, file, key);
  if (is_database_source(text)) {
    if (redact_connection(text) != text)
      throw Error("a password in the project file: give it in ~/.pgpass, a service file (PG:service=NAME) or PGPASSWORD, "
                  "and take it out of the project",
                  at(file, node));
    return std::filesystem::path(text);
  }
  std::filesystem::path p = std::filesystem::u8path(text);
  return p.is_relative() ? base / p : p;
}

}  // namespace geo::toml_support
