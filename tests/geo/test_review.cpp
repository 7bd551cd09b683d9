// Plot review: hand-made cases for every verdict, and the demo city checked plot by plot
// against an independent computation (SpatiaLite through GDAL's SQLite dialect).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <gdal_priv.h>

#include "../support/fixtures.h"
#include "../support/independent_review.h"
#include "datasets/demo_city.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/review.h"
#include "geo/review_export.h"
#include "geo/rules.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

std::string square(double x0, double y0, double x1, double y1) {
  const double ox = 515000, oy = 3350000;
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", ox + x0, oy + y0, ox + x1, oy + y1);
}
std::string point(double x, double y) { return fmt::format("POINT ({} {})", 515000 + x, 3350000 + y); }

geo::RulePack shipped(const std::string& name) { return geo::load_rule_pack(geo::resolve_rule_pack(name)); }

// Two communities side by side, A (0–1000 m) and B (1000–2000 m); plots for every verdict.
class HandMadeReview : public ::testing::Test {
 protected:
  void SetUp() override {
    LayerFixture communities{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}}, {}, {}};
    communities.features = {{square(0, 0, 1000, 1000), {{"community_id", "A"}, {"社区名称", "翠苑社区"}}},
                            {square(1000, 0, 2000, 1000), {{"community_id", "B"}, {"社区名称", "文新社区"}}}};
    fixtures::write_layer("GPKG", dir / "communities.gpkg", communities);

    LayerFixture buildings{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
    buildings.features = {{square(100, 100, 150, 130), {{"户数", "1000"}}},
                          {square(200, 600, 250, 630), {{"户数", "500"}}},
                          {square(1500, 500, 1550, 530), {{"户数", "2000"}}},
                          {square(5000, 5000, 5050, 5030), {{"户数", "70"}}}};  // outside both
    fixtures::write_layer("GPKG", dir / "buildings.gpkg", buildings);

    LayerFixture facilities{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}, {"建筑面积", OFTReal}}, {}, {}};
    facilities.features = {{point(500, 500), {{"设施类型", "社区服务站"}, {"建筑面积", "300"}}},
                           {point(600, 500), {{"设施类型", "幼儿园"}, {"建筑面积", "2000"}}},
                           {point(1500, 100), {{"设施类型", "社区服务站"}, {"建筑面积", "110"}}}};
    fixtures::write_layer("GPKG", dir / "facilities.gpkg", facilities);

    LayerFixture plots{"plots", wkbPolygon, 4549,
                       {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}}, {}, {}};
    auto plot = [&](const std::string& id, const std::string& wkt, const char* hh, const char* gfa, const char* reserved) {
      fixtures::FeatureSpec f{wkt, {{"地块编号", id}}};
      if (hh) f.fields.push_back({"户数", hh});
      if (gfa) f.fields.push_back({"建筑面积", gfa});
      if (reserved) f.fields.push_back({"社区用房面积", reserved});
      plots.features.push_back(f);
    };
    plot("inside", square(100, 300, 300, 500), "600", "60000", "200");          // needs 180: compliant
    plot("straddles", square(900, 300, 1200, 400), "300", "30000", "50");       // 1/3 in A, 2/3 in B; needs 90
    plot("bowtie", "POLYGON ((515000 3350000, 515100 3350100, 515100 3350000, 515000 3350100, 515000 3350000))", "100",
         "10000", "30");
    plot("outside", square(3000, 0, 3100, 100), "100", "10000", "40");          // needs 30: compliant, no community
    plot("no_households", square(100, 700, 200, 800), nullptr, "5000", "10");
    plot("negative", square(300, 700, 400, 800), "100", "10000", "-5");
    plot("shops_only", square(500, 700, 600, 800), "0", "8000", "0");
    fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);

    std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n"
                                     "[layers.buildings]\nsource = \"buildings.gpkg\"\n"
                                     "[layers.facilities]\nsource = \"facilities.gpkg\"\n"
                                     "[layers.plots]\nsource = \"plots.gpkg\"\n";
    project = std::make_unique<geo::Project>(geo::load_project(geo::read_project(dir / "p.toml")));
  }

  const geo::PlotReview& plot(const geo::Review& r, const std::string& id) {
    for (const auto& p : r.plots)
      if (p.plot_id == id) return p;
    throw std::runtime_error("no plot " + id);
  }

  TempDir dir;
  std::unique_ptr<geo::Project> project;
};

