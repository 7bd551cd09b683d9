// Projects held in PostGIS: publishing, equal results, saves with row versions, and rights.
// The database is the throwaway cluster of the test command (tests/support/test_database.h).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include <fmt/format.h>

#include "datasets/demo_city.h"
#include "../support/fixtures.h"
#include "geo/coverage.h"
#include "geo/database.h"
#include "geo/plugins.h"
#include "geo/review.h"
#include "geo/rules.h"
#include "../support/test_database.h"

namespace {

// The demo city in a GeoPackage, and the same published into a schema of the test database.
struct PublishedCity {
  fixtures::TempDir dir;
  datasets::GeneratedCity city;
  pg_test::TestSchema schema;
  std::filesystem::path pg_project;

  explicit PublishedCity(const std::string& connection)
      : city(datasets::generate_city(datasets::Scale::Demo, 5, dir.path(), "demo")), schema(connection) {
    geo::PublishOptions options;
    options.target = schema.source();
    options.schema = schema.name();
    options.project_file = dir / "demo.pg.toml";
    geo::publish_project(geo::read_project(city.project), options);
    pg_project = options.project_file;
  }
  geo::Project load_gpkg() const { return geo::load_project(geo::read_project(city.project)); }
  geo::Project load_pg() const { return geo::load_project(geo::read_project(pg_project)); }
  std::string table(const std::string& role) const { return schema.name() + "." + role; }
};

geo::RulePack national() { return geo::load_rule_pack(geo::resolve_rule_pack("national")); }

std::size_t row_of(const geo::LayerData& layer, std::int64_t fid) {
  for (std::size_t i = 0; i < layer.size(); ++i)
    if (layer.fids[i] == fid) return i;
  throw std::runtime_error("no feature " + std::to_string(fid));
}

// A planner's copy of the plots with one field of one feature changed.
geo::LayerData with_value(const geo::LayerData& plots, std::int64_t fid, const std::string& field, geo::Value v) {
  geo::LayerData edited = plots;
  edited.columns.at(field).at(row_of(plots, fid)) = std::move(v);
  return edited;
}

}  // namespace

