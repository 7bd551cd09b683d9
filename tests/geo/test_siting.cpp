// Siting: the exact answers against enumeration of every choice, the heuristic's bound against
// the exact optimum, reproducibility, and the three objectives.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>
#include <set>

#include <fmt/format.h>

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

// A small random town written by the test: few enough candidates that every choice can be
// enumerated, so each objective's exact answer and each heuristic's bound are checked against
// the true optimum, not against the code itself. Straight-line distances, one existing market.
class SmallTown : public ::testing::Test {
 protected:
  static constexpr double kRadius = 400;
  static constexpr std::size_t kCandidates = 11;

  void SetUp() override {
    std::mt19937 random(20261202);
    std::uniform_real_distribution<double> coordinate(0, 2600);
    std::uniform_int_distribution<int> households(5, 400);
    fixtures::LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
    for (int i = 0; i < 60; ++i) {
      const geo::Point at{std::round(coordinate(random)), std::round(coordinate(random))};
      const int hh = households(random);
      buildings.push_back({at, static_cast<double>(hh)});
      b.features.push_back({fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + at.x - 5,
                                        3350000 + at.y - 5, 515000 + at.x + 5, 3350000 + at.y + 5),
                            {{"户数", std::to_string(hh)}}});
    }
    fixtures::LayerFixture c{"candidates", wkbPoint, 4549, {{"candidate_id", OFTString}}, {}, {}};
    for (std::size_t j = 0; j < kCandidates; ++j) {
      const geo::Point at{std::round(coordinate(random)), std::round(coordinate(random))};
      candidates.push_back(at);
      c.features.push_back({fmt::format("POINT ({} {})", 515000 + at.x, 3350000 + at.y), {{"candidate_id", "C" + std::to_string(j)}}});
    }
    existing = {1300, 1300};
    fixtures::LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, {}, {}};
    f.features = {{fmt::format("POINT ({} {})", 515000 + existing.x, 3350000 + existing.y), {{"设施类型", "菜市场"}}}};
    fixtures::write_layer("GPKG", dir / "b.gpkg", b);
    fixtures::write_layer("GPKG", dir / "c.gpkg", c);
    fixtures::write_layer("GPKG", dir / "f.gpkg", f);
    std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"b.gpkg\"\n[layers.candidates]\nsource = \"c.gpkg\"\n"
                                     "[layers.facilities]\nsource = \"f.gpkg\"\n";
    project = std::make_unique<geo::Project>(geo::load_project(geo::read_project(dir / "p.toml")));
  }

  geo::SitingResult run(geo::SitingObjective objective, int add, bool heuristic) const {
    return geo::site_facilities(*project, nullptr,
                                {.kind = "market", .distance_m = kRadius, .add = add, .objective = objective, .walking = false,
                                 .force_heuristic = heuristic});
  }

  static double distance(geo::Point a, geo::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

  // Households within the radius of the existing market or of a chosen site.
  double covered(const std::vector<std::size_t>& sites) const {
    double total = 0;
    for (const auto& [at, hh] : buildings) {
      bool in = distance(at, existing) <= kRadius;
      for (auto j : sites) in = in || distance(at, candidates[j]) <= kRadius;
      total += in ? hh : 0;
    }
    return total;
  }
  // Household-weighted distance to the nearest market, each capped where the engine stops looking.
  double weighted_distance(const std::vector<std::size_t>& sites) const {
    const double horizon = geo::walking_horizon(kRadius);
    double total = 0;
    for (const auto& [at, hh] : buildings) {
      double d = std::min(distance(at, existing), horizon);
      for (auto j : sites) d = std::min(d, distance(at, candidates[j]));
      total += hh * d;
    }
    return total;
  }
  // Every choice of k candidates, in turn.
  void each_choice(std::size_t k, const std::function<void(const std::vector<std::size_t>&)>& visit) const {
    std::vector<bool> pick(kCandidates, false);
    std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(k), true);
    do {
      std::vector<std::size_t> chosen;
      for (std::size_t j = 0; j < kCandidates; ++j)
        if (pick[j]) chosen.push_back(j);
      visit(chosen);
    } while (std::prev_permutation(pick.begin(), pick.end()));
  }
  std::vector<std::size_t> indexes(const geo::SitingResult& r) const {
    std::vector<std::size_t> out;
    for (const auto& s : r.sites) out.push_back(s.candidate);
    return out;
  }

  TempDir dir;
  std::vector<std::pair<geo::Point, double>> buildings;
  std::vector<geo::Point> candidates;
  geo::Point existing;
  std::unique_ptr<geo::Project> project;
};

