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

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

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
      geo::parse_rule_pack(bytes_of(f), f);
    } catch (const geo::Error& e) {
      EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos) << e.what();
    }
  }
}

// The long parameter name muParser refuses is named at its line, not an uncaught exception.
TEST(FuzzRegressions, AParameterNameTooLongForTheFormulaParser) {
  const fs::path f = kRegressions / "rule_pack" / "parameter_name_too_long_for_muparser.toml";
  try {
    geo::parse_rule_pack(bytes_of(f), f);
    FAIL() << "refused";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a name a formula can use"), std::string::npos) << e.what();
  }
}

// A document's year of 201,000,000,007 (beyond an int: undefined behaviour) is refused by name.
TEST(FuzzRegressions, ADocumentYearBeyondAnyYear) {
  const fs::path f = kRegressions / "rule_pack" / "document_year_beyond_int.toml";
  try {
    geo::parse_rule_pack(bytes_of(f), f);
    FAIL() << "refused";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("year must be a year between 1900 and 2100, not 201000000007"), std::string::npos) << e.what();
  }
}

TEST(FuzzRegressions, ProjectFilesAreReadOrRefusedByName) {
  for (const auto& f : inputs("project")) {
    SCOPED_TRACE(f.string());
    try {
      geo::parse_project(bytes_of(f), f);
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
    const std::string b = bytes_of(f);
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