namespace {

// Login roles of one test, dropped with it (roles belong to the whole cluster, not the schema).
struct Logins {
  const pg_test::TestSchema& schema;
  std::vector<std::string> names;
  Logins(const pg_test::TestSchema& s, const std::vector<std::string>& suffixes) : schema(s) {
    for (const auto& suffix : suffixes) {
      names.push_back(suffix + "_" + s.name());
      s.sql("CREATE ROLE " + names.back() + " LOGIN");
    }
  }
  ~Logins() {
    for (const auto& n : names) try {
        schema.sql(fmt::format("DROP OWNED BY {0}; DROP ROLE {0}", n));
      } catch (...) {
      }
  }
};

// The published project as a login sees it.
geo::Project load_as(const std::filesystem::path& project, const std::string& login) {
  geo::ProjectSpec spec = geo::read_project(project);
  for (auto& l : spec.layers) l.source = l.source.string() + " user=" + login;
  return geo::load_project(spec);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const geo::EditConflicts& e) {
    return std::string("conflict: ") + e.what();
  } catch (const geo::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ConnectionString, PasswordsNeverShownNorWritten) {
  EXPECT_TRUE(geo::is_database_source("PG:service=planning"));
  EXPECT_TRUE(geo::is_database_source("pg:dbname=x"));
  EXPECT_FALSE(geo::is_database_source("/data/PG:x.gpkg"));
  EXPECT_EQ(geo::redact_connection("PG:host=db user=li password=s3cret dbname=city"), "PG:host=db user=li password=*** dbname=city");
  EXPECT_EQ(geo::redact_connection("PG:host=db password = 'a b\\'c' dbname=city"), "PG:host=db password=*** dbname=city");
  EXPECT_EQ(geo::without_password("PG:host=db user=li password=s3cret dbname=city"), "PG:host=db user=li dbname=city");
  EXPECT_EQ(geo::redact_connection("PG:postgresql://li:s3cret@db:5432/city"), "PG:postgresql://li:***@db:5432/city");
  EXPECT_EQ(geo::without_password("PG:postgresql://li:s3cret@db/city?sslmode=require"), "PG:postgresql://li@db/city?sslmode=require");
  EXPECT_EQ(geo::libpq_conninfo("PG:dbname=city schemas=a,b active_schema=a tables=plots"), "dbname=city");
  // An unreadable string is never echoed: it might hold a password.
  EXPECT_EQ(geo::redact_connection("PG:password='unterminated"), "PG:(a connection string that cannot be read)");
}

TEST(ConnectionString, ProjectFileWithAPasswordIsRefused) {
  try {
    geo::parse_project("[layers.plots]\nsource = \"PG:host=db password=s3cret dbname=city\"\nlayer = \"plots\"\n", "p.toml");
    FAIL() << "a password in a project file was accepted";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("pgpass"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(PublishedProject, GivesTheSameReviewAndCoverageAsItsGeoPackage) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project gpkg = city.load_gpkg();
  const geo::Project pg = city.load_pg();
  for (const geo::Role role : geo::kAllRoles) {
    ASSERT_EQ(gpkg.layer(role) != nullptr, pg.layer(role) != nullptr) << geo::to_string(role);
    if (!gpkg.layer(role)) continue;
    EXPECT_EQ(gpkg.layer(role)->fids, pg.layer(role)->fids) << geo::to_string(role);
    EXPECT_EQ(gpkg.layer(role)->findings.size(), pg.layer(role)->findings.size()) << geo::to_string(role);
  }
  const geo::RulePack pack = national();
  const geo::Review a = geo::review_plots(gpkg, pack), b = geo::review_plots(pg, pack);
  ASSERT_EQ(a.plots.size(), b.plots.size());
  ASSERT_GT(a.plots.size(), 0u);
  for (std::size_t i = 0; i < a.plots.size(); ++i) {
    EXPECT_EQ(a.plots[i].plot_id, b.plots[i].plot_id);
    EXPECT_EQ(a.plots[i].verdict, b.plots[i].verdict) << a.plots[i].plot_id;
    EXPECT_EQ(a.plots[i].community, b.plots[i].community) << a.plots[i].plot_id;
    EXPECT_EQ(a.plots[i].required_office_m2, b.plots[i].required_office_m2) << a.plots[i].plot_id;
    EXPECT_EQ(a.plots[i].shortfall_m2, b.plots[i].shortfall_m2) << a.plots[i].plot_id;
  }
  ASSERT_EQ(a.communities.size(), b.communities.size());
  for (std::size_t i = 0; i < a.communities.size(); ++i) {
    EXPECT_EQ(a.communities[i].households(), b.communities[i].households()) << a.communities[i].community_id;
    EXPECT_EQ(a.communities[i].shortfall_m2, b.communities[i].shortfall_m2) << a.communities[i].community_id;
  }
  const geo::Coverage ca = geo::compute_coverage(gpkg, &pack, {.kind = "health_station", .distance_m = 300});
  const geo::Coverage cb = geo::compute_coverage(pg, &pack, {.kind = "health_station", .distance_m = 300});
  ASSERT_EQ(ca.buildings.size(), cb.buildings.size());
  for (std::size_t i = 0; i < ca.buildings.size(); ++i) {
    EXPECT_EQ(ca.buildings[i].walk_m, cb.buildings[i].walk_m);
    EXPECT_EQ(ca.buildings[i].euclid_m, cb.buildings[i].euclid_m);
  }
  EXPECT_EQ(ca.households_covered_walk(), cb.households_covered_walk());
}

TEST(PublishedProject, TablesCarryIndexesVersionsAndQgisStyles) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const auto& s = city.schema;
  EXPECT_EQ(s.value(fmt::format("SELECT count(*) FROM pg_indexes WHERE schemaname = '{}' AND indexdef LIKE '%USING gist%'", s.name())),
            std::to_string(city.load_gpkg().layers.size()));
  EXPECT_EQ(s.value(fmt::format("SELECT count(*) FROM {} WHERE row_version = 1", city.table("plots"))),
            s.value(fmt::format("SELECT count(*) FROM {}", city.table("plots"))));
  EXPECT_EQ(s.value(fmt::format("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = '{}' AND f_table_catalog = "
                                "current_database() AND useasdefault",
                                s.name())),
            std::to_string(city.load_gpkg().layers.size()));
  // Ids go on after the copied ones: a feature added later does not take an existing id.
  s.sql(fmt::format("INSERT INTO {} (geom) VALUES (ST_GeomFromText('POINT(0 0)', 4549))", city.table("facilities")));
  EXPECT_EQ(s.value(fmt::format("SELECT count(DISTINCT fid) = count(*) FROM {}", city.table("facilities"))), "t");
  // The project file names the tables and holds no password.
  const std::string text = fixtures::read_bytes(city.pg_project);
  EXPECT_NE(text.find(city.table("plots")), std::string::npos);
  EXPECT_EQ(text.find("password="), std::string::npos);
}

TEST(PublishedProject, AllOrNothing) {
  CPLAN_TEST_DATABASE(connection);
  fixtures::TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 5, dir.path(), "demo");
  const pg_test::TestSchema schema(connection);
  // A table of the same name is there already: refused before anything is written.
  schema.sql("CREATE TABLE " + schema.name() + ".roads (id integer)");
  geo::PublishOptions options{.target = schema.source(), .schema = schema.name()};
  try {
    geo::publish_project(geo::read_project(city.project), options);
    FAIL() << "an existing table was replaced without --overwrite";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find(schema.name() + ".roads exists already"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema.value("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema.name() + "'"), "1");
  // Cancelled part way: the transaction is rolled back, the schema holds what it held.
  schema.sql("DROP TABLE " + schema.name() + ".roads");
  geo::Feedback feedback([&](double percent, std::string_view) {
    if (percent > 60) feedback.cancel();
  });
  EXPECT_THROW(geo::publish_project(geo::read_project(city.project), options, &feedback), geo::Cancelled);
  EXPECT_EQ(schema.value("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema.name() + "'"), "0");
}

TEST(SharedEditing, TheSecondSaveOfAPlotIsAConflictAndNothingIsLost) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project a = city.load_pg(), b = city.load_pg();  // two planners read the same city
  const geo::LayerData& plots_a = *a.layer(geo::Role::Plots);
  const geo::LayerData& plots_b = *b.layer(geo::Role::Plots);
  const std::int64_t plot = plots_a.fids.at(2), other = plots_a.fids.at(3);
  const std::string households_column = plots_a.field_sources.at("households");
  const auto households_of = [&](std::int64_t fid) {
    return city.schema.value(fmt::format("SELECT \"{}\" FROM {} WHERE fid = {}", households_column, city.table("plots"), fid));
  };

  EXPECT_EQ(geo::save_database_edits(a, geo::Role::Plots, plots_a, with_value(plots_a, plot, "households", std::int64_t{700})), 1u);
  geo::LayerData mine = with_value(plots_b, plot, "households", std::int64_t{650});
  mine.columns.at("households").at(row_of(plots_b, other)) = std::int64_t{99};
  std::vector<geo::EditConflict> conflicts;
  try {
    geo::save_database_edits(b, geo::Role::Plots, plots_b, mine);
    FAIL() << "the second save overwrote the first";
  } catch (const geo::EditConflicts& e) {
    conflicts = e.conflicts();
  }
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].fid, plot);
  EXPECT_EQ(conflicts[0].their_version, 2);
  EXPECT_FALSE(conflicts[0].edited_by.empty());
  ASSERT_EQ(conflicts[0].fields.size(), 1u);
  EXPECT_EQ(conflicts[0].fields[0].field, "households");
  EXPECT_EQ(conflicts[0].fields[0].original, plots_b.columns.at("households").at(row_of(plots_b, plot)));
  EXPECT_EQ(geo::value_to_string(conflicts[0].fields[0].mine), "650");
  EXPECT_EQ(geo::value_to_string(conflicts[0].fields[0].theirs), "700");
  // Nothing of the refused save was written, not even the plot without a conflict.
  EXPECT_EQ(households_of(plot), "700");
  EXPECT_NE(households_of(other), "99");

  // Take theirs: the other plot is saved, the first keeps the first planner's value.
  EXPECT_EQ(geo::save_database_edits(b, geo::Role::Plots, plots_b, mine, {.take_theirs = {plot}}), 1u);
  EXPECT_EQ(households_of(plot), "700");
  EXPECT_EQ(households_of(other), "99");
  // Keep mine, over the version shown: saved, and the row counts on.
  EXPECT_EQ(geo::save_database_edits(b, geo::Role::Plots, plots_b, mine, {.keep_mine = {{plot, 2}}, .take_theirs = {other}}), 1u);
  EXPECT_EQ(households_of(plot), "650");
  EXPECT_EQ(city.schema.value(fmt::format("SELECT row_version FROM {} WHERE fid = {}", city.table("plots"), plot)), "3");
  // Updated rows move in the table's storage; read back, they come in fid order as before.
  EXPECT_EQ(city.load_pg().layer(geo::Role::Plots)->fids, plots_a.fids);
  // Keeping mine over a version that is no longer the latest is a conflict again.
  EXPECT_THROW(geo::save_database_edits(b, geo::Role::Plots, plots_b, mine, {.keep_mine = {{plot, 2}}, .take_theirs = {other}}),
               geo::EditConflicts);
}

TEST(SharedEditing, AnotherClientsUpdateCountsTooAndADeletionIsAConflict) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project p = city.load_pg();
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  // QGIS, or psql, saves the plot meanwhile: the trigger counts its version up as for ours.
  const std::string column = plots.field_sources.at("households");
  city.schema.sql(fmt::format("UPDATE {} SET \"{}\" = 1 WHERE fid = {}", city.table("plots"), column, plots.fids[0]));
  EXPECT_THROW(geo::save_database_edits(p, geo::Role::Plots, plots, with_value(plots, plots.fids[0], "households", std::int64_t{1})),
               geo::EditConflicts);
  // Nobody sets a version back by hand to hide an overwrite: the trigger counts from the stored one.
  city.schema.sql(fmt::format("UPDATE {} SET row_version = 1 WHERE fid = {}", city.table("plots"), plots.fids[0]));
  EXPECT_EQ(city.schema.value(fmt::format("SELECT row_version FROM {} WHERE fid = {}", city.table("plots"), plots.fids[0])), "3");
  city.schema.sql(fmt::format("DELETE FROM {} WHERE fid = {}", city.table("plots"), plots.fids[1]));
  try {
    geo::save_database_edits(p, geo::Role::Plots, plots, with_value(plots, plots.fids[1], "households", std::int64_t{1}));
    FAIL() << "a deleted plot was saved";
  } catch (const geo::EditConflicts& e) {
    ASSERT_EQ(e.conflicts().size(), 1u);
    EXPECT_TRUE(e.conflicts()[0].deleted);
  }
}

TEST(SharedEditing, ASaveIsOneTransaction) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project p = city.load_pg();
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  const std::string column = plots.field_sources.at("households");
  city.schema.sql(fmt::format("ALTER TABLE {} ADD CONSTRAINT households_not_negative CHECK (\"{}\" >= 0)", city.table("plots"), column));
  geo::LayerData edited = with_value(plots, plots.fids[0], "households", std::int64_t{123});
  edited.columns.at("households").at(1) = std::int64_t{-5};  // refused by the database, after the first was updated
  EXPECT_THROW(geo::save_database_edits(p, geo::Role::Plots, plots, edited), geo::Error);
  EXPECT_NE(city.schema.value(fmt::format("SELECT \"{}\" FROM {} WHERE fid = {}", column, city.table("plots"), plots.fids[0])), "123");
  EXPECT_EQ(city.schema.value(fmt::format("SELECT max(row_version) FROM {}", city.table("plots"))), "1");
}

TEST(SharedEditing, AMissingRightIsNamedAndNothingIsSaved) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const Logins logins(city.schema, {"reader"});
  const std::string& role = logins.names[0];
  city.schema.sql(fmt::format("GRANT USAGE ON SCHEMA {1} TO {0}; GRANT SELECT ON ALL TABLES IN SCHEMA {1} TO {0}", role, city.schema.name()));
  const geo::Project p = load_as(city.pg_project, role);
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  try {
    geo::save_database_edits(p, geo::Role::Plots, plots, with_value(plots, plots.fids[0], "households", std::int64_t{5}));
    FAIL() << "a reader saved an edit";
  } catch (const geo::EditConflicts&) {
    FAIL() << "a missing right was taken for a conflict";
  } catch (const geo::Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("no UPDATE right on the table " + city.table("plots")), std::string::npos) << message;
  }
  EXPECT_EQ(city.schema.value(fmt::format("SELECT max(row_version) FROM {}", city.table("plots"))), "1");
}