TEST_F(SmallTown, MaxCoverExactIsTheEnumeratedOptimumAndTheBoundHolds) {
  for (int k : {1, 2, 3, 4}) {
    SCOPED_TRACE(k);
    double best = 0;
    each_choice(static_cast<std::size_t>(k), [&](const auto& chosen) { best = std::max(best, covered(chosen)); });
    const auto exact = run(geo::SitingObjective::MaxCover, k, false);
    ASSERT_TRUE(exact.optimal) << exact.method;
    EXPECT_DOUBLE_EQ(exact.objective_value, best);
    EXPECT_DOUBLE_EQ(covered(indexes(exact)), best);
    const auto heuristic = run(geo::SitingObjective::MaxCover, k, true);
    EXPECT_DOUBLE_EQ(covered(indexes(heuristic)), heuristic.objective_value);
    EXPECT_LE(heuristic.objective_value, best);
    EXPECT_GE(heuristic.bound, best);  // a bound the true optimum does not exceed
  }
}

// The heuristic does what it says: its answer is a local optimum of single swaps (no chosen site
// can be traded for another candidate to do better), and its bound is Nemhauser and Wolsey's,
// computed here from the households themselves: the least of, from the empty choice and from the
// answer, the households covered plus the K largest gains a further site would bring.
TEST_F(SmallTown, HeuristicAnswersAreSwapOptimalAndTheBoundIsNemhauserWolseys) {
  for (int k : {2, 3, 4}) {
    SCOPED_TRACE(k);
    const auto heuristic = run(geo::SitingObjective::MaxCover, k, true);
    const auto chosen = indexes(heuristic);
    const double value = covered(chosen);
    for (std::size_t s = 0; s < chosen.size(); ++s)
      for (std::size_t c = 0; c < kCandidates; ++c) {
        if (std::find(chosen.begin(), chosen.end(), c) != chosen.end()) continue;
        auto swapped = chosen;
        swapped[s] = c;
        EXPECT_LE(covered(swapped), value) << "trading site " << chosen[s] << " for " << c;
      }
    auto nemhauser_wolsey = [&](const std::vector<std::size_t>& base) {
      std::vector<double> gains;
      for (std::size_t c = 0; c < kCandidates; ++c) {
        auto more = base;
        more.push_back(c);
        gains.push_back(covered(more) - covered(base));
      }
      std::sort(gains.begin(), gains.end(), std::greater<>());
      return covered(base) + std::accumulate(gains.begin(), gains.begin() + k, 0.0);
    };
    const double bound = std::max(std::min(nemhauser_wolsey({}), nemhauser_wolsey(chosen)), value);
    EXPECT_NEAR(heuristic.bound, bound, 1e-9);

    const auto median = run(geo::SitingObjective::Median, k, true);
    const auto sites = indexes(median);
    const double cost = weighted_distance(sites);
    for (std::size_t s = 0; s < sites.size(); ++s)
      for (std::size_t c = 0; c < kCandidates; ++c) {
        if (std::find(sites.begin(), sites.end(), c) != sites.end()) continue;
        auto swapped = sites;
        swapped[s] = c;
        EXPECT_GE(weighted_distance(swapped), cost - 1e-6 * cost) << "trading site " << sites[s] << " for " << c;
      }
  }
}

TEST_F(SmallTown, CoverAllIsTheFewestSitesByEnumeration) {
  // Everyone some candidate (or the market) reaches: what covering with all of them gives.
  std::vector<std::size_t> all(kCandidates);
  std::iota(all.begin(), all.end(), 0);
  const double coverable = covered(all);
  std::size_t fewest = 0;
  for (std::size_t k = 0; k <= kCandidates && !fewest; ++k)
    each_choice(k, [&](const auto& chosen) {
      if (!fewest && covered(chosen) == coverable) fewest = std::max<std::size_t>(k, 1);
    });
  ASSERT_GT(fewest, 1u);  // the town needs several sites, so the question is not trivial
  const auto exact = run(geo::SitingObjective::CoverAll, 0, false);
  ASSERT_TRUE(exact.optimal) << exact.method;
  EXPECT_EQ(exact.sites.size(), fewest);
  EXPECT_DOUBLE_EQ(covered(indexes(exact)), coverable);
  const auto heuristic = run(geo::SitingObjective::CoverAll, 0, true);
  EXPECT_GE(heuristic.sites.size(), fewest);
  EXPECT_DOUBLE_EQ(covered(indexes(heuristic)), coverable);
  EXPECT_LE(heuristic.bound, static_cast<double>(fewest));  // no cover can use fewer than the bound
  double everyone = 0;
  for (const auto& [at, hh] : buildings) everyone += hh;
  EXPECT_DOUBLE_EQ(exact.uncoverable, everyone - coverable);
}