TEST_F(HandMadeReview, EveryVerdictWithItsReason) {
  const geo::Review r = geo::review_plots(*project, shipped("national"));
  ASSERT_EQ(r.plots.size(), 7u);

  const auto& inside = plot(r, "inside");
  EXPECT_EQ(inside.verdict, geo::Verdict::Compliant);
  EXPECT_EQ(r.communities[*inside.community].community_id, "A");
  EXPECT_DOUBLE_EQ(*inside.required_office_m2, 180.0);
  EXPECT_DOUBLE_EQ(*inside.shortfall_m2, 0.0);
  EXPECT_EQ(inside.rule_id, "national_office_per_households");
  EXPECT_NE(inside.citation.find("建办科〔2022〕48号"), std::string::npos) << inside.citation;

  const auto& straddles = plot(r, "straddles");
  EXPECT_EQ(straddles.verdict, geo::Verdict::Short);
  ASSERT_EQ(straddles.shares.size(), 2u);
  EXPECT_EQ(r.communities[straddles.shares[0].community].community_id, "B");
  EXPECT_NEAR(straddles.shares[0].share, 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(straddles.shares[1].share, 1.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(*straddles.required_office_m2, 90.0);
  EXPECT_DOUBLE_EQ(*straddles.shortfall_m2, 40.0);
  EXPECT_NE(straddles.reason.find("short by 40.0 ㎡"), std::string::npos) << straddles.reason;

  const auto& bowtie = plot(r, "bowtie");
  EXPECT_EQ(bowtie.verdict, geo::Verdict::Unchecked);
  EXPECT_NE(bowtie.reason.find("invalid geometry: Self-intersection"), std::string::npos) << bowtie.reason;

  const auto& outside = plot(r, "outside");
  EXPECT_EQ(outside.verdict, geo::Verdict::Compliant);
  EXPECT_FALSE(outside.community.has_value());
  EXPECT_NE(outside.reason.find("outside every community"), std::string::npos);

  const auto& missing = plot(r, "no_households");
  EXPECT_EQ(missing.verdict, geo::Verdict::Unchecked);
  EXPECT_EQ(missing.reason, "missing households (户数)");

  const auto& negative = plot(r, "negative");
  EXPECT_EQ(negative.verdict, geo::Verdict::Unchecked);
  EXPECT_NE(negative.reason.find("absurd reserved_office_m2 (社区用房面积): -5"), std::string::npos) << negative.reason;

  const auto& shops = plot(r, "shops_only");
  EXPECT_EQ(shops.verdict, geo::Verdict::NotApplicable);
  EXPECT_NE(shops.reason.find("households > 0"), std::string::npos) << shops.reason;

  EXPECT_EQ(r.count(geo::Verdict::Compliant), 2);
  EXPECT_EQ(r.count(geo::Verdict::Short), 1);
  EXPECT_EQ(r.count(geo::Verdict::Unchecked), 3);
  EXPECT_EQ(r.count(geo::Verdict::NotApplicable), 1);
}

TEST_F(HandMadeReview, CommunitiesAddExistingAndPlannedHouseholds) {
  const geo::Review r = geo::review_plots(*project, shipped("national"));
  const geo::CommunityReview& a = r.communities[0];
  const geo::CommunityReview& b = r.communities[1];
  ASSERT_EQ(a.community_id, "A");
  EXPECT_DOUBLE_EQ(a.households_existing, 1500);
  // inside (600) + a third of straddles (100) + shops_only (0); unchecked plots are left out
  EXPECT_NEAR(a.households_planned, 600 + 100, 1e-9);
  EXPECT_DOUBLE_EQ(a.office_m2, 300);  // the kindergarten is not office space
  EXPECT_NEAR(*a.required_office_m2, 0.3 * 2200, 1e-9);
  // Planned reservations count towards the community: 200 + 50/3 + 0
  EXPECT_NEAR(a.planned_office_m2, 200 + 50.0 / 3, 1e-9);
  EXPECT_NEAR(a.shortfall_m2.value(), 0.3 * 2200 - 300 - a.planned_office_m2, 1e-9);
  EXPECT_EQ(a.plots, 4);  // inside, no_households, negative, shops_only (the bow-tie cannot be placed)
  EXPECT_DOUBLE_EQ(b.households_existing, 2000);
  EXPECT_NEAR(b.households_planned, 200, 1e-9);
  EXPECT_DOUBLE_EQ(b.office_m2, 110);
  EXPECT_FALSE(a.funding_yuan.has_value());  // the national pack has no funding rule
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_NE(r.findings[0].message.find("70 households"), std::string::npos);
  EXPECT_NE(r.findings[1].message.find("3 unchecked plots"), std::string::npos) << r.findings[1].message;
}

TEST_F(HandMadeReview, AnOfficeOfUnknownSizeIsNotZeroSquareMetres) {
  // B's office maps no floor area (an OSM community centre): its space is counted without it,
  // said per community, and the shortfall is called an upper bound.
  LayerFixture facilities{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}, {"建筑面积", OFTReal}}, {}, {}};
  facilities.features = {{point(500, 500), {{"设施类型", "社区服务站"}, {"建筑面积", "300"}}},
                         {point(1500, 100), {{"设施类型", "社区服务站"}, {"建筑面积", "110"}}},
                         {point(1600, 100), {{"设施类型", "社区服务站"}}}};
  fixtures::write_layer("GPKG", dir / "facilities2.gpkg", facilities);
  std::ofstream(dir / "p2.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n"
                                    "[layers.buildings]\nsource = \"buildings.gpkg\"\n"
                                    "[layers.facilities]\nsource = \"facilities2.gpkg\"\n";
  const geo::Project without_plots = geo::load_project(geo::read_project(dir / "p2.toml"));
  const geo::Review r = geo::review_plots(without_plots, shipped("national"));
  EXPECT_TRUE(r.plots.empty());
  ASSERT_EQ(r.communities.size(), 2u);
  EXPECT_EQ(r.communities[0].offices_without_area, 0);
  EXPECT_EQ(r.communities[1].offices_without_area, 1);
  EXPECT_DOUBLE_EQ(r.communities[1].office_m2, 110);
  EXPECT_NEAR(r.communities[1].shortfall_m2.value(), 0.3 * 2000 - 110, 1e-9);  // no plots: existing households only
  bool said = false, no_plots = false;
  for (const auto& f : r.findings) {
    if (f.code == "office_without_area") {
      said = true;
      EXPECT_NE(f.message.find("upper bounds (文新社区)"), std::string::npos) << f.message;
      EXPECT_EQ(f.feature_ids, std::vector<std::int64_t>{3});
    }
    no_plots = no_plots || f.code == "no_plots";
  }
  EXPECT_TRUE(said);
  EXPECT_TRUE(no_plots);
}

TEST_F(HandMadeReview, TextInANumberFieldIsNamedNotMadeANumber) {
  // Households typed as text, as spreadsheets exported to Shapefile carry them.
  LayerFixture plots{"plots", wkbPolygon, 4549,
                     {{"地块编号", OFTString}, {"户数", OFTString}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}}, {}, {}};
  plots.features = {{square(100, 300, 300, 500), {{"地块编号", "typed"}, {"户数", "600"}, {"建筑面积", "60000"}, {"社区用房面积", "200"}}},
                    {square(500, 300, 700, 500), {{"地块编号", "about"}, {"户数", "约300"}, {"建筑面积", "30000"}, {"社区用房面积", "100"}}}};
  fixtures::write_layer("GPKG", dir / "text_plots.gpkg", plots);
  std::ofstream(dir / "p3.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n"
                                    "[layers.plots]\nsource = \"text_plots.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p3.toml"));
  const geo::Review r = geo::review_plots(p, shipped("national"));
  EXPECT_EQ(plot(r, "typed").verdict, geo::Verdict::Compliant);  // "600" read as 600
  EXPECT_DOUBLE_EQ(*plot(r, "typed").required_office_m2, 180.0);
  const auto& about = plot(r, "about");
  EXPECT_EQ(about.verdict, geo::Verdict::Unchecked);
  EXPECT_EQ(about.reason, "households (户数) is not a number: '约300'");
  EXPECT_FALSE(about.households.has_value());
}