TEST(Roles, PlannersEditPlotsStreetOfficesTheirOwnStreetsFacilitiesAndNothingHalfSaved) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const auto& s = city.schema;
  const Logins logins(s, {"planner", "office"});
  const std::string& planner = logins.names[0];
  const std::string& office = logins.names[1];
  // The street of the community holding the first facility; a facility outside every community of it.
  const std::string street_column = city.load_pg().layer(geo::Role::Communities)->field_sources.at("street");
  const auto street_of = [&](const std::string& fid) {
    return s.value(fmt::format("SELECT c.\"{}\" FROM {} c JOIN {} f ON ST_Intersects(c.geom, f.geom) WHERE f.fid = {} LIMIT 1",
                               street_column, city.table("communities"), city.table("facilities"), fid));
  };
  const std::string own = s.value(fmt::format("SELECT min(fid) FROM {}", city.table("facilities")));
  const std::string street = street_of(own);
  ASSERT_FALSE(street.empty());
  const std::string foreign = s.value(fmt::format(
      "SELECT min(f.fid) FROM {} f WHERE NOT EXISTS (SELECT 1 FROM {} c WHERE c.\"{}\" = '{}' AND ST_Intersects(c.geom, f.geom))",
      city.table("facilities"), city.table("communities"), street_column, street));
  ASSERT_FALSE(foreign.empty());
  geo::apply_role_model(geo::read_project(city.pg_project), {.planners = {planner}, .street_offices = {{office, street}}});
  const auto version = [&](const std::string& role, const std::string& fid) {
    return s.value(fmt::format("SELECT row_version FROM {} WHERE fid = {}", city.table(role), fid));
  };

  // A planner edits plots, and is refused facilities by name.
  const geo::Project as_planner = load_as(city.pg_project, planner);
  const geo::LayerData& plots = *as_planner.layer(geo::Role::Plots);
  EXPECT_EQ(geo::save_database_edits(as_planner, geo::Role::Plots, plots, with_value(plots, plots.fids[0], "households", std::int64_t{10})), 1u);
  const geo::LayerData& facilities = *as_planner.layer(geo::Role::Facilities);
  EXPECT_NE(error_of([&] {
              geo::save_database_edits(as_planner, geo::Role::Facilities, facilities,
                                       with_value(facilities, std::stoll(own), "floor_area_m2", 120.0));
            }).find("no UPDATE right on the table " + city.table("facilities")),
            std::string::npos);

  // A street office edits its own street's facility; another street's is refused by row-level
  // security, and a save holding both writes neither.
  const geo::Project as_office = load_as(city.pg_project, office);
  const geo::LayerData& seen = *as_office.layer(geo::Role::Facilities);
  ASSERT_EQ(seen.size(), facilities.size());  // everyone reads everything
  EXPECT_EQ(geo::save_database_edits(as_office, geo::Role::Facilities, seen, with_value(seen, std::stoll(own), "floor_area_m2", 130.0)), 1u);
  EXPECT_EQ(version("facilities", own), "2");
  const geo::Project again = load_as(city.pg_project, office);
  const geo::LayerData& now = *again.layer(geo::Role::Facilities);
  geo::LayerData both = with_value(now, std::stoll(own), "floor_area_m2", 140.0);
  both.columns.at("floor_area_m2").at(row_of(now, std::stoll(foreign))) = 99.0;
  const std::string refusal = error_of([&] { geo::save_database_edits(again, geo::Role::Facilities, now, both); });
  EXPECT_NE(refusal.find("row-level security"), std::string::npos) << refusal;
  EXPECT_EQ(refusal.find("conflict"), std::string::npos) << refusal;
  EXPECT_EQ(version("facilities", own), "2");  // nothing half-saved
  EXPECT_EQ(version("facilities", foreign), "1");
  // Nor may it add a facility in another street, nor touch plots.
  geo::LayerData added = now;
  const std::size_t from = row_of(now, std::stoll(foreign));
  added.fids.push_back(now.fids.back() + 1000);
  added.geometries.push_back(now.geometries[from]);
  added.invalid_reasons.push_back(std::nullopt);
  for (auto& [name, column] : added.columns) column.push_back(column[from]);
  const std::string insert_refusal = error_of([&] { geo::save_database_edits(again, geo::Role::Facilities, now, added); });
  EXPECT_NE(insert_refusal.find("row-level security"), std::string::npos) << insert_refusal;
  const geo::LayerData& office_plots = *again.layer(geo::Role::Plots);
  EXPECT_NE(error_of([&] {
              geo::save_database_edits(again, geo::Role::Plots, office_plots,
                                       with_value(office_plots, office_plots.fids[1], "households", std::int64_t{1}));
            }).find("no UPDATE right on the table " + city.table("plots")),
            std::string::npos);
  EXPECT_EQ(s.value(fmt::format("SELECT count(*) FROM {}", city.table("facilities"))), std::to_string(facilities.size()));
}