TEST_F(SmallTown, MedianExactIsTheEnumeratedOptimumAndTheBoundHolds) {
  for (int k : {1, 2, 3}) {
    SCOPED_TRACE(k);
    double best = std::numeric_limits<double>::infinity();
    each_choice(static_cast<std::size_t>(k), [&](const auto& chosen) { best = std::min(best, weighted_distance(chosen)); });
    const auto exact = run(geo::SitingObjective::Median, k, false);
    ASSERT_TRUE(exact.optimal) << exact.method;
    EXPECT_NEAR(exact.objective_value, best, 1e-6 * best);
    EXPECT_NEAR(weighted_distance(indexes(exact)), best, 1e-6 * best);
    const auto heuristic = run(geo::SitingObjective::Median, k, true);
    EXPECT_NEAR(weighted_distance(indexes(heuristic)), heuristic.objective_value, 1e-6 * best);
    EXPECT_GE(heuristic.objective_value, best - 1e-6 * best);
    EXPECT_LE(heuristic.bound, best + 1e-6 * best);  // a lower bound on the least total distance
  }
}

}  // namespace

namespace {

// "Within the distance" includes the distance, for the households already served and for those a
// new site would serve: the market at (0, 0), building A exactly 400 m from it (already served),
// building B exactly 400 m from candidate C1 and far from the market, building D 400.5 m from C2.
TEST(SitingAtTheDistance, ExactlyAtTheRadiusCounts) {
  TempDir dir;
  auto box = [](double x, double y) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x - 5, 3350000 + y - 5, 515000 + x + 5,
                       3350000 + y + 5);
  };
  auto point = [](double x, double y) { return fmt::format("POINT ({} {})", 515000 + x, 3350000 + y); };
  fixtures::LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  b.features = {{box(240, 320), {{"户数", "10"}}}, {box(3000, 400), {{"户数", "20"}}}, {box(6000, 400.5), {{"户数", "40"}}}};
  fixtures::LayerFixture c{"candidates", wkbPoint, 4549, {{"candidate_id", OFTString}}, {}, {}};
  c.features = {{point(3000, 0), {{"candidate_id", "C1"}}}, {point(6000, 0), {{"candidate_id", "C2"}}}};
  fixtures::LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, {}, {}};
  f.features = {{point(0, 0), {{"设施类型", "菜市场"}}}};
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "f.gpkg", f);
  std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"b.gpkg\"\n[layers.candidates]\nsource = \"c.gpkg\"\n"
                                   "[layers.facilities]\nsource = \"f.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  for (bool heuristic : {false, true}) {
    SCOPED_TRACE(heuristic);
    const auto r = geo::site_facilities(p, nullptr, {.kind = "market", .distance_m = 400, .add = 1, .walking = false,
                                                     .force_heuristic = heuristic});
    EXPECT_EQ(r.covered_before, 10.0);  // A, at exactly 400 m from the market
    ASSERT_EQ(r.sites.size(), 1u);
    EXPECT_EQ(r.sites[0].candidate_id, "C1");
    EXPECT_EQ(r.sites[0].gain_households, 20.0);  // B, at exactly 400 m from C1; D is 0.5 m too far from C2
    EXPECT_EQ(r.covered_after, 30.0);
  }
}

// A building served at exactly the radius is served: a candidate beside it gains nothing there.
TEST(SitingAtTheDistance, AHouseholdServedAtExactlyTheRadiusIsNoGain) {
  TempDir dir;
  auto box = [](double x, double y) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x - 5, 3350000 + y - 5, 515000 + x + 5,
                       3350000 + y + 5);
  };
  auto point = [](double x, double y) { return fmt::format("POINT ({} {})", 515000 + x, 3350000 + y); };
  fixtures::LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  b.features = {{box(240, 320), {{"户数", "50"}}}, {box(3000, 400), {{"户数", "20"}}}};
  fixtures::LayerFixture c{"candidates", wkbPoint, 4549, {{"candidate_id", OFTString}}, {}, {}};
  c.features = {{point(240, 320), {{"candidate_id", "C0"}}}, {point(3000, 0), {{"candidate_id", "C1"}}}};
  fixtures::LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, {}, {}};
  f.features = {{point(0, 0), {{"设施类型", "菜市场"}}}};
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "f.gpkg", f);
  std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"b.gpkg\"\n[layers.candidates]\nsource = \"c.gpkg\"\n"
                                   "[layers.facilities]\nsource = \"f.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  for (bool heuristic : {false, true}) {
    SCOPED_TRACE(heuristic);
    const auto r = geo::site_facilities(p, nullptr, {.kind = "market", .distance_m = 400, .add = 1, .walking = false,
                                                     .force_heuristic = heuristic});
    EXPECT_EQ(r.covered_before, 50.0);
    ASSERT_EQ(r.sites.size(), 1u);
    EXPECT_EQ(r.sites[0].candidate_id, "C1");
    EXPECT_EQ(r.sites[0].gain_households, 20.0);
  }
}