TEST_F(HandMadeReview, HangzhouFundingAndUnverifiedNumbersAreNamed) {
  const geo::Review r = geo::review_plots(*project, shipped("hangzhou"), {.year = 2010});
  const geo::CommunityReview& b = r.communities[1];
  EXPECT_NEAR(*b.funding_yuan, 80 * 2200 * std::pow(1.05, 10), 1e-6);  // 2,000 existing + 2/3 of 300 planned
  EXPECT_NE(std::find(r.unverified.begin(), r.unverified.end(), "study_floor_area_reservation"), r.unverified.end());
  EXPECT_NE(std::find(r.unverified.begin(), r.unverified.end(), "funding"), r.unverified.end());
  // The 300 m² minimum of the study binds the small "inside" plot: 200 reserved is short by 100.
  const auto& inside = plot(r, "inside");
  EXPECT_EQ(inside.verdict, geo::Verdict::Short);
  EXPECT_EQ(inside.rule_id, "study_floor_area_reservation");
  EXPECT_DOUBLE_EQ(*inside.shortfall_m2, 100.0);
  EXPECT_NE(inside.citation.find("unverified"), std::string::npos);
}

TEST_F(HandMadeReview, OutputsCarryTheAgreedFieldsAndReplaceOnlyWhenAsked) {
  const auto pack = shipped("national");
  const geo::Review r = geo::review_plots(*project, pack);
  const fs::path out = dir / "out";
  const auto written = geo::write_review_outputs(out, *project, pack, r, false);
  auto source = geo::open_vector_source(written.gpkg.string());
  OGRLayer* plots = source.dataset->GetLayerByName("plots");
  ASSERT_NE(plots, nullptr);
  for (const char* f : {"plot_id", "community_id", "required_office_m2", "reserved_office_m2", "shortfall_m2", "verdict", "reason", "rule_id"})
    EXPECT_GE(plots->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  EXPECT_EQ(plots->GetFeatureCount(), 7);
  OGRLayer* communities = source.dataset->GetLayerByName("communities");
  ASSERT_NE(communities, nullptr);
  for (const char* f : {"community_id", "households", "office_m2", "required_office_m2", "shortfall_m2", "funding_yuan"})
    EXPECT_GE(communities->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  EXPECT_EQ(communities->GetSpatialRef()->GetAuthorityCode(nullptr), std::string("4549"));
  std::map<std::string, std::string> verdicts;
  for (auto& f : *plots) verdicts[f->GetFieldAsString("plot_id")] = f->GetFieldAsString("verdict");
  EXPECT_EQ(verdicts["straddles"], "short");
  EXPECT_EQ(verdicts["shops_only"], "not_applicable");
  source.dataset.reset();

  std::ifstream csv(written.plots_csv, std::ios::binary);
  std::string first_line;
  std::getline(csv, first_line);
  EXPECT_EQ(first_line.rfind("\xEF\xBB\xBFplot_id", 0), 0u);  // UTF-8 byte-order mark for Excel
  std::ifstream html(written.html);
  const std::string report((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(report.find("建办科〔2022〕48号"), std::string::npos);
  EXPECT_NE(report.find("<svg"), std::string::npos);

  const auto before = fs::last_write_time(written.gpkg);
  EXPECT_THROW(geo::write_review_outputs(out, *project, pack, r, false), geo::Error);
  EXPECT_EQ(fs::last_write_time(written.gpkg), before);
  geo::Feedback cancelled;
  cancelled.cancel();
  EXPECT_THROW(geo::write_review_outputs(out, *project, pack, r, true, &cancelled), geo::Cancelled);
  EXPECT_EQ(fs::last_write_time(written.gpkg), before);  // the previous output is intact
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++entries;
  EXPECT_EQ(entries, 4u);  // no staging folder left behind
  EXPECT_NO_THROW(geo::write_review_outputs(out, *project, pack, r, true));
}

// The edges of the verdict: a plot split exactly in half between two communities goes to the one
// whose code sorts first (the same answer on every run and machine); half a square metre short is
// short, while a hundred-thousandth of one is rounding.
TEST(ReviewEdges, ExactHalvesAndTinyShortfalls) {
  TempDir dir;
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}}, {}, {}};
  communities.features = {{square(1000, 0, 2000, 1000), {{"community_id", "B"}, {"社区名称", "文新社区"}}},
                          {square(0, 0, 1000, 1000), {{"community_id", "A"}, {"社区名称", "翠苑社区"}}}};
  fixtures::write_layer("GPKG", dir / "communities.gpkg", communities);
  LayerFixture plots{"plots", wkbPolygon, 4549, {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}}, {}, {}};
  plots.features = {{square(950, 500, 1050, 600), {{"地块编号", "halves"}, {"户数", "100"}, {"建筑面积", "9000"}, {"社区用房面积", "30"}}},
                    {square(100, 100, 200, 200), {{"地块编号", "half_short"}, {"户数", "600"}, {"建筑面积", "60000"}, {"社区用房面积", "179.5"}}},
                    {square(300, 100, 400, 200), {{"地块编号", "rounding"}, {"户数", "600"}, {"建筑面积", "60000"}, {"社区用房面积", "179.99999"}}}};
  fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n[layers.plots]\nsource = \"plots.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::Review r = geo::review_plots(p, shipped("national"));
  ASSERT_EQ(r.plots.size(), 3u);
  ASSERT_EQ(r.plots[0].shares.size(), 2u);
  EXPECT_EQ(r.plots[0].shares[0].share, r.plots[0].shares[1].share);  // exactly half each
  EXPECT_EQ(r.communities[*r.plots[0].community].community_id, "A");
  EXPECT_EQ(r.plots[1].verdict, geo::Verdict::Short);
  EXPECT_DOUBLE_EQ(*r.plots[1].shortfall_m2, 0.5);
  EXPECT_EQ(r.plots[2].verdict, geo::Verdict::Compliant);
}

