// The bureau's privilege model: planners edit plots, street offices their own street's
// facilities and parking, everyone reads.
#include <fmt/format.h>

#include "database/pg_connection.h"
#include "database/sql_text.h"
#include "geo/database.h"

namespace geo {

namespace {

struct Tables {
  std::string connection, schema;
  std::map<Role, std::string> quoted;  // schema-qualified, quoted
};

Tables published_tables(const ProjectSpec& spec) {
  Tables t;
  for (const LayerSpec& ls : spec.layers) {
    if (!is_database_source(ls.source.string()))
      throw Error(std::string("the ") + to_string(ls.role) + " layer is not in a database: publish the project first (cplan publish)",
                  {.file = spec.file.string()});
    const std::string connection = without_password(ls.source.string());
    if (t.connection.empty()) t.connection = connection;
    if (connection != t.connection) throw Error("the project's layers are in more than one database", {.file = spec.file.string()});
    const TableName name = table_name_of(ls.layer);
    if (t.schema.empty()) t.schema = name.schema;
    if (name.schema != t.schema) throw Error("the project's tables are in more than one schema", {.file = spec.file.string()});
    t.quoted[ls.role] = sql_identifier(name.schema) + "." + sql_identifier(name.table);
  }
  if (!t.quoted.count(Role::Communities)) throw Error("the project has no communities layer: streets are told by it", {.file = spec.file.string()});
  return t;
}

// The communities' street field, as the table names it (the project's field map, else the
// model's names and aliases).
std::string street_column(const ProjectSpec& spec) {
  const Project communities = load_project(spec, nullptr, {.roles = {Role::Communities}, .model_fields_only = true});
  const LayerData* layer = communities.layer(Role::Communities);
  if (!layer || !layer->field_sources.count("street"))
    throw Error("the communities have no street field (street, 街道): street offices cannot be told their own communities",
                {.file = spec.file.string()});
  return layer->field_sources.at("street");
}

// A group role, created once for the whole cluster.
std::string create_group(const std::string& name) {
  return fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {}) THEN CREATE ROLE {} NOLOGIN; END IF; END $$",
                     sql_literal(name), sql_identifier(name));
}

// Adding features needs the table's id sequence too.
std::string grant_sequence(const std::string& quoted_table, const std::string& role) {
  return fmt::format(
      "DO $$ DECLARE s text := pg_get_serial_sequence({}, 'fid'); BEGIN IF s IS NOT NULL THEN EXECUTE format('GRANT USAGE ON SEQUENCE %s "
      "TO {}', s); END IF; END $$",
      sql_literal(quoted_table), role);
}

}  // namespace

std::vector<std::string> role_model_sql(const ProjectSpec& spec, const RoleModel& model) {
  const Tables t = published_tables(spec);
  const std::string schema = sql_identifier(t.schema);
  const std::string street = street_column(spec);
  std::vector<std::string> sql = {create_group("cplan_planner"), create_group("cplan_street_office"),
                                  fmt::format("GRANT USAGE ON SCHEMA {} TO cplan_planner, cplan_street_office", schema)};
  for (const auto& [role, table] : t.quoted) sql.push_back(fmt::format("GRANT SELECT ON {} TO cplan_planner, cplan_street_office", table));
  sql.push_back("GRANT SELECT ON public.layer_styles TO cplan_planner, cplan_street_office");
  if (t.quoted.count(Role::Plots)) {
    sql.push_back(fmt::format("GRANT INSERT, UPDATE, DELETE ON {} TO cplan_planner", t.quoted.at(Role::Plots)));
    sql.push_back(grant_sequence(t.quoted.at(Role::Plots), "cplan_planner"));
  }
  // Which street each street office's login works for.
  sql.push_back(fmt::format("CREATE TABLE IF NOT EXISTS {}.street_offices (role_name name PRIMARY KEY, street text NOT NULL)", schema));
  sql.push_back(fmt::format("GRANT SELECT ON {}.street_offices TO cplan_planner, cplan_street_office", schema));
  // Whether a geometry lies in a community of the current login's street; the communities' CRS
  // may differ from the facilities'.
  sql.push_back(fmt::format(
      "CREATE OR REPLACE FUNCTION {0}.cplan_in_own_street(g geometry) RETURNS boolean LANGUAGE sql STABLE AS $$ "
      "SELECT g IS NOT NULL AND EXISTS (SELECT 1 FROM {1} c JOIN {0}.street_offices o ON o.role_name = current_user "
      "AND c.{2}::text = o.street WHERE ST_Intersects(c.geom, ST_Transform(g, ST_SRID(c.geom)))) $$",
      schema, t.quoted.at(Role::Communities), sql_identifier(street)));
  sql.push_back(fmt::format("GRANT EXECUTE ON FUNCTION {}.cplan_in_own_street(geometry) TO cplan_street_office", schema));
  for (const Role role : {Role::Facilities, Role::Parking}) {
    if (!t.quoted.count(role)) continue;
    const std::string& table = t.quoted.at(role);
    sql.push_back(fmt::format("GRANT INSERT, UPDATE, DELETE ON {} TO cplan_street_office", table));
    sql.push_back(grant_sequence(table, "cplan_street_office"));
    sql.push_back(fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", table));
    sql.push_back(fmt::format("DROP POLICY IF EXISTS cplan_everyone_reads ON {}", table));
    sql.push_back(fmt::format("CREATE POLICY cplan_everyone_reads ON {} FOR SELECT USING (true)", table));
    sql.push_back(fmt::format("DROP POLICY IF EXISTS cplan_own_street ON {}", table));
    sql.push_back(fmt::format("CREATE POLICY cplan_own_street ON {} FOR ALL TO cplan_street_office USING ({}.cplan_in_own_street(geom)) "
                              "WITH CHECK ({}.cplan_in_own_street(geom))",
                              table, schema, schema));
  }
  for (const std::string& login : model.planners) sql.push_back(fmt::format("GRANT cplan_planner TO {}", sql_identifier(login)));
  for (const auto& [login, street_code] : model.street_offices) {
    sql.push_back(fmt::format("GRANT cplan_street_office TO {}", sql_identifier(login)));
    sql.push_back(fmt::format("INSERT INTO {}.street_offices VALUES ({}, {}) ON CONFLICT (role_name) DO UPDATE SET street = EXCLUDED.street",
                              schema, sql_literal(login), sql_literal(street_code)));
  }
  return sql;
}

void apply_role_model(const ProjectSpec& spec, const RoleModel& model, const std::string& connection) {
  const std::vector<std::string> sql = role_model_sql(spec, model);
  const PgConnection c(connection.empty() ? spec.layers.front().source.string() : connection);
  PgTransaction transaction(c);
  for (const std::string& statement : sql) c.exec(statement);
  transaction.commit();
}

}  // namespace geo
