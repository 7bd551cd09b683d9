#include "database/sql_text.h"

#include <fmt/format.h>

#include "geo/database.h"

namespace geo {

std::string row_version_trigger_function(const std::string& schema) {
  // A new row starts at version 1 whatever it was given; an update counts up from the row's
  // stored version, so that no client can set it back and hide its overwrite.
  return fmt::format(
      "CREATE OR REPLACE FUNCTION {0}.cplan_row_version() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  IF TG_OP = 'UPDATE' THEN NEW.{1} := OLD.{1} + 1; ELSE NEW.{1} := 1; END IF;\n"
      "  NEW.{2} := current_user;\n"
      "  NEW.{3} := now();\n"
      "  -- Open map applications hear of it (LISTEN cplan_edits): schema.table fid login\n"
      "  PERFORM pg_notify('cplan_edits', format('%s.%s %s %s', TG_TABLE_SCHEMA, TG_TABLE_NAME, NEW.fid, current_user));\n"
      "  RETURN NEW;\n"
      "END $$",
      sql_identifier(schema), kRowVersionColumn, kEditedByColumn, kEditedAtColumn);
}

std::vector<std::string> row_version_ddl(const std::string& schema, const std::string& table) {
  const std::string t = sql_identifier(schema) + "." + sql_identifier(table);
  return {fmt::format("ALTER TABLE {} ADD COLUMN {} integer NOT NULL DEFAULT 1, ADD COLUMN {} text NOT NULL DEFAULT current_user, "
                      "ADD COLUMN {} timestamptz NOT NULL DEFAULT now()",
                      t, kRowVersionColumn, kEditedByColumn, kEditedAtColumn),
          fmt::format("CREATE TRIGGER cplan_row_version BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}.cplan_row_version()",
                      t, sql_identifier(schema))};
}

std::string layer_styles_table_ddl() {
  return "CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, "
         "f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, useasdefault boolean, "
         "description text, owner varchar(63) DEFAULT current_user, ui xml, update_time timestamp DEFAULT current_timestamp, type varchar)";
}

std::vector<std::string> layer_style_rows(const std::string& schema, const std::string& table, const std::string& geometry_column,
                                          const std::string& qml) {
  // type stays empty: QGIS 3.22 matches a style of any geometry type (type IS NULL) for a layer.
  const std::string key = fmt::format("f_table_catalog = current_database() AND f_table_schema = {} AND f_table_name = {} AND "
                                      "f_geometry_column = {}",
                                      sql_literal(schema), sql_literal(table), sql_literal(geometry_column));
  return {"DELETE FROM public.layer_styles WHERE " + key,
          fmt::format("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, "
                      "styleqml, useasdefault, description) VALUES (current_database(), {}, {}, {}, {}, XMLPARSE(DOCUMENT {}), true, "
                      "'Community Planner')",
                      sql_literal(schema), sql_literal(table), sql_literal(geometry_column), sql_literal(table), sql_literal(qml))};
}

}  // namespace geo