class DemoCityAgainstSpatiaLite : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    city_ = new datasets::GeneratedCity(datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_->path(), "demo"));
    project_ = new geo::Project(geo::load_project(geo::read_project(city_->project)));
  }
  static void TearDownTestSuite() {
    delete project_;
    delete city_;
    delete dir_;
  }
  static TempDir* dir_;
  static datasets::GeneratedCity* city_;
  static geo::Project* project_;
};
TempDir* DemoCityAgainstSpatiaLite::dir_ = nullptr;
datasets::GeneratedCity* DemoCityAgainstSpatiaLite::city_ = nullptr;
geo::Project* DemoCityAgainstSpatiaLite::project_ = nullptr;

TEST_P(DemoCityAgainstSpatiaLite, EveryPlotsVerdictAndShortfall) {
  const std::string pack_name = GetParam();
  const geo::Review review = geo::review_plots(*project_, shipped(pack_name));
  const auto independent = fixtures::independent_review(city_->gpkg, pack_name);
  ASSERT_EQ(review.plots.size(), independent.size());
  int short_count = 0;
  for (const auto& p : review.plots) {
    SCOPED_TRACE(p.plot_id);
    const fixtures::IndependentPlot& x = independent.at(p.plot_id);
    EXPECT_EQ(geo::to_string(p.verdict), x.verdict);
    EXPECT_EQ(p.community ? review.communities[*p.community].community_id : std::string(), x.community_id);
    ASSERT_EQ(p.required_office_m2.has_value(), x.required.has_value());
    EXPECT_NEAR(p.required_office_m2.value_or(0), x.required.value_or(0), 1e-6);
    EXPECT_NEAR(p.shortfall_m2.value_or(0), x.shortfall(), 1e-6);
    short_count += x.verdict == "short";
  }
  EXPECT_GT(short_count, 0);
}

