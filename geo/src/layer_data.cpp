// One role's features held column by column, and the values in them.
#include "geo/project.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "geo/numbers.h"

namespace geo {

std::optional<double> LayerData::number(std::size_t i, const std::string& field) const {
  auto it = columns.find(field);
  if (it == columns.end()) return std::nullopt;
  const Value& v = it->second.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<double>(&v)) return std::isfinite(*p) ? std::optional<double>(*p) : std::nullopt;
  if (auto p = std::get_if<std::string>(&v)) return read_number(*p).value;
  return std::nullopt;
}

std::optional<std::string> LayerData::value_problem(std::size_t row, const std::string& field) const {
  for (const auto& p : value_problems)
    if (p.fid == fids.at(row) && p.field == field) return p.problem;
  return std::nullopt;
}

std::string value_to_string(const Value& v) {
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return fmt::format("{}", *p);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  return {};
}

std::string LayerData::describe_source() const {
  return source_file.filename().string() + ", layer '" + source_layer + "'";
}

std::string LayerData::text(std::size_t i, const std::string& field) const {
  auto it = columns.find(field);
  return it == columns.end() ? std::string() : value_to_string(it->second.at(i));
}

std::vector<std::string> LayerData::column_names() const {
  std::vector<std::string> names;
  for (const auto& c : column_order)
    if (columns.count(c) && std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  for (const auto& [c, values] : columns)
    if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  return names;
}

const LayerData* Project::layer(Role role) const {
  auto it = layers.find(role);
  return it == layers.end() ? nullptr : it->second.get();
}

std::string LayerData::label(const std::string& model_field) const {
  auto it = field_sources.find(model_field);
  return it == field_sources.end() || it->second == model_field ? model_field : model_field + " (" + it->second + ")";
}

}  // namespace geo
