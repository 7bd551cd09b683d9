// cplan publish: a project's layers copied into PostgreSQL/PostGIS for a bureau to share.
#include <ogrsf_frmts.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <set>

#include <cpl_string.h>
#include <fmt/format.h>

#include "database/pg_connection.h"
#include "database/published_project_file.h"
#include "database/sql_text.h"
#include "geo/database.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/style.h"

namespace geo {

namespace {

// Each role's table is named after it: what a bureau's other tools (QGIS, SQL) see.
std::string table_name(Role role) { return to_string(role); }

std::string qualified(const std::string& schema, const std::string& table) {
  return schema == "public" ? table : schema + "." + table;
}

// The geometry type the table's column is declared with: the source's, where every feature fits
// it (single parts are made multi where the source declares multi); else any type, so that a
// messy source (a label point among polygons) is copied as it is and set aside on load, as it
// would be read from its file.
OGRwkbGeometryType column_type(OGRLayer& source) {
  const OGRwkbGeometryType declared = source.GetGeomType();
  const OGRwkbGeometryType flat = wkbFlatten(declared);
  if (flat == wkbUnknown || flat == wkbNone) return declared;
  const OGRwkbGeometryType single = flat == wkbMultiPolygon ? wkbPolygon : flat == wkbMultiLineString ? wkbLineString
                                   : flat == wkbMultiPoint  ? wkbPoint
                                                            : flat;
  CPLStringList ignored;
  for (int i = 0; i < source.GetLayerDefn()->GetFieldCount(); ++i) ignored.AddString(source.GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  source.SetIgnoredFields(const_cast<const char**>(ignored.List()));
  source.ResetReading();
  bool fits = true;
  for (auto& f : source) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t != flat && t != single) {
      fits = false;
      break;
    }
  }
  source.SetIgnoredFields(nullptr);
  source.ResetReading();
  return fits ? declared : OGR_GT_SetModifier(wkbUnknown, OGR_GT_HasZ(declared), OGR_GT_HasM(declared));
}

}  // namespace