// Every community's figures against SpatiaLite: existing households (buildings whose centroid it
// holds), office space (community offices it holds), planned households and space (each checked
// plot's by its share of area), the requirement by the pack's community rule written out here,
// and the shortfall, never below zero: the demo city has communities on both sides of it.
TEST_P(DemoCityAgainstSpatiaLite, EveryCommunitysFiguresAndShortfall) {
  const std::string pack_name = GetParam();
  const geo::Review review = geo::review_plots(*project_, shipped(pack_name));
  auto source = geo::open_vector_source(city_->gpkg.string());
  auto query = [&](const std::string& sql, const std::function<void(OGRFeature&)>& row) {
    OGRLayer* result = source.dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
    ASSERT_NE(result, nullptr) << sql;
    for (auto& f : *result) row(*f);
    source.dataset->ReleaseResultSet(result);
  };
  struct Figures {
    double existing = 0, office = 0, planned_households = 0, planned_office = 0;
  };
  std::map<std::string, Figures> expected;
  query("SELECT community_id FROM communities", [&](OGRFeature& f) { expected[f.GetFieldAsString(0)]; });
  query("SELECT c.community_id, SUM(b.\"户数\") FROM communities c, buildings b "
        "WHERE b.\"户数\" > 0 AND ST_Contains(c.geom, ST_Centroid(b.geom)) GROUP BY c.community_id",
        [&](OGRFeature& f) { expected[f.GetFieldAsString(0)].existing = f.GetFieldAsDouble(1); });
  query("SELECT c.community_id, SUM(f.\"建筑面积\") FROM communities c, facilities f "
        "WHERE f.\"设施类型\" = '社区服务站' AND ST_Contains(c.geom, f.geom) GROUP BY c.community_id",
        [&](OGRFeature& f) { expected[f.GetFieldAsString(0)].office = f.GetFieldAsDouble(1); });
  // A plot is checked when its outline is valid and the inputs the pack needs are there and not
  // negative (the national pack does not read the floor area).
  const std::string needs_floor_area = pack_name == "national" ? "1" : "(p.\"建筑面积\" IS NOT NULL AND p.\"建筑面积\" > 0)";
  query("SELECT c.community_id, SUM(p.\"户数\" * ST_Area(ST_Intersection(p.geom, c.geom)) / ST_Area(p.geom)), "
        "SUM(p.\"社区用房面积\" * ST_Area(ST_Intersection(p.geom, c.geom)) / ST_Area(p.geom)) "
        "FROM communities c, plots p WHERE ST_IsValid(p.geom) AND p.\"户数\" IS NOT NULL AND p.\"户数\" >= 0 AND "
        "p.\"社区用房面积\" IS NOT NULL AND p.\"社区用房面积\" >= 0 AND " + needs_floor_area +
            " AND ST_Intersects(p.geom, c.geom) GROUP BY c.community_id",
        [&](OGRFeature& f) {
          expected[f.GetFieldAsString(0)].planned_households = f.GetFieldAsDouble(1);
          expected[f.GetFieldAsString(0)].planned_office = f.GetFieldAsDouble(2);
        });
  ASSERT_EQ(review.communities.size(), expected.size());
  int with_surplus = 0, short_of_space = 0;
  for (const auto& c : review.communities) {
    SCOPED_TRACE(c.community_id);
    const Figures& x = expected.at(c.community_id);
    EXPECT_DOUBLE_EQ(c.households_existing, x.existing);
    EXPECT_DOUBLE_EQ(c.office_m2, x.office);
    EXPECT_NEAR(c.households_planned, x.planned_households, 1e-6);
    EXPECT_NEAR(c.planned_office_m2, x.planned_office, 1e-6);
    const double households = x.existing + x.planned_households;
    const double per_households = 0.3 * households;
    const double required = pack_name == "national" ? per_households
                            : pack_name == "hangzhou" ? std::max(800.0, per_households)
                                                      : std::max(1000.0, per_households);
    ASSERT_TRUE(c.required_office_m2.has_value());
    EXPECT_NEAR(*c.required_office_m2, required, 1e-6);
    const double balance = required - x.office - x.planned_office;
    EXPECT_NEAR(c.shortfall_m2.value(), std::max(0.0, balance), 1e-6);
    EXPECT_GE(c.shortfall_m2.value(), 0.0);
    with_surplus += balance < 0;
    short_of_space += balance > 0;
  }
  EXPECT_GT(with_surplus, 0) << "no community has more space than required: the clamp is not exercised";
  EXPECT_GT(short_of_space, 0);
}

