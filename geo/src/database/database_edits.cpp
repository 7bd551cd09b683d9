// Saving edits into a shared database: each feature only over the version that was read.
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <ogr_geometry.h>

#include "database/pg_connection.h"
#include "database/sql_text.h"
#include "geo/crs.h"
#include "geo/database.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"

namespace geo {

namespace {

struct TableInfo {
  std::string schema, table, shown;  // shown: schema.table
  std::string fid_column, geometry_column, geometry_type;
  int srid = 0;
  std::map<std::string, std::string> column_types;  // name -> format_type
  std::string quoted() const { return sql_identifier(schema) + "." + sql_identifier(table); }
};

bool integer_type(const std::string& t) { return t == "integer" || t == "bigint" || t == "smallint"; }
bool real_type(const std::string& t) { return t == "double precision" || t == "real" || t.starts_with("numeric"); }

TableInfo describe_table(const PgConnection& c, const LayerSpec& spec) {
  TableInfo t;
  const TableName name = table_name_of(spec.layer);
  t.schema = name.schema;
  t.table = name.table;
  t.shown = name.shown();
  if (t.table.empty()) throw Error("the project names no table for " + std::string(to_string(spec.role)), {.file = c.shown()});
  const PgResult columns = c.exec(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid "
      "JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = $1 AND k.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
      {t.schema, t.table});
  if (columns.rows() == 0) throw Error("no table " + t.shown + " (or no right to see it)", {.file = c.shown(), .layer = t.shown});
  for (int r = 0; r < columns.rows(); ++r) t.column_types[*columns.value(r, 0)] = *columns.value(r, 1);
  if (!t.column_types.count(kRowVersionColumn))
    throw Error(fmt::format("the table has no {} column, so a save could overwrite someone else's change unseen: publish the project "
                            "with cplan publish, which adds it",
                            kRowVersionColumn),
                {.file = c.shown(), .layer = t.shown});
  const PgResult key = c.exec(
      "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
      "WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary",
      {t.schema, t.table});
  if (key.rows() != 1) throw Error("the table needs a primary key of one column (its feature id)", {.file = c.shown(), .layer = t.shown});
  t.fid_column = *key.value(0, 0);
  const PgResult geometry = c.exec(
      "SELECT f_geometry_column, srid, type FROM geometry_columns WHERE f_table_schema = $1 AND f_table_name = $2", {t.schema, t.table});
  if (geometry.rows() != 1) throw Error("the table needs one geometry column", {.file = c.shown(), .layer = t.shown});
  t.geometry_column = *geometry.value(0, 0);
  t.srid = std::stoi(*geometry.value(0, 1));
  t.geometry_type = *geometry.value(0, 2);
  return t;
}

// The table's CRS as PROJ takes it: the project's override, else the EPSG code or definition the
// database keeps for the column's SRID.
std::string table_crs(const PgConnection& c, const LayerSpec& spec, const TableInfo& t) {
  if (!spec.crs.empty()) return spec.crs;
  const PgResult r = c.exec("SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = $1", {std::to_string(t.srid)});
  if (r.rows() == 0) throw Error(fmt::format("the geometry column's SRID {} is not in spatial_ref_sys", t.srid), {.file = c.shown(), .layer = t.shown});
  if (r.value(0, 0) == std::optional<std::string>("EPSG") && r.value(0, 1)) return "EPSG:" + *r.value(0, 1);
  return r.value(0, 2).value_or("");
}

std::optional<std::string> as_parameter(const Value& v, const std::string& column_type) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return std::nullopt;  // never a NaN written: the cell stays empty
    if (integer_type(column_type)) return std::to_string(std::llround(*d));
    return fmt::format("{}", *d);
  }
  return std::get<std::string>(v);
}

Value from_text(const std::optional<std::string>& text, const std::string& column_type) {
  if (!text) return std::monostate{};
  try {
    if (integer_type(column_type)) return static_cast<std::int64_t>(std::stoll(*text));
    if (real_type(column_type)) return std::stod(*text);
  } catch (const std::exception&) {
  }
  return *text;
}

