#include "geo/error.h"

namespace geo {

std::string Location::describe() const {
  std::string out;
  auto append = [&out](const std::string& part) {
    if (!out.empty()) out += ": ";
    out += part;
  };
  if (!file.empty()) append(line ? file + ":" + std::to_string(*line) : file);
  if (!layer.empty()) append("layer '" + layer + "'");
  if (feature) append("feature " + std::to_string(*feature));
  if (!field.empty()) append("field '" + field + "'");
  return out;
}

static std::string compose(const std::string& problem, const Location& where) {
  const std::string prefix = where.describe();
  return prefix.empty() ? problem : prefix + ": " + problem;
}

Error::Error(const std::string& problem, Location where)
    : std::runtime_error(compose(problem, where)), where_(std::move(where)), problem_(problem) {}

}  // namespace geo
