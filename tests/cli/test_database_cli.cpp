// cplan with a project held in PostGIS: publish, the same results as from the GeoPackage, and
// edits that stop on a conflict with their documented exit code.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "../support/osm_city.h"
#include "../support/test_database.h"
#include "cli_runner.h"
#include "datasets/demo_city.h"

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST(CplanDatabase, PublishedProjectChecksAsItsGeoPackageAndEditsStopOnConflicts) {
  CPLAN_TEST_DATABASE(connection);
  fixtures::TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 9, dir.path(), "demo");
  const pg_test::TestSchema schema(connection);
  const std::string pg_project = (dir / "demo.pg.toml").string();

  const auto published = cli_test::cplan(fmt::format("publish {} --to {} --schema {} --project-file {}", city.project.string(),
                                                     quoted(schema.source() + " password=not-stored"), schema.name(), pg_project));
  ASSERT_EQ(published.exit_code, 0) << published.out;
  EXPECT_NE(published.out.find(schema.name() + ".plots"), std::string::npos) << published.out;
  EXPECT_NE(published.out.find("password=***"), std::string::npos) << published.out;   // shown hidden
  EXPECT_EQ(published.out.find("not-stored"), std::string::npos) << published.out;     // never printed
  EXPECT_EQ(fixtures::read_bytes(pg_project).find("not-stored"), std::string::npos);   // nor written
  // Publishing again without --overwrite touches nothing.
  const auto again = cli_test::cplan(fmt::format("publish {} --to {} --schema {} --project-file {}", city.project.string(),
                                                 quoted(schema.source()), schema.name(), (dir / "again.toml").string()));
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_NE(again.out.find("--overwrite"), std::string::npos) << again.out;

  // The same review, byte for byte, from the database as from the file.
  for (const char* rules : {"national", "hangzhou"}) {
    const auto from_file = cli_test::cplan(fmt::format("check {} --rules {} --json", city.project.string(), rules), {}, true);
    const auto from_db = cli_test::cplan(fmt::format("check {} --rules {} --json", pg_project, rules), {}, true);
    EXPECT_EQ(from_file.exit_code, from_db.exit_code) << rules;
    EXPECT_EQ(from_file.out, from_db.out) << rules;
    EXPECT_GT(from_db.out.size(), 1000u) << from_db.out;
  }
  const auto cover_file = cli_test::cplan(fmt::format("coverage {} --kind all", city.project.string()), {}, true);
  const auto cover_db = cli_test::cplan(fmt::format("coverage {} --kind all", pg_project), {}, true);
  EXPECT_EQ(cover_file.out, cover_db.out);

  // Two planners: the first saves over version 1; the second, who read version 1 too, is refused.
  const auto first = cli_test::cplan(fmt::format("edit {} --feature 2 --set households=700 --expect-version 1", pg_project));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto second = cli_test::cplan(fmt::format("edit {} --feature 2 --set households=650 --expect-version 1", pg_project));
  EXPECT_EQ(second.exit_code, 3) << second.out;
  EXPECT_NE(second.out.find("conflict: feature 2 is at version 2"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("households"), std::string::npos) << second.out;
  const auto households = [&] {
    return schema.value(fmt::format("SELECT \"户数\" FROM {}.plots WHERE fid = 2", schema.name()));
  };
  EXPECT_EQ(households(), "700");
  // Keeping theirs' version as the base: saved.
  const auto keep = cli_test::cplan(fmt::format("edit {} --feature 2 --set households=650 --expect-version 2", pg_project));
  EXPECT_EQ(keep.exit_code, 0) << keep.out;
  EXPECT_EQ(households(), "650");
}