TEST(SharedEditing, OpenProjectsHearOfEverySave) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project p = city.load_pg();
  geo::EditListener listener(p.spec.find(geo::Role::Plots)->source.string());
  EXPECT_TRUE(listener.take().empty());
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  std::vector<std::int64_t> saved;
  geo::save_database_edits(p, geo::Role::Plots, plots, with_value(plots, plots.fids[3], "households", std::int64_t{3}), {}, &saved);
  EXPECT_EQ(saved, std::vector<std::int64_t>{plots.fids[3]});
  city.schema.sql(fmt::format("UPDATE {} SET geom = geom WHERE fid = {}", city.table("facilities"), 2));  // QGIS, say
  std::vector<geo::EditNotice> heard;
  for (int i = 0; i < 50 && heard.size() < 2; ++i) {
    const auto more = listener.take();
    heard.insert(heard.end(), more.begin(), more.end());
    if (heard.size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].table, city.table("plots"));
  EXPECT_EQ(heard[0].fid, plots.fids[3]);
  EXPECT_FALSE(heard[0].by.empty());
  EXPECT_EQ(heard[1].table, city.table("facilities"));
  EXPECT_EQ(heard[1].fid, 2);
}

TEST(InDatabase, StraightLineCoverageEqualsTheEngines) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project p = city.load_pg();
  const geo::RulePack pack = national();
  for (const char* kind : {"health_station", "kindergarten", "parking"}) {
    const geo::Coverage engine = geo::compute_coverage(p, &pack, {.kind = kind, .distance_m = 300, .walking = false});
    const geo::Coverage database =
        geo::compute_coverage(p, &pack, {.kind = kind, .distance_m = 300, .walking = false, .in_database = true});
    ASSERT_EQ(engine.buildings.size(), database.buildings.size()) << kind;
    ASSERT_GT(engine.buildings.size(), 100u);
    std::size_t covered = 0;
    for (std::size_t i = 0; i < engine.buildings.size(); ++i) {
      EXPECT_NEAR(engine.buildings[i].euclid_m, database.buildings[i].euclid_m, 1e-6) << kind << " building " << i;
      covered += engine.covered(engine.buildings[i]);
    }
    EXPECT_GT(covered, 0u) << kind;
    EXPECT_LT(covered, engine.buildings.size()) << kind;  // a threshold that separates, not a trivial all or none
    EXPECT_EQ(engine.households_covered_euclid(), database.households_covered_euclid()) << kind;
    for (std::size_t c = 0; c < engine.communities.size(); ++c)
      EXPECT_EQ(engine.communities[c].covered_euclid, database.communities[c].covered_euclid) << kind << " community " << c;
  }
  // A project in files has no database to ask.
  EXPECT_THROW(geo::compute_coverage(city.load_gpkg(), &pack, {.kind = "health_station", .distance_m = 300, .walking = false, .in_database = true}),
               geo::Error);
}

