#pragma once
// The throwaway PostgreSQL + PostGIS cluster the test command starts (scripts/dev.sh test sets
// CPLAN_TEST_PG to its libpq connection string). Each test works in a schema of its own, dropped
// with the object, so that tests running in parallel never see each other's tables.
#include <optional>
#include <string>

namespace pg_test {

// The cluster's connection string (libpq keys), when there is one.
std::optional<std::string> connection();
// True when the test command started the cluster: a missing one is then a failure, not a skip.
bool required();

class TestSchema {
 public:
  explicit TestSchema(const std::string& connection);
  ~TestSchema();
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  const std::string& name() const { return name_; }
  // "PG:<connection>", as a project names its layers' source.
  std::string source() const { return "PG:" + connection_; }
  // Runs SQL (several statements allowed) as the cluster's superuser; throws on failure.
  void sql(const std::string& statements) const;
  // The first column of the first row, as text ("" for none or NULL).
  std::string value(const std::string& query) const;

 private:
  std::string connection_, name_;
};

}  // namespace pg_test

// In a GoogleTest body: the cluster's connection string in `var`, or the test skipped (failed
// when the test command should have started the cluster).
#define CPLAN_TEST_DATABASE(var)                                                                                 \
  const std::optional<std::string> var##_found = pg_test::connection();                                          \
  if (!var##_found) {                                                                                            \
    if (pg_test::required()) FAIL() << "CPLAN_REQUIRE_PG is set but CPLAN_TEST_PG is not: the cluster is missing"; \
    GTEST_SKIP() << "no test database: run the tests with scripts/dev.sh test, which starts one";                \
  }                                                                                                              \
  const std::string& var = *var##_found
