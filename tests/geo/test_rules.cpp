// Rule packs: parsing, validation errors with file and line, formulas, and a hand-worked case
// for every pack shipped in plugins/rules.
#include <gtest/gtest.h>

#include <cmath>

#include "geo/error.h"
#include "geo/rules.h"

namespace {

geo::RulePack shipped(const std::string& name) { return geo::load_rule_pack(geo::resolve_rule_pack(name)); }

const geo::Rule& rule(const geo::RulePack& pack, const std::string& id) {
  for (const auto& r : pack.rules)
    if (r.id == id) return r;
  throw std::runtime_error("no rule " + id);
}

// Sets plot inputs, evaluates, and returns each applicable rule's requirement.
std::map<std::string, double> requirements(const geo::RulePack& pack, const std::map<std::string, double>& inputs) {
  geo::RuleEvaluator e(pack, geo::RuleScope::Plot);
  for (const auto& name : geo::plot_variables()) e.set(name, 0.0);
  for (const auto& [name, value] : inputs) e.set(name, value);
  e.update_derived();
  std::map<std::string, double> out;
  for (const geo::Rule* r : e.rules())
    if (e.applies(*r)) out[r->id] = e.required(*r);
  return out;
}

TEST(ShippedPacks, AllLoadAndCiteTheirDocuments) {
  for (const char* name : {"national", "hangzhou", "changsha", "gb50180"}) {
    const geo::RulePack pack = shipped(name);
    EXPECT_EQ(pack.id, name);
    EXPECT_FALSE(pack.documents.empty()) << name;
    for (const auto& r : pack.rules) {
      EXPECT_NE(pack.document(r.document), nullptr) << name << ": " << r.id;
      EXPECT_FALSE(pack.citation(r.document, r.article, r.mark).empty());
    }
  }
}

// National: 30 m² per 100 households (建办科〔2022〕48号). 600 households need 180 m².
TEST(HandWorked, National) {
  const auto pack = shipped("national");
  const auto req = requirements(pack, {{"households", 600}, {"reserved_office_m2", 150}});
  EXPECT_DOUBLE_EQ(req.at("national_office_per_households"), 180.0);
  // 60 % of the 150 m² reserved must serve residents' activities: 90 m².
  EXPECT_DOUBLE_EQ(req.at("national_residents_activity_share"), 90.0);
  EXPECT_TRUE(rule(pack, "national_residents_activity_share").optional);
  EXPECT_EQ(pack.effective_mark(rule(pack, "national_office_per_households")), geo::Mark::Verified);
  EXPECT_EQ(requirements(pack, {{"households", 0}}).count("national_office_per_households"), 0u);  // not a residential plot
}

// Hangzhou: 1,000 households and 120,000 m² of floor area. Yuhang: 30 m²/100 households = 300 m².
// Study: max(3 ‰ × 120,000, 300) = 360 m². Home care: max(30 × 10, 300) = 300 m².
TEST(HandWorked, Hangzhou) {
  const auto pack = shipped("hangzhou");
  const auto req = requirements(pack, {{"households", 1000}, {"gross_floor_area_m2", 120000}});
  EXPECT_DOUBLE_EQ(req.at("yuhang_rooms_per_households"), 300.0);
  EXPECT_DOUBLE_EQ(req.at("study_floor_area_reservation"), 360.0);
  EXPECT_DOUBLE_EQ(req.at("yuhang_home_care_rooms"), 300.0);
  // A small project: the 300 m² minimum beside the ratio binds.
  EXPECT_DOUBLE_EQ(requirements(pack, {{"households", 100}, {"gross_floor_area_m2", 10000}}).at("study_floor_area_reservation"), 300.0);
  // The study's numbers are unverified and every use of them says so.
  EXPECT_EQ(pack.effective_mark(rule(pack, "study_floor_area_reservation")), geo::Mark::Unverified);
  EXPECT_NE(pack.citation("founding_study", "", geo::Mark::Unverified).find("unverified"), std::string::npos);
  EXPECT_EQ(pack.effective_mark(rule(pack, "yuhang_rooms_per_households")), geo::Mark::Verified);
}

// Hangzhou funding: 80 yuan per household per year in 2000, +5 % a year. For 3,816 households
// in 2026: 80 × 3,816 × 1.05^26 = 305,280 × 3.555672... = 1,085,475.6 yuan.
TEST(HandWorked, HangzhouFunding) {
  const auto pack = shipped("hangzhou");
  geo::RuleEvaluator e(pack, geo::RuleScope::Community);
  e.set("households", 3816);
  e.set("year", 2026);
  e.update_derived();
  EXPECT_NEAR(e.funding(), 1085475.6, 1.0);
  e.set("year", 2000);
  EXPECT_NEAR(e.funding(), 305280.0, 1e-6);
}

// Changsha: 4,000 flats, of which 500 under 40 m² (0.3 household each) and 1,000 of 41–70 m²
// (0.5 each): 4,000 − 0.7 × 500 − 0.5 × 1,000 = 3,150 equivalent households, × 3.2 = 10,080
// persons ≥ 10,000, so the centre (600 m²) is owed on top of the 1,000 m² rooms: 1,600 m².
TEST(HandWorked, Changsha) {
  const auto pack = shipped("changsha");
  geo::RuleEvaluator e(pack, geo::RuleScope::Plot);
  e.set("households", 4000);
  e.set("small_units", 500);
  e.set("medium_units", 1000);
  e.update_derived();
  EXPECT_DOUBLE_EQ(e.value("equivalent_households"), 3150.0);
  EXPECT_DOUBLE_EQ(e.value("persons"), 10080.0);
  EXPECT_DOUBLE_EQ(e.required(rule(pack, "changsha_service_rooms")), 1600.0);
  EXPECT_DOUBLE_EQ(e.required(rule(pack, "hunan_rooms_per_households")), 945.0);
  // Below the threshold the centre is not owed.
  e.set("small_units", 600);  // 3,080 equivalent households, 9,856 persons
  e.update_derived();
  EXPECT_DOUBLE_EQ(e.required(rule(pack, "changsha_service_rooms")), 1000.0);
}

// GB 50180-2018: 2,000 households × 3.2 = 6,400 persons reach the block level and the 5-minute
// level: the levels add up (non-inclusive), 0 + 600 m².
TEST(HandWorked, Gb50180LevelsAddUp) {
  const auto pack = shipped("gb50180");
  EXPECT_DOUBLE_EQ(requirements(pack, {{"households", 2000}}).at("gb50180_life_circle_levels"), 600.0);
  EXPECT_DOUBLE_EQ(requirements(pack, {{"households", 500}}).at("gb50180_life_circle_levels"), 0.0);  // block level only
  EXPECT_EQ(requirements(pack, {{"households", 100}}).count("gb50180_life_circle_levels"), 0u);      // below any level
  ASSERT_EQ(pack.facilities.size(), 6u);
  for (const auto& f : pack.facilities) EXPECT_GT(f.radius_m, 0) << f.kind;
}

TEST(Formulas, StepGivesFloorAreaTiers) {
  // Xixian New Area: <30,000 m² → 300; 30,000–100,000 → 800; 100,000–180,000 → 1,700; ...
  const auto pack = geo::parse_rule_pack(R"toml(
[pack]
id = "xixian"
name = "西咸新区"
[[rules]]
id = "tiers"
title = "tiers"
required = "step(gross_floor_area_m2, 300, 30000, 800, 100000, 1700, 180000, 2500, 280000, 4800)"
)toml",
                                         "x.toml");
  auto at = [&](double gfa) { return requirements(pack, {{"gross_floor_area_m2", gfa}}).at("tiers"); };
  EXPECT_DOUBLE_EQ(at(29999), 300);
  EXPECT_DOUBLE_EQ(at(30000), 800);
  EXPECT_DOUBLE_EQ(at(150000), 1700);
  EXPECT_DOUBLE_EQ(at(500000), 4800);
}