TEST(SharedEditing, AConnectionLostMidSaveLeavesTheDatabaseAsItWas) {
  CPLAN_TEST_DATABASE(connection);
  const PublishedCity city(connection);
  const geo::Project p = city.load_pg();
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  const std::string column = plots.field_sources.at("households");
  // The second plot's update waits in the server, long enough for the connection to be cut.
  city.schema.sql(fmt::format(
      "CREATE FUNCTION {0}.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5); RETURN NEW; END $$; "
      "CREATE TRIGGER slow BEFORE UPDATE ON {1} FOR EACH ROW WHEN (OLD.fid = {2}) EXECUTE FUNCTION {0}.slow()",
      city.schema.name(), city.table("plots"), plots.fids[1]));
  geo::LayerData edited = with_value(plots, plots.fids[0], "households", std::int64_t{4321});
  edited.columns.at("households").at(1) = std::int64_t{1234};
  std::thread cut([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    city.schema.sql(fmt::format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'UPDATE \"{}\".\"plots\"%' "
                                "AND pid <> pg_backend_pid()",
                                city.schema.name()));
  });
  const std::string error = error_of([&] { geo::save_database_edits(p, geo::Role::Plots, plots, edited); });
  cut.join();
  EXPECT_NE(error.find("connection was lost"), std::string::npos) << error;
  EXPECT_NE(city.schema.value(fmt::format("SELECT \"{}\" FROM {} WHERE fid = {}", column, city.table("plots"), plots.fids[0])), "4321");
  EXPECT_EQ(city.schema.value(fmt::format("SELECT max(row_version) FROM {}", city.table("plots"))), "1");
  // The next save connects again.
  city.schema.sql(fmt::format("DROP TRIGGER slow ON {}", city.table("plots")));
  EXPECT_EQ(geo::save_database_edits(p, geo::Role::Plots, plots, edited), 2u);
}
