#pragma once
// Which source features fill a role of an import profile, and which are set aside and why.
#include <map>
#include <string>
#include <vector>

#include "import/profile.h"
#include "import/source_features.h"

namespace geo::import {

struct SetAside {
  std::size_t count = 0;
  std::vector<std::string> examples;  // ids of the first few
};

struct RoleSelection {
  const RoleRule* rule = nullptr;
  std::vector<std::size_t> features;        // indexes into SourceData::features
  std::vector<std::string> kinds;           // facilities: each feature's kind
  std::vector<std::string> reasons;         // facilities: the tag that gave it ("amenity=clinic")
  std::map<std::string, std::size_t> why;   // "amenity=kindergarten" -> how many were taken for it
  std::vector<std::string> layers;          // the source layers it looked in
  std::map<std::string, SetAside> set_aside;  // reason -> features
};

RoleSelection select_features(const RoleRule& rule, const SourceData& data);

// Adds an example id to a set-aside tally (at most five are kept).
void tally(SetAside& s, const std::string& id);

// "90 (n1, n2, n3, n4, n5, ...)"
std::string describe(const SetAside& s);

}  // namespace geo::import