PublishReport publish_project(const ProjectSpec& spec, const PublishOptions& options, Feedback* feedback) {
  ensure_gdal_registered();
  if (!is_database_source(options.target))
    throw Error("a database to publish to is a PG: connection string (PG:service=planning or PG:host=... dbname=...)",
                {.file = options.target});
  const std::string shown = redact_connection(options.target);
  if (options.schema.empty() || options.schema.size() > 63) throw Error("a schema name has 1 to 63 characters", {.file = shown});
  PublishReport report{.target = shown};

  // Loading first: a project that does not load is not published, and the styles need its fields.
  Project project = [&] {
    Feedback::Stage stage(feedback, 0, 30);
    return load_project(spec, feedback);
  }();

  GdalErrorCollector errors;
  GDALDatasetUniquePtr db(GDALDataset::Open(options.target.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!db) {
    PgConnection probe(options.target);  // libpq's reason, where GDAL says only that it failed
    throw Error(errors.summary("cannot connect"), {.file = shown});
  }
  auto sql = [&](const std::string& statement) {
    GdalErrorCollector here;
    OGRLayer* result = db->ExecuteSQL(statement.c_str(), nullptr, nullptr);
    if (result) db->ReleaseResultSet(result);
    if (!here.errors().empty()) throw Error(here.summary("the database refused: " + statement), {.file = shown});
  };
  auto query_one = [&](const std::string& statement) -> std::optional<std::string> {
    GdalErrorCollector here;
    OGRLayer* result = db->ExecuteSQL(statement.c_str(), nullptr, nullptr);
    std::optional<std::string> value;
    if (result) {
      OGRFeatureUniquePtr f(result->GetNextFeature());
      if (f && f->IsFieldSetAndNotNull(0)) value = f->GetFieldAsString(0);
      db->ReleaseResultSet(result);
    }
    if (!here.errors().empty()) throw Error(here.summary("the database refused: " + statement), {.file = shown});
    return value;
  };
  if (!query_one("SELECT extversion FROM pg_extension WHERE extname = 'postgis'"))
    throw Error("the database has no PostGIS: its owner must run CREATE EXTENSION postgis first", {.file = shown});

  // What is copied: every role's layer, and the vector layers the map shows beside them (an
  // import's water and green space), so that the published project needs no file.
  struct Copy {
    std::optional<Role> role;
    std::string other_layer;
    std::string source, layer, encoding, table;
  };
  std::vector<Copy> copies;
  for (const LayerSpec& ls : spec.layers) copies.push_back({ls.role, {}, ls.source.string(), ls.layer, ls.encoding, table_name(ls.role)});
  for (const MapLayerSpec& m : spec.map_layers) {
    if (m.kind != MapLayerKind::Vector || is_database_source(m.source.string())) continue;
    std::string table = "map_";
    for (char c : m.id) table += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
    copies.push_back({std::nullopt, m.id, m.source.string(), m.layer, {}, table.substr(0, 63)});
  }

  // The layers the household estimate reads.
  const auto file_layer = [](const std::filesystem::path& p) { return !p.empty() && !is_database_source(p.string()); };
  if (file_layer(spec.households.residential_areas))
    copies.push_back({std::nullopt, "households.residential_areas", spec.households.residential_areas.string(),
                      spec.households.residential_areas_layer, {}, "households_residential_areas"});
  if (spec.households.calibration && file_layer(spec.households.calibration->zones))
    copies.push_back({std::nullopt, "households.calibration.zones", spec.households.calibration->zones.string(),
                      spec.households.calibration->zones_layer, {}, "households_zones"});

  // Refuse before writing anything: a table that exists is replaced only when asked.
  for (const Copy& copy : copies) {
    const std::string& table = copy.table;
    if (query_one(fmt::format("SELECT 1 FROM pg_tables WHERE schemaname = {} AND tablename = {}", sql_literal(options.schema),
                              sql_literal(table))) &&
        !options.overwrite)
      throw Error(fmt::format("the table {} exists already; pass --overwrite to replace it", qualified(options.schema, table)),
                  {.file = shown});
  }

  if (db->StartTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot start a transaction"), {.file = shown});
  try {
    if (options.schema != "public") sql("CREATE SCHEMA IF NOT EXISTS " + sql_identifier(options.schema));
    sql(row_version_trigger_function(options.schema));
    // Two publishes at once would both try to create QGIS's table (CREATE TABLE IF NOT EXISTS
    // is not safe against that): the second waits for the first's commit.
    sql("SELECT pg_advisory_xact_lock(hashtext('cplan publish: public.layer_styles'))");
    sql(layer_styles_table_ddl());
    std::size_t done = 0;
    for (const Copy& copy : copies) {
      Feedback::Stage stage(feedback, 30 + 70.0 * static_cast<double>(done) / static_cast<double>(copies.size()),
                            30 + 70.0 * static_cast<double>(done + 1) / static_cast<double>(copies.size()));
      ++done;
      const std::string& table = copy.table;
      const std::string where_table = sql_identifier(options.schema) + "." + sql_identifier(table);
      OpenedSource source = open_vector_source(copy.source, {.encoding = copy.encoding});
      OGRLayer* from = copy.layer.empty() ? source.dataset->GetLayer(0) : source.dataset->GetLayerByName(copy.layer.c_str());
      if (!from) throw Error("no layer '" + copy.layer + "'", {.file = copy.source});
      const OGRwkbGeometryType type = column_type(*from);
      CPLStringList lco;
      lco.SetNameValue("SCHEMA", options.schema.c_str());
      lco.SetNameValue("GEOMETRY_NAME", "geom");
      lco.SetNameValue("FID", "fid");
      lco.SetNameValue("LAUNDER", "NO");  // the source's field names, Chinese ones too, as the project maps them
      lco.SetNameValue("PRECISION", "NO");
      lco.SetNameValue("SPATIAL_INDEX", "GIST");
      if (options.overwrite) lco.SetNameValue("OVERWRITE", "YES");  // GDAL drops the table it has listed
      OGRLayer* to = db->CreateLayer(table.c_str(), from->GetSpatialRef(), type, lco.List());
      if (!to) throw Error(errors.summary("cannot create the table"), {.file = shown, .layer = table});
      OGRFeatureDefn* from_defn = from->GetLayerDefn();
      for (int i = 0; i < from_defn->GetFieldCount(); ++i) {
        OGRFieldDefn field(from_defn->GetFieldDefn(i));
        if (std::string(field.GetNameRef()).size() > 63)
          throw Error("a PostgreSQL column name has at most 63 bytes", {.file = copy.source, .field = field.GetNameRef()});
        if (to->CreateField(&field) != OGRERR_NONE)
          throw Error(errors.summary("cannot create the column"), {.file = shown, .layer = table, .field = field.GetNameRef()});
      }
      const OGRwkbGeometryType multi = wkbFlatten(type) == wkbUnknown ? wkbUnknown : type;
      const GIntBig expected = std::max<GIntBig>(1, from->GetFeatureCount(FALSE));
      std::size_t copied = 0;
      from->ResetReading();
      for (auto& f : *from) {
        if (++copied % 512 == 0 && feedback) {
          feedback->throw_if_cancelled();
          feedback->set_progress(100.0 * static_cast<double>(copied) / static_cast<double>(expected), "publishing " + table);
        }
        OGRFeatureUniquePtr g(OGRFeature::CreateFeature(to->GetLayerDefn()));
        g->SetFrom(f.get(), TRUE);
        g->SetFID(f->GetFID());
        if (multi != wkbUnknown && f->GetGeometryRef())
          g->SetGeometryDirectly(OGRGeometryFactory::forceTo(f->StealGeometry(), multi));
        if (to->CreateFeature(g.get()) != OGRERR_NONE || !errors.errors().empty())
          throw Error(errors.summary("cannot copy the feature"), {.file = shown, .layer = table, .feature = f->GetFID()});
      }
      // Ids go on from the highest copied, for features added later.
      sql(fmt::format("SELECT setval(pg_get_serial_sequence({}, 'fid'), GREATEST(1, (SELECT max(fid) FROM {})))",
                      sql_literal(sql_identifier(options.schema) + "." + sql_identifier(table)), where_table));
      for (const std::string& statement : row_version_ddl(options.schema, table)) sql(statement);
      // The style in QGIS's table, its fields named as the table names them.
      if (const LayerData* data = copy.role ? project.layer(*copy.role) : nullptr) {
        const auto style = spec.styles.find(to_string(*copy.role));
        GeometryKind kind = GeometryKind::Empty;
        for (const Geometry& geometry : data->geometries)
          if (geometry.kind != GeometryKind::Empty) {
            kind = geometry.kind;
            break;
          }
        const std::string qml = qgis_style_qml(style == spec.styles.end() ? LayerStyleSpec{} : style->second, kind, *data,
                                               data->field_sources);
        for (const std::string& statement : layer_style_rows(options.schema, table, "geom", qml)) sql(statement);
      }
      report.tables.push_back({copy.role, copy.other_layer, qualified(options.schema, table), copied});
    }
    if (feedback) feedback->throw_if_cancelled();
    if (db->CommitTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot commit"), {.file = shown});
  } catch (...) {
    db->RollbackTransaction();
    throw;
  }

  if (!options.project_file.empty()) {
    write_published_project_file(spec, options.project_file, without_password(options.target), options.schema, report.tables);
    report.project_file = options.project_file;
  }
  if (shown != options.target)
    report.notes.push_back("the password given on the command line is not written into the project file: "
                           "give it in ~/.pgpass, a service file or PGPASSWORD");
  return report;
}

}  // namespace geo
