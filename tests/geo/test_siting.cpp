// Siting: the exact answers against enumeration of every choice, the heuristic's bound against
// the exact optimum, reproducibility, and the three objectives.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/coverage_export.h"
#include "geo/gdal_io.h"
#include "geo/siting.h"
#include "geo/spatial_index.h"

namespace {

using fixtures::TempDir;

class Siting : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto city = datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_->path(), "demo");
    project_ = new geo::Project(geo::load_project(geo::read_project(city.project)));
    pack_ = new geo::RulePack(geo::load_rule_pack(geo::resolve_rule_pack("gb50180")));
  }
  static void TearDownTestSuite() {
    delete pack_;
    delete project_;
    delete dir_;
  }
  static geo::SitingResult run(geo::SitingOptions o) { return geo::site_facilities(*project_, pack_, o); }
  static TempDir* dir_;
  static geo::Project* project_;
  static geo::RulePack* pack_;
};
TempDir* Siting::dir_ = nullptr;
geo::Project* Siting::project_ = nullptr;
geo::RulePack* Siting::pack_ = nullptr;

// Households newly covered (straight line, within r) by a set of candidate sites, computed here
// from the layers directly.
double brute_force_gain(const geo::Project& p, const std::vector<std::size_t>& sites, double r) {
  const auto& buildings = *p.layer(geo::Role::Buildings);
  const auto& facilities = *p.layer(geo::Role::Facilities);
  const auto& candidates = *p.layer(geo::Role::Candidates);
  double gain = 0;
  for (std::size_t b = 0; b < buildings.size(); ++b) {
    const double hh = buildings.number(b, "households").value_or(0);
    if (hh <= 0) continue;
    const geo::Point at = geo::centroid(buildings.geometries[b]);
    auto within = [&](geo::Point q) { return std::hypot(q.x - at.x, q.y - at.y) <= r; };
    bool existing = false;
    for (std::size_t f = 0; f < facilities.size() && !existing; ++f)
      existing = facilities.text(f, "kind") == "market" && within(facilities.geometries[f].parts[0][0][0]);
    if (existing) continue;
    for (auto c : sites)
      if (within(candidates.geometries[c].parts[0][0][0])) {
        gain += hh;
        break;
      }
  }
  return gain;
}

TEST_F(Siting, ExactMaxCoverEqualsEnumerationOfEveryPair) {
  const double r = 400;
  const auto exact = run({.kind = "market", .distance_m = r, .add = 2, .walking = false});
  ASSERT_TRUE(exact.optimal) << exact.method;
  const std::size_t n = project_->layer(geo::Role::Candidates)->size();
  double best = 0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) best = std::max(best, brute_force_gain(*project_, {a, b}, r));
  EXPECT_NEAR(exact.covered_after - exact.covered_before, best, 1e-6);
  std::vector<std::size_t> chosen;
  for (const auto& s : exact.sites) chosen.push_back(s.candidate);
  EXPECT_NEAR(brute_force_gain(*project_, chosen, r), best, 1e-6);
  EXPECT_EQ(exact.sites[0].rank, 1);
  EXPECT_GE(exact.sites[0].gain_households, exact.sites[1].gain_households);
}

TEST_F(Siting, HeuristicBoundIsATrueBoundAndTheGapHonest) {
  for (int k : {3, 6, 10}) {
    SCOPED_TRACE(k);
    const auto exact = run({.kind = "elderly_care", .add = k});
    const auto heuristic = run({.kind = "elderly_care", .add = k, .force_heuristic = true});
    ASSERT_TRUE(exact.optimal);
    EXPECT_LE(heuristic.objective_value, exact.objective_value + 1e-6);
    EXPECT_GE(heuristic.bound, exact.objective_value - 1e-6);  // the optimum never exceeds the bound
    EXPECT_NEAR(heuristic.gap, (heuristic.bound - heuristic.objective_value) / heuristic.bound, 1e-12);
    EXPECT_EQ(heuristic.sites.size(), static_cast<std::size_t>(k));
  }
}

TEST_F(Siting, SameInputSameAnswer) {
  const auto a = run({.kind = "health_station", .add = 4, .force_heuristic = true});
  const auto b = run({.kind = "health_station", .add = 4, .force_heuristic = true});
  ASSERT_EQ(a.sites.size(), b.sites.size());
  for (std::size_t i = 0; i < a.sites.size(); ++i) EXPECT_EQ(a.sites[i].candidate_id, b.sites[i].candidate_id);
  EXPECT_EQ(a.objective_value, b.objective_value);
}

TEST_F(Siting, CoverAllCoversEveryoneCoverable) {
  const double r = 500;
  const auto exact = run({.kind = "market", .distance_m = r, .objective = geo::SitingObjective::CoverAll, .walking = false});
  const auto greedy = run({.kind = "market", .distance_m = r, .objective = geo::SitingObjective::CoverAll, .walking = false,
                           .force_heuristic = true});
  EXPECT_TRUE(exact.optimal);
  EXPECT_LE(exact.sites.size(), greedy.sites.size());
  EXPECT_LE(exact.bound, static_cast<double>(exact.sites.size()));
  // Every household a candidate can reach is covered: all candidates cover no more than the choice.
  std::vector<std::size_t> all(project_->layer(geo::Role::Candidates)->size());
  std::iota(all.begin(), all.end(), 0);
  std::vector<std::size_t> chosen;
  for (const auto& s : exact.sites) chosen.push_back(s.candidate);
  EXPECT_NEAR(brute_force_gain(*project_, chosen, r), brute_force_gain(*project_, all, r), 1e-6);
  EXPECT_NEAR(exact.covered_before + exact.uncoverable + brute_force_gain(*project_, all, r), exact.households, 1e-6);
}

TEST_F(Siting, MedianExactNoWorseThanHeuristicAndBoundBelow) {
  const auto exact = run({.kind = "kindergarten", .add = 3, .objective = geo::SitingObjective::Median});
  const auto heuristic = run({.kind = "kindergarten", .add = 3, .objective = geo::SitingObjective::Median, .force_heuristic = true});
  ASSERT_TRUE(exact.optimal) << exact.method;
  EXPECT_LE(exact.objective_value, heuristic.objective_value + 1e-6);
  EXPECT_LE(heuristic.bound, exact.objective_value + 1e-6);  // a lower bound on the cost
  EXPECT_EQ(exact.sites.size(), 3u);
}

TEST_F(Siting, SitesLayerCarriesTheAgreedFields) {
  const auto r = run({.kind = "kindergarten", .add = 3});
  TempDir out;
  const auto written = geo::write_siting_outputs(out.path(), *project_, r, false);
  auto source = geo::open_vector_source(written[0].string());
  OGRLayer* sites = source.dataset->GetLayerByName("sites");
  ASSERT_NE(sites, nullptr);
  for (const char* f : {"candidate_id", "rank", "gain_households"}) EXPECT_GE(sites->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  EXPECT_EQ(sites->GetFeatureCount(), 3);
}

}  // namespace
