#pragma once
// Errors that say where: every failure names the file, layer, feature and field it concerns,
// so a planner can find the bad record without a debugger.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace geo {

struct Location {
  std::string file;
  std::string layer;
  std::optional<std::int64_t> feature;
  std::string field;
  std::optional<int> line;

  std::string describe() const;
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& problem, Location where = {});
  const Location& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  Location where_;
  std::string problem_;
};

// Thrown by long jobs when the user cancels; callers treat it as "stop cleanly", not as a fault.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled by the user") {}
};

}  // namespace geo
