// Inputs on which the fuzzers (bench/fuzz.sh) once crashed cplan, kept so that the fix stays: each
// is refused with a geo::Error naming the problem, or read; nothing else escapes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/inspect.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace {

namespace fs = std::filesystem;


const fs::path kRegressions = fs::path(CPLAN_SOURCE_DIR) / "tests" / "fuzz_regressions";

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  if (fs::exists(kRegressions / target))
    for (const auto& e : fs::directory_iterator(kRegressions / target)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FuzzRegressions, RulePacksAreReadOrRefusedByName) {
  const auto files = inputs("rule_pack");
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    try {
      geo::parse_rule_pack(fixtures::read_bytes(f), f);
    } catch (const geo::Error& e) {
      EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos) << e.what();
    }
  }
}

// The rule-pack regression input `name` is refused with a message holding `says`.
void expect_pack_refused(const std::string& name, const std::string& says) {
  const fs::path f = kRegressions / "rule_pack" / name;
  try {
    geo::parse_rule_pack(fixtures::read_bytes(f), f);
    ADD_FAILURE() << name << " is refused";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
  }
}

// The long parameter name muParser refuses is named at its line, not an uncaught exception.
TEST(FuzzRegressions, AParameterNameTooLongForTheFormulaParser) {
  expect_pack_refused("parameter_name_too_long_for_muparser.toml", "is not a name a formula can use");
}

// A document's year of 201,000,000,007 (beyond an int: undefined behaviour) is refused by name.
TEST(FuzzRegressions, ADocumentYearBeyondAnyYear) {
  expect_pack_refused("document_year_beyond_int.toml", "year must be a year between 1900 and 2100, not 201000000007");
}

TEST(FuzzRegressions, ProjectFilesAreReadOrRefusedByName) {
  for (const auto& f : inputs("project")) {
    SCOPED_TRACE(f.string());
    try {
      geo::parse_project(fixtures::read_bytes(f), f);
    } catch (const geo::Error&) {
    }
  }
}

// As the fuzz target does: the first byte picks the extension, the rest is the file.
TEST(FuzzRegressions, SourcesAreInspectedOrRefusedByName) {
  static const char* const kExtensions[] = {".geojson", ".csv", ".kml", ".gml", ".gpkg", ".osm"};
  fixtures::TempDir dir;
  for (const auto& f : inputs("inspect")) {
    SCOPED_TRACE(f.string());
    const std::string b = fixtures::read_bytes(f);
    if (b.empty()) continue;
    const fs::path file = dir / (std::string("input") + kExtensions[static_cast<unsigned char>(b[0]) % 6]);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << b.substr(1);
    try {
      geo::inspect_source(file.string());
    } catch (const geo::Error&) {
    }
  }
}

}  // namespace
