// cplan roles: the bureau's privilege model on a published project (planners edit plots, street
// offices their own street's facilities and parking, everyone reads).
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "geo/database.h"
#include "terminal.h"

namespace cplan {

namespace {

struct RolesCliOptions {
  std::string project;
  std::vector<std::string> planners;
  std::vector<std::string> street_offices;
  std::string connection;
  bool print = false;
};

int run_roles(const RolesCliOptions& o) {
  const geo::ProjectSpec spec = geo::read_project(std::filesystem::u8path(o.project));
  geo::RoleModel model;
  model.planners = o.planners;
  for (const std::string& s : o.street_offices) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      throw geo::Error("--street-office wants LOGIN=STREET (the street as the communities' street field holds it), got '" + s + "'");
    model.street_offices.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  if (o.print) {
    for (const std::string& statement : geo::role_model_sql(spec, model)) std::cout << statement << ";\n";
    return kOk;
  }
  geo::apply_role_model(spec, model, o.connection);
  std::cout << "roles set up: cplan_planner (edits plots), cplan_street_office (edits its street's facilities and parking); everyone reads\n";
  for (const auto& p : model.planners) std::cout << fmt::format("  planner: {}\n", p);
  for (const auto& [login, street] : model.street_offices) std::cout << fmt::format("  street office: {} ({})\n", login, street);
  return kOk;
}

}  // namespace

Run register_roles(CLI::App& app) {
  auto o = std::make_shared<RolesCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "roles",
      "Set up who may edit what in a published project's database: planners edit plots, street offices the facilities and parking "
      "of their own street's communities (row-level security), everyone reads. Run as the database's owner; run again to add logins.");
  sub->add_option("project", o->project, "a published project (cplan publish)")->required();
  sub->add_option("--planner", o->planners, "a login (an existing database role) to make a planner; repeat for more");
  sub->add_option("--street-office", o->street_offices, "LOGIN=STREET: a login to make the street office of STREET; repeat for more");
  sub->add_option("--connection", o->connection, "connect as the database's owner with this PG: string (default: the project's)");
  sub->add_flag("--sql", o->print, "print the SQL instead of running it");
  return [o] { return run_roles(*o); };
}

}  // namespace cplan