void expect_pack_error(const std::string& text, int line, const std::string& words) {
  try {
    geo::parse_rule_pack(text, "bad.toml");
    FAIL() << "expected an error";
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().file, "bad.toml") << e.what();
    ASSERT_TRUE(e.where().line) << e.what();
    EXPECT_EQ(*e.where().line, line) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

const std::string kHead = "[pack]\nid = \"t\"\nname = \"t\"\n";  // lines 1-3

TEST(PackErrors, NameFileLineAndProblem) {
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"30 * housholds / 100\"\n", 7,
                    "unknown variable 'housholds'");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"30 * (households / 100\"\n", 7, "does not parse");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"1\"\nwhen = \"households >\"\n", 8, "does not parse");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"1\"\ndocument = \"nowhere\"\n", 4,
                    "cites document 'nowhere'");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequird = \"1\"\n", 7, "unknown key 'requird'");
  expect_pack_error(kHead + "[parameters.x]\nvalue = \"thirty\"\n", 5, "must be a number");
  expect_pack_error(kHead + "[rules\n", 4, "not valid TOML");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"1\"\nmark = \"maybe\"\n", 8, "mark must be");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"1\"\nprovided = \"parking\"\n", 4,
                    "compares with 'parking'");
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"step(households, 1, 2)\"\n", 7, "does not parse");
  expect_pack_error(kHead + "[finance.government]\nformula = \"80 * households * 1.05 ^ (year - 2000) * plots\"\n", 5, "unknown variable 'plots'");
}

TEST(PackErrors, CommunityVariablesAreNotPlotVariables) {
  expect_pack_error(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nrequired = \"office_m2\"\n", 7, "unknown variable 'office_m2'");
  EXPECT_NO_THROW(geo::parse_rule_pack(kHead + "[[rules]]\nid = \"r\"\ntitle = \"r\"\nscope = \"community\"\nrequired = \"office_m2\"\n", "ok.toml"));
}

TEST(PackErrors, MissingPackSectionAndUnknownPackName) {
  EXPECT_THROW(geo::parse_rule_pack("[[rules]]\nid = \"r\"\n", "x.toml"), geo::Error);
  try {
    geo::resolve_rule_pack("shenzhen");
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("hangzhou"), std::string::npos) << e.what();  // lists what is shipped
  }
}

}  // namespace