// On a line, households W (10) at 0 m, M (5) at 500 m and E (10) at 1,000 m, candidates at each:
// the best single site is M (10,000 household-metres), and greedy then adds W or E (5,000); one
// swap, M for the other end, reaches the optimum, W and E (2,500).
TEST(SitingMedian, SwapsLeaveTheGreedyAnswer) {
  TempDir dir;
  auto box = [](double x) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x - 1, 3350000 - 1, 515000 + x + 1,
                       3350000 + 1);
  };
  auto point = [](double x) { return fmt::format("POINT ({} {})", 515000 + x, 3350000); };
  fixtures::LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  b.features = {{box(0), {{"户数", "10"}}}, {box(500), {{"户数", "5"}}}, {box(1000), {{"户数", "10"}}}};
  fixtures::LayerFixture c{"candidates", wkbPoint, 4549, {{"candidate_id", OFTString}}, {}, {}};
  c.features = {{point(0), {{"candidate_id", "W"}}}, {point(500), {{"candidate_id", "M"}}}, {point(1000), {{"candidate_id", "E"}}}};
  fixtures::LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, {}, {}};
  f.features = {{point(-100000), {{"设施类型", "菜市场"}}}};  // beyond the horizon of every household
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "f.gpkg", f);
  std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"b.gpkg\"\n[layers.candidates]\nsource = \"c.gpkg\"\n"
                                   "[layers.facilities]\nsource = \"f.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  for (bool heuristic : {false, true}) {
    SCOPED_TRACE(heuristic);
    const auto r = geo::site_facilities(p, nullptr, {.kind = "market", .distance_m = 300, .add = 2, .objective = geo::SitingObjective::Median,
                                                     .walking = false, .force_heuristic = heuristic});
    ASSERT_EQ(r.sites.size(), 2u);
    std::set<std::string> chosen{r.sites[0].candidate_id, r.sites[1].candidate_id};
    EXPECT_EQ(chosen, (std::set<std::string>{"W", "E"}));
  }
}

// Greedy's trap for maximal covering, on a line with a 300 m radius: households L (20) at 0 m,
// AB (22) at 500 m, CD (22) at 1,000 m, R (20) at 1,500 m; a site at 750 m serves AB and CD (44),
// one at 250 m serves L and AB (42), one at 1,250 m CD and R (42). Greedy takes 750 m and then one
// end (64); swapping 750 m for the other end serves everyone (84).
TEST(SitingMaxCover, SwapsLeaveTheGreedyAnswer) {
  TempDir dir;
  auto box = [](double x) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x - 1, 3350000 - 1, 515000 + x + 1,
                       3350000 + 1);
  };
  auto point = [](double x) { return fmt::format("POINT ({} {})", 515000 + x, 3350000); };
  fixtures::LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  b.features = {{box(0), {{"户数", "20"}}}, {box(500), {{"户数", "22"}}}, {box(1000), {{"户数", "22"}}}, {box(1500), {{"户数", "20"}}}};
  fixtures::LayerFixture c{"candidates", wkbPoint, 4549, {{"candidate_id", OFTString}}, {}, {}};
  c.features = {{point(250), {{"candidate_id", "west"}}}, {point(750), {{"candidate_id", "middle"}}}, {point(1250), {{"candidate_id", "east"}}}};
  fixtures::LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, {}, {}};
  f.features = {{point(-100000), {{"设施类型", "菜市场"}}}};
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "f.gpkg", f);
  std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"b.gpkg\"\n[layers.candidates]\nsource = \"c.gpkg\"\n"
                                   "[layers.facilities]\nsource = \"f.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  for (bool heuristic : {false, true}) {
    SCOPED_TRACE(heuristic);
    const auto r = geo::site_facilities(p, nullptr, {.kind = "market", .distance_m = 300, .add = 2, .walking = false,
                                                     .force_heuristic = heuristic});
    ASSERT_EQ(r.sites.size(), 2u);
    std::set<std::string> chosen{r.sites[0].candidate_id, r.sites[1].candidate_id};
    EXPECT_EQ(chosen, (std::set<std::string>{"west", "east"}));
    EXPECT_EQ(r.covered_after, 84.0);
  }
}

}  // namespace