TEST(CplanDatabase, ImportIntoADatabaseGivesWhatTheFileImportGives) {
  CPLAN_TEST_DATABASE(connection);
  fixtures::TempDir dir;
  const fixtures::OsmCity city = fixtures::test_city();
  fixtures::write_osm_pbf(dir / "city.osm.pbf", city.nodes, city.ways);
  const pg_test::TestSchema schema(connection);
  const auto to_file = cli_test::cplan(fmt::format("import {} --out {} --name city", quoted((dir / "city.osm.pbf").string()),
                                                   quoted((dir / "files").string())));
  ASSERT_EQ(to_file.exit_code, 0) << to_file.out;
  const std::string project = (dir / "city.pg.toml").string();
  const auto to_db = cli_test::cplan(fmt::format("import {} --out {} --schema {} --project-file {} --name city",
                                                 quoted((dir / "city.osm.pbf").string()), quoted(schema.source()), schema.name(), project));
  ASSERT_EQ(to_db.exit_code, 0) << to_db.out;
  EXPECT_NE(to_db.out.find("tables into"), std::string::npos) << to_db.out;
  // Nothing of the staging folder is left behind, and the project names only tables.
  const std::string text = fixtures::read_bytes(project);
  EXPECT_EQ(text.find(".gpkg"), std::string::npos) << text;
  for (const char* command : {"check {} --rules national --json", "coverage {} --kind all"}) {
    const auto a = cli_test::cplan(fmt::format(fmt::runtime(command), (dir / "files" / "city.toml").string()), {}, true);
    const auto b = cli_test::cplan(fmt::format(fmt::runtime(command), project), {}, true);
    EXPECT_EQ(a.exit_code, b.exit_code) << command;
    EXPECT_EQ(a.out, b.out) << command;
  }
  // Without a project file, refused before anything is imported.
  const auto refused = cli_test::cplan(fmt::format("import {} --out {}", quoted((dir / "city.osm.pbf").string()), quoted(schema.source())));
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("--project-file"), std::string::npos) << refused.out;
}

TEST(CplanDatabase, AnUnreachableDatabaseOrOneWithoutPostgisIsSaidPlainly) {
  CPLAN_TEST_DATABASE(connection);
  fixtures::TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 9, dir.path(), "demo");
  // Nobody listens on port 1: refused, the password shown hidden, no crash.
  const std::string nowhere = "PG:host=127.0.0.1 port=1 dbname=city user=li password=secret-word";
  const auto published = cli_test::cplan(fmt::format("publish {} --to {} --project-file {}", city.project.string(), quoted(nowhere),
                                                     (dir / "x.toml").string()));
  EXPECT_EQ(published.exit_code, 2) << published.out;
  EXPECT_NE(published.out.find("cannot connect"), std::string::npos) << published.out;
  EXPECT_NE(published.out.find("password=***"), std::string::npos) << published.out;
  EXPECT_EQ(published.out.find("secret-word"), std::string::npos) << published.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.toml"));
  // A project whose tables are out of reach: the layer and the connection are named.
  {
    std::ofstream project(dir / "far.toml");
    project << "[layers.plots]\nsource = \"PG:host=127.0.0.1 port=1 dbname=city\"\nlayer = \"plots\"\n"
            << "[layers.communities]\nsource = \"PG:host=127.0.0.1 port=1 dbname=city\"\nlayer = \"communities\"\n";
  }
  const auto checked = cli_test::cplan(fmt::format("check {} --rules national", (dir / "far.toml").string()));
  EXPECT_EQ(checked.exit_code, 2) << checked.out;
  EXPECT_NE(checked.out.find("PG:host=127.0.0.1 port=1 dbname=city: layer '"), std::string::npos) << checked.out;
  EXPECT_NE(checked.out.find("Connection refused"), std::string::npos) << checked.out;
  // A database without PostGIS: its owner is told what to run.
  const pg_test::TestSchema schema(connection);
  const std::string database = "nopostgis_" + schema.name();
  schema.sql("CREATE DATABASE " + database);
  const auto no_postgis = cli_test::cplan(fmt::format("publish {} --to {} --project-file {}", city.project.string(),
                                                      quoted("PG:" + connection + " dbname=" + database), (dir / "y.toml").string()));
  schema.sql("DROP DATABASE " + database);
  EXPECT_EQ(no_postgis.exit_code, 2) << no_postgis.out;
  EXPECT_NE(no_postgis.out.find("CREATE EXTENSION postgis"), std::string::npos) << no_postgis.out;
}
