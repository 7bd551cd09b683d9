// Ctrl-C at a known point of every long command: cplan sends itself SIGINT when its progress
// reaches the percentage in CPLAN_INTERRUPT_AT_PERCENT, so the interruption lands where the test
// says (while computing, or while the outputs are being written) on a fast machine as on a slow
// one. Each time: exit 130, the previous outputs byte for byte as they were, nothing left over.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../support/fixtures.h"
#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;
using cli_test::cplan;
using cli_test::CplanRun;
using fixtures::snapshot;

std::string at(int percent) { return "CPLAN_INTERRUPT_AT_PERCENT=" + std::to_string(percent); }

// Runs `args` interrupted at `percent` and checks that `folder` is exactly as it was before.
// With --progress the bar shows the step that was running when the signal came.
CplanRun interrupted(const std::string& args, int percent, const fs::path& cache, const fs::path& folder) {
  const auto before = snapshot(folder);
  const CplanRun r = cplan(args + " --progress", cache, false, at(percent));
  EXPECT_EQ(r.exit_code, 130) << r.out;
  EXPECT_NE(r.out.find("cancelled"), std::string::npos) << r.out;
  EXPECT_EQ(snapshot(folder), before) << "the folder changed: " << r.out;
  return r;
}

TEST(Interruption, CheckWhileReviewingAndWhileWriting) {
  fixtures::TempDir cache, out;
  ASSERT_EQ(cplan("check --out '" + (out / "review").string() + "'", cache.path()).exit_code, 1);
  const std::string again = "check --overwrite --out '" + (out / "review").string() + "'";
  interrupted(again, 50, cache.path(), out.path());
  const CplanRun writing = interrupted(again, 85, cache.path(), out.path());
  EXPECT_NE(writing.out.find("writing"), std::string::npos) << writing.out;
  // A folder that did not exist is not left behind, empty, either.
  interrupted("check --out '" + (out / "new").string() + "'", 85, cache.path(), out.path());
  EXPECT_FALSE(fs::exists(out / "new"));
}

TEST(Interruption, ExportOfOneFileAndOfSeveralShapefiles) {
  fixtures::TempDir cache, out;
  const std::string gpkg = "export --layer all --format gpkg --out '" + (out / "全部.gpkg").string() + "'";
  ASSERT_EQ(cplan(gpkg, cache.path()).exit_code, 0);
  const CplanRun one = interrupted(gpkg + " --overwrite", 80, cache.path(), out.path());
  EXPECT_NE(one.out.find("writing"), std::string::npos) << one.out;
  const std::string shp = "export --layer all --format shp --encoding gbk --out '" + (out / "全部.shp").string() + "'";
  ASSERT_EQ(cplan(shp, cache.path()).exit_code, 0);
  // Past the first Shapefiles, into the buildings: some files of the set are already staged.
  const CplanRun several = interrupted(shp + " --overwrite", 75, cache.path(), out.path());
  EXPECT_NE(several.out.find("writing"), std::string::npos) << several.out;
}

TEST(Interruption, CoverageAndTheScorecard) {
  fixtures::TempDir cache, out;
  const std::string one = "coverage --kind kindergarten --out '" + out.path().string() + "'";
  ASSERT_EQ(cplan(one, cache.path()).exit_code, 0);
  interrupted(one + " --overwrite", 60, cache.path(), out.path());
  const CplanRun writing = interrupted(one + " --overwrite", 90, cache.path(), out.path());
  EXPECT_NE(writing.out.find("writing"), std::string::npos) << writing.out;
  const std::string all = "coverage --kind all --out '" + out.path().string() + "'";
  ASSERT_EQ(cplan(all, cache.path()).exit_code, 0);
  interrupted(all + " --overwrite", 70, cache.path(), out.path());
}

TEST(Interruption, Siting) {
  fixtures::TempDir cache, out;
  const std::string site = "site --kind market --add 3 --out '" + out.path().string() + "'";
  ASSERT_EQ(cplan(site, cache.path()).exit_code, 0);
  interrupted(site + " --overwrite", 50, cache.path(), out.path());
  const CplanRun writing = interrupted(site + " --overwrite", 90, cache.path(), out.path());
  EXPECT_NE(writing.out.find("writing"), std::string::npos) << writing.out;
}

TEST(Interruption, ReportHalfwayThroughThePages) {
  fixtures::TempDir cache, out;
  const std::string report = "report --out '" + (out / "审批.pdf").string() + "'";
  ASSERT_EQ(cplan(report, cache.path()).exit_code, 1);  // the demo city has short plots
  interrupted(report + " --overwrite", 75, cache.path(), out.path());
  interrupted("report --out '" + (out / "新.pdf").string() + "'", 75, cache.path(), out.path());
}

TEST(Interruption, GenerateLeavesThePreviousCityOrNothing) {
  fixtures::TempDir dir;
  const std::string generate = "generate --scale demo --out '" + dir.path().string() + "' --name 城";
  interrupted(generate, 40, {}, dir.path());
  EXPECT_TRUE(fs::is_empty(dir.path()));
  ASSERT_EQ(cplan(generate).exit_code, 0);
  interrupted(generate, 40, {}, dir.path());
  interrupted(generate, 90, {}, dir.path());  // the GeoPackage written, not yet in place
}

}  // namespace