// Every rule's shortfall is what is missing, never a negative "surplus", on every plot and pack.
TEST_P(DemoCityAgainstSpatiaLite, NoRuleShortfallIsNegative) {
  const geo::RulePack pack = shipped(GetParam());  // the outcomes point into it
  const geo::Review review = geo::review_plots(*project_, pack);
  int surpluses = 0;
  for (const auto& p : review.plots)
    for (const auto& o : p.outcomes) {
      if (!o.assessed) continue;
      SCOPED_TRACE(p.plot_id + " " + o.rule->id);
      EXPECT_GE(o.shortfall, 0.0);
      EXPECT_DOUBLE_EQ(o.shortfall, std::max(0.0, o.required - o.provided));
      surpluses += o.provided > o.required;
    }
  EXPECT_GT(surpluses, 0) << "no rule is more than met: the clamp is not exercised";
}

// Large layers are read and reviewed by several threads; forced on the demo city, the result must
// be the one a single thread gives.
TEST(ParallelPaths, GiveTheSameProjectAndReview) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 11, dir.path(), "demo");
  const auto spec = geo::read_project(city.project);
  const geo::Project one = geo::load_project(spec, nullptr, {.parallel_read_min_features = 1'000'000'000});
  const geo::Project many = geo::load_project(spec, nullptr, {.parallel_read_min_features = 1});
  for (geo::Role role : geo::kAllRoles) {
    SCOPED_TRACE(geo::to_string(role));
    const auto& a = *one.layer(role);
    const auto& b = *many.layer(role);
    ASSERT_EQ(a.fids, b.fids);
    for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a.geometries[i].parts, b.geometries[i].parts);
    ASSERT_EQ(a.columns, b.columns);
    ASSERT_EQ(a.invalid_reasons, b.invalid_reasons);
  }
  const auto pack = shipped("hangzhou");
  const geo::Review sequential = geo::review_plots(one, pack, {.parallel_min_items = 1'000'000'000});
  const geo::Review parallel = geo::review_plots(one, pack, {.parallel_min_items = 1});
  ASSERT_EQ(sequential.plots.size(), parallel.plots.size());
  for (std::size_t i = 0; i < sequential.plots.size(); ++i) {
    EXPECT_EQ(sequential.plots[i].verdict, parallel.plots[i].verdict);
    EXPECT_EQ(sequential.plots[i].community, parallel.plots[i].community);
    EXPECT_EQ(sequential.plots[i].shortfall_m2, parallel.plots[i].shortfall_m2);
  }
  for (std::size_t c = 0; c < sequential.communities.size(); ++c) {
    EXPECT_DOUBLE_EQ(sequential.communities[c].households_existing, parallel.communities[c].households_existing);
    EXPECT_DOUBLE_EQ(sequential.communities[c].planned_office_m2, parallel.communities[c].planned_office_m2);
  }
}

// Feature ids below 1 are legal in a GeoPackage: the parallel readers' id ranges still take them,
// once each, as one reader does.
TEST(ParallelPaths, FeatureIdsBelowOneAreReadOnce) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 11, dir.path(), "demo");
  {
    GDALDatasetUniquePtr gpkg(GDALDataset::Open(city.gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(gpkg);
    gpkg->ExecuteSQL("UPDATE buildings SET fid = fid - 1000", nullptr, nullptr);
  }
  const auto spec = geo::read_project(city.project);
  const geo::Project one = geo::load_project(spec, nullptr, {.parallel_read_min_features = 1'000'000'000});
  const geo::Project many = geo::load_project(spec, nullptr, {.parallel_read_min_features = 1});
  const auto& a = *one.layer(geo::Role::Buildings);
  const auto& b = *many.layer(geo::Role::Buildings);
  ASSERT_EQ(a.size(), 1800u);
  ASSERT_LT(*std::min_element(a.fids.begin(), a.fids.end()), 0);
  auto sorted = [](std::vector<std::int64_t> v) { return std::sort(v.begin(), v.end()), v; };
  const std::vector<std::int64_t> read_by_many = sorted(b.fids);
  EXPECT_EQ(sorted(a.fids), read_by_many);
  EXPECT_EQ(std::adjacent_find(read_by_many.begin(), read_by_many.end()), read_by_many.end());
}

// A job that names the fields it reads gets those and the id, and the same review as with all.
TEST(FieldsAJobReads, OnlyThoseAndTheSameReview) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 11, dir.path(), "demo");
  const auto spec = geo::read_project(city.project);
  const geo::Project all = geo::load_project(spec, nullptr, {.model_fields_only = true});
  const geo::Project some =
      geo::load_project(spec, nullptr, {.model_fields_only = true, .fields = {{geo::Role::Buildings, {"households"}}}});
  const auto& buildings = *some.layer(geo::Role::Buildings);
  std::vector<std::string> names;
  for (const auto& [name, values] : buildings.columns) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"building_id", "households"}));
  EXPECT_GT(all.layer(geo::Role::Buildings)->columns.size(), 2u);
  EXPECT_EQ(some.layer(geo::Role::Plots)->columns, all.layer(geo::Role::Plots)->columns);  // not listed: all
  const auto pack = shipped("hangzhou");
  const geo::Review with_all = geo::review_plots(all, pack);
  const geo::Review with_some = geo::review_plots(some, pack);
  ASSERT_EQ(with_all.plots.size(), with_some.plots.size());
  for (std::size_t i = 0; i < with_all.plots.size(); ++i) EXPECT_EQ(with_all.plots[i].verdict, with_some.plots[i].verdict);
  for (std::size_t c = 0; c < with_all.communities.size(); ++c)
    EXPECT_DOUBLE_EQ(with_all.communities[c].households_existing, with_some.communities[c].households_existing);
}

INSTANTIATE_TEST_SUITE_P(Packs, DemoCityAgainstSpatiaLite, ::testing::Values("national", "hangzhou", "changsha"));

}  // namespace
