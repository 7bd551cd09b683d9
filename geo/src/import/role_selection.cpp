#include "import/role_selection.h"

#include <fmt/format.h>

namespace geo::import {

namespace {

bool is_area(GeometryKind k) { return k == GeometryKind::Polygon || k == GeometryKind::MultiPolygon; }
bool is_line(GeometryKind k) { return k == GeometryKind::LineString || k == GeometryKind::MultiLineString; }
bool is_point(GeometryKind k) { return k == GeometryKind::Point || k == GeometryKind::MultiPoint; }

// Why a feature of the right tags cannot fill the role, or "" when it can.
std::string geometry_problem(GeometryNeed need, GeometryKind kind) {
  switch (need) {
    case GeometryNeed::Area:
      if (is_area(kind)) return {};
      return is_point(kind) ? "points, not areas (label or address points)" : "lines, not areas (unclosed outlines)";
    case GeometryNeed::Line:
      if (is_line(kind)) return {};
      return is_point(kind) ? "points, not lines" : "areas, not lines (squares and platforms mapped as areas)";
    case GeometryNeed::Point:
      return {};  // outlines and ways are taken at a point on them
    case GeometryNeed::Any: return {};
  }
  return {};
}

}  // namespace

void tally(SetAside& s, const std::string& id) {
  ++s.count;
  if (s.examples.size() < 5) s.examples.push_back(id);
}

std::string describe(const SetAside& s) {
  std::string ids;
  for (const auto& e : s.examples) ids += (ids.empty() ? "" : ", ") + e;
  if (s.count > s.examples.size()) ids += ", ...";
  return fmt::format("{} ({})", s.count, ids);
}

RoleSelection select_features(const RoleRule& rule, const SourceData& data) {
  RoleSelection out;
  out.rule = &rule;
  std::vector<bool> wanted(data.layers.size());
  for (std::size_t l = 0; l < data.layers.size(); ++l) {
    wanted[l] = layer_wanted(rule.layers, data.layers[l]);
    if (wanted[l]) out.layers.push_back(data.layers[l].file.filename().string() + "/" + data.layers[l].name);
  }
  for (std::size_t i = 0; i < data.features.size(); ++i) {
    const SourceFeature& f = data.features[i];
    if (!wanted[f.layer]) continue;
    std::string why;
    std::string kind;
    if (!rule.kinds.empty()) {
      if (!rule.match.empty() && !any_matches(rule.match, f.tags)) continue;
      for (const auto& k : rule.kinds) {
        for (const auto& p : k.match)
          if (p.matches(f.tags)) {
            kind = k.kind;
            why = p.matched(f.tags);
            break;
          }
        if (!kind.empty()) break;
      }
      if (kind.empty()) continue;
    } else {
      for (const auto& p : rule.match)
        if (p.matches(f.tags)) {
          why = p.matched(f.tags);
          break;
        }
      if (why.empty()) continue;
    }
    if (any_matches(rule.exclude, f.tags)) {
      for (const auto& p : rule.exclude)
        if (p.matches(f.tags)) {
          tally(out.set_aside["left out by the profile (" + p.text() + ")"], f.id);
          break;
        }
      continue;
    }
    if (const std::string problem = geometry_problem(rule.geometry, f.lonlat.kind); !problem.empty()) {
      tally(out.set_aside[problem], f.id);
      continue;
    }
    out.features.push_back(i);
    if (!rule.kinds.empty()) {
      out.kinds.push_back(kind);
      out.reasons.push_back(why);
    }
    ++out.why[why];
  }
  return out;
}

}  // namespace geo::import