// The geometry as PostGIS reads it from text: its SRID, then hex well-known binary, made multi
// where the column is.
std::string ewkb_text(const Geometry& g, const TableInfo& t) {
  std::unique_ptr<OGRGeometry> og = to_ogr(g);
  if (t.geometry_type == "MULTIPOLYGON") og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
  if (t.geometry_type == "MULTILINESTRING") og.reset(OGRGeometryFactory::forceToMultiLineString(og.release()));
  if (t.geometry_type == "MULTIPOINT") og.reset(OGRGeometryFactory::forceToMultiPoint(og.release()));
  std::vector<unsigned char> wkb(og->WkbSize());
  og->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  std::string out = fmt::format("SRID={};", t.srid);
  static const char* digits = "0123456789ABCDEF";
  for (unsigned char b : wkb) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// What row-level security refusing a row is said as, whether PostgreSQL raised it (an insert, a
// changed row that would leave the street) or silently left the row alone (an update it hides).
std::string row_security_refusal(const std::string& action) {
  return "the table's row-level security does not let you " + action + " this feature (it belongs to another street office)";
}

// A refusal by the database's rights, said as what the user may not do where.
[[noreturn]] void refused(const DatabaseError& e, const std::string& right, const TableInfo& t, std::optional<std::int64_t> fid) {
  if (!e.no_right()) throw e;
  const bool row_security = e.problem().find("row-level security") != std::string::npos;
  const std::string problem =
      row_security ? row_security_refusal(right == "INSERT" ? "add" : "change") + ": " + e.problem()
                   : fmt::format("you have no {} right on the table {}: ask its owner (GRANT {} ON {} TO your role); {}", right, t.shown,
                                 right, t.shown, e.problem());
  throw Error(problem + "; nothing of this save was kept", {.file = e.where().file, .layer = t.shown, .feature = fid});
}

}  // namespace

EditConflicts::EditConflicts(std::vector<EditConflict> conflicts, const std::string& where)
    : Error(fmt::format("{} feature(s) were changed by someone else since they were read (first: feature {}); nothing of this save was kept",
                        conflicts.size(), conflicts.empty() ? 0 : conflicts.front().fid),
            {.file = where}),
      conflicts_(std::move(conflicts)) {}

