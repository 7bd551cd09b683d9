#include "test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace pg_test {

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection connect(const std::string& conninfo) {
  Connection c(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) throw std::runtime_error("test database: " + std::string(PQerrorMessage(c.get())));
  PQclear(PQexec(c.get(), "SET client_min_messages = warning"));  // no NOTICE of each dropped table in the test log
  return c;
}

std::string run(const std::string& conninfo, const std::string& statements, bool want_value) {
  Connection c = connect(conninfo);
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), statements.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("test database refused " + statements + ": " + PQerrorMessage(c.get()));
  if (!want_value || PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return {};
  return PQgetvalue(r.get(), 0, 0);
}

}  // namespace

std::optional<std::string> connection() {
  const char* c = std::getenv("CPLAN_TEST_PG");
  if (!c || !*c) return std::nullopt;
  return std::string(c);
}

bool required() {
  const char* r = std::getenv("CPLAN_REQUIRE_PG");
  return r && *r && std::string(r) != "0";
}

TestSchema::TestSchema(const std::string& connection) : connection_(connection) {
  static std::atomic<int> counter{0};
  name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  sql("DROP SCHEMA IF EXISTS " + name_ + " CASCADE; CREATE SCHEMA " + name_);
}

TestSchema::~TestSchema() {
  try {
    sql("DROP SCHEMA IF EXISTS " + name_ + " CASCADE; DELETE FROM public.layer_styles WHERE f_table_schema = '" + name_ + "'");
  } catch (...) {
    // The cluster goes away with the test run anyway.
  }
}

void TestSchema::sql(const std::string& statements) const { run(connection_, statements, false); }
std::string TestSchema::value(const std::string& query) const { return run(connection_, query, true); }

}  // namespace pg_test
