// Analyses pushed down into the database holding the project (cplan ... --in-database).
#include <fmt/format.h>

#include "database/pg_connection.h"
#include "database/sql_text.h"
#include "geo/coverage.h"
#include "geo/database.h"

namespace geo {

namespace {

std::string quoted_table(const LayerSpec& spec) {
  const TableName name = table_name_of(spec.layer);
  return sql_identifier(name.schema) + "." + sql_identifier(name.table);
}

// PostgreSQL's array literal of ids: '{1,2,3}'.
std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "}";
}

}  // namespace

void straight_line_in_database(const Project& project, Coverage& coverage, Feedback* feedback) {
  const bool parking = coverage.kind == "parking";
  const LayerSpec* buildings = project.spec.find(Role::Buildings);
  const LayerSpec* sites = project.spec.find(parking ? Role::Parking : Role::Facilities);
  if (!buildings || !sites) throw Error("coverage in the database needs the buildings and facilities layers");
  for (const LayerSpec* ls : {buildings, sites}) {
    if (!is_database_source(ls->source.string()))
      throw Error(std::string("--in-database needs the project's layers in a database; the ") + to_string(ls->role) +
                      " layer is a file: publish the project first (cplan publish)",
                  {.file = ls->source.string()});
    if (ls->merge_pieces || project.spec.merge_pieces)
      throw Error("--in-database cannot be used with pieces merged on load: the database holds the pieces", {.file = ls->source.string()});
    if (ls->offset != WebMapOffset::None)
      throw Error("--in-database cannot be used on a layer in web-map offset coordinates", {.file = ls->source.string()});
  }
  if (without_password(buildings->source.string()) != without_password(sites->source.string()))
    throw Error("--in-database needs the buildings and the facilities in the same database");
  const LayerData& building_layer = *project.layer(Role::Buildings);
  const LayerData& site_layer = *project.layer(parking ? Role::Parking : Role::Facilities);
  std::vector<std::int64_t> building_ids, site_ids;
  for (const auto& b : coverage.buildings) building_ids.push_back(building_layer.fids[b.index]);
  for (std::size_t f : coverage.facilities) site_ids.push_back(site_layer.fids[f]);
  if (site_ids.empty() || building_ids.empty()) return;  // nothing is near anything: euclid_m stays unreachable

  const PgConnection& c = pooled_connection(buildings->source.string());
  PgTransaction transaction(c);
  const std::string working = std::to_string(project.working_epsg);
  c.exec(fmt::format("CREATE TEMP TABLE cplan_sites ON COMMIT DROP AS SELECT ST_Centroid(ST_Transform(geom, {})) AS pt FROM {} "
                     "WHERE fid = ANY($1::bigint[])",
                     working, quoted_table(*sites)),
         {id_array(site_ids)});
  c.exec("CREATE INDEX ON cplan_sites USING gist (pt)");
  c.exec("ANALYZE cplan_sites");
  if (feedback) feedback->throw_if_cancelled();
  const PgResult nearest = c.exec(
      fmt::format("SELECT b.fid, (SELECT ST_Distance(b.c, s.pt) FROM cplan_sites s ORDER BY s.pt <-> b.c LIMIT 1) FROM "
                  "(SELECT fid, ST_Centroid(ST_Transform(geom, {})) AS c FROM {} WHERE fid = ANY($1::bigint[])) b",
                  working, quoted_table(*buildings)),
      {id_array(building_ids)});
  transaction.commit();
  std::map<std::int64_t, double> distance;
  for (int r = 0; r < nearest.rows(); ++r)
    if (auto d = nearest.value(r, 1)) distance[std::stoll(*nearest.value(r, 0))] = std::stod(*d);
  for (auto& b : coverage.buildings) {
    auto it = distance.find(building_layer.fids[b.index]);
    if (it == distance.end())
      throw Error("the database has no such building (changed since the project was read?); run again",
                  {.file = redact_connection(buildings->source.string()), .feature = building_layer.fids[b.index]});
    b.euclid_m = it->second;
  }
}

}  // namespace geo