std::size_t save_database_edits(const Project& project, Role role, const LayerData& loaded, const LayerData& edited,
                                const ConflictResolution& resolution, std::vector<std::int64_t>* saved_fids) {
  const LayerSpec* spec = project.spec.find(role);
  if (!spec) throw Error(std::string("the project has no ") + to_string(role) + " layer");
  if (spec->offset != WebMapOffset::None)
    throw Error("saving edits into a layer in web-map offset coordinates is not supported",
                {.file = redact_connection(spec->source.string()), .layer = spec->layer});
  const PgConnection& c = pooled_connection(spec->source.string());
  const TableInfo t = describe_table(c, *spec);
  // Only a save that writes a shape needs the transformation (setting one up takes PROJ tens of ms).
  ProjContext proj;
  std::optional<Transformer> transformer;
  auto to_source = [&]() -> const Transformer& {
    if (!transformer) transformer.emplace(proj, epsg_definition(project.working_epsg), table_crs(c, *spec, t));
    return *transformer;
  };
  auto type_of = [&t](const std::string& column) {
    auto it = t.column_types.find(column);
    return it == t.column_types.end() ? std::string() : it->second;
  };
  const auto versions = loaded.columns.find(kRowVersionColumn);
  if (versions == loaded.columns.end())
    throw Error("the features were read without their row versions: open the project again", {.file = c.shown(), .layer = t.shown});

  std::map<std::int64_t, std::size_t> loaded_row;
  for (std::size_t i = 0; i < loaded.size(); ++i) loaded_row[loaded.fids[i]] = i;
  std::vector<EditConflict> conflicts;
  std::vector<std::int64_t> saved;
  std::size_t written = 0;
  PgTransaction transaction(c);
  for (std::size_t i = 0; i < edited.size(); ++i) {
    const std::int64_t fid = edited.fids[i];
    if (resolution.take_theirs.count(fid)) continue;
    const auto found = loaded_row.find(fid);
    Geometry shape = edited.geometries[i];
    if (found == loaded_row.end()) {
      std::string columns, placeholders;
      std::vector<std::optional<std::string>> params;
      for (const auto& [model, source] : edited.field_sources) {
        if (!t.column_types.count(source)) continue;
        columns += sql_identifier(source) + ", ";
        params.push_back(as_parameter(edited.columns.at(model).at(i), type_of(source)));
        placeholders += fmt::format("${}, ", params.size());
      }
      to_source().forward(shape);
      params.push_back(ewkb_text(shape, t));
      try {
        const PgResult inserted = c.exec(fmt::format("INSERT INTO {} ({}{}) VALUES ({}${}) RETURNING {}", t.quoted(), columns,
                                                     sql_identifier(t.geometry_column), placeholders, params.size(),
                                                     sql_identifier(t.fid_column)),
                                         params);
        saved.push_back(std::stoll(inserted.value(0, 0).value_or("0")));
      } catch (const DatabaseError& e) {
        refused(e, "INSERT", t, std::nullopt);
      }
      ++written;
      continue;
    }
    const std::size_t before = found->second;
    std::vector<std::string> changed;
    for (const auto& [model, source] : edited.field_sources)
      if (edited.columns.at(model).at(i) != loaded.columns.at(model).at(before)) changed.push_back(model);
    const bool shape_changed = !(edited.geometries[i].parts == loaded.geometries[before].parts && edited.geometries[i].kind == loaded.geometries[before].kind);
    if (changed.empty() && !shape_changed) continue;
    std::optional<std::int64_t> expected;
    if (auto it = resolution.keep_mine.find(fid); it != resolution.keep_mine.end()) expected = it->second;
    else if (auto v = std::get_if<std::int64_t>(&versions->second.at(before))) expected = *v;
    if (!expected) throw Error("the feature was read without its row version", {.file = c.shown(), .layer = t.shown, .feature = fid});

    std::string assignments;
    std::vector<std::optional<std::string>> params;
    for (const std::string& model : changed) {
      const std::string& source = edited.field_sources.at(model);
      params.push_back(as_parameter(edited.columns.at(model).at(i), type_of(source)));
      assignments += fmt::format("{}{} = ${}", assignments.empty() ? "" : ", ", sql_identifier(source), params.size());
    }
    if (shape_changed) {
      to_source().forward(shape);
      params.push_back(ewkb_text(shape, t));
      assignments += fmt::format("{}{} = ${}", assignments.empty() ? "" : ", ", sql_identifier(t.geometry_column), params.size());
    }
    params.push_back(std::to_string(fid));
    params.push_back(std::to_string(*expected));
    PgResult updated = [&] {
      try {
        return c.exec(fmt::format("UPDATE {} SET {} WHERE {} = ${} AND {} = ${}", t.quoted(), assignments, sql_identifier(t.fid_column),
                                  params.size() - 1, sql_identifier(kRowVersionColumn), params.size()),
                      params);
      } catch (const DatabaseError& e) {
        refused(e, "UPDATE", t, fid);
      }
    }();
    if (updated.command_tuples() == "1") {
      saved.push_back(fid);
      ++written;
      continue;
    }
    // Nothing updated: someone saved (or deleted) the feature since, or the row is not this user's.
    std::string select = sql_identifier(kRowVersionColumn) + ", " + sql_identifier(kEditedByColumn) + ", " + sql_identifier(kEditedAtColumn);
    std::vector<std::pair<std::string, std::string>> fields;  // model, source
    for (const auto& [model, source] : edited.field_sources)
      if (t.column_types.count(source)) {
        select += ", " + sql_identifier(source);
        fields.emplace_back(model, source);
      }
    const PgResult now = c.exec(fmt::format("SELECT {} FROM {} WHERE {} = $1", select, t.quoted(), sql_identifier(t.fid_column)),
                                {std::to_string(fid)});
    EditConflict conflict{.fid = fid, .my_shape_changed = shape_changed};
    if (now.rows() == 0) {
      conflict.deleted = true;
    } else {
      conflict.their_version = std::stoll(now.value(0, 0).value_or("0"));
      if (conflict.their_version == *expected)
        throw Error(row_security_refusal("change") + "; nothing of this save was kept", {.file = c.shown(), .layer = t.shown, .feature = fid});
      conflict.edited_by = now.value(0, 1).value_or("");
      conflict.edited_at = now.value(0, 2).value_or("");
      for (std::size_t f = 0; f < fields.size(); ++f) {
        const auto& [model, source] = fields[f];
        FieldConflict fc{model, loaded.columns.at(model).at(before), edited.columns.at(model).at(i),
                         from_text(now.value(0, static_cast<int>(f) + 3), type_of(source))};
        // Read back through GDAL, a whole number in a real column is a double: compare as numbers.
        auto number = [](const Value& v) -> std::optional<double> {
          if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
          if (auto d = std::get_if<double>(&v)) return *d;
          return std::nullopt;
        };
        auto same = [&](const Value& a, const Value& b) { return a == b || (number(a) && number(b) && *number(a) == *number(b)); };
        if (!same(fc.original, fc.mine) || !same(fc.original, fc.theirs)) conflict.fields.push_back(std::move(fc));
      }
    }
    conflicts.push_back(std::move(conflict));
  }
  if (!conflicts.empty()) throw EditConflicts(std::move(conflicts), c.shown());
  transaction.commit();
  if (saved_fids) *saved_fids = std::move(saved);
  return written;
}

}  // namespace geo
