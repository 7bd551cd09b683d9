#pragma once
// The SQL the database side of the engine sends: quoting, and the DDL of what a published table
// carries (row versions, QGIS's layer_styles).
#include <string>
#include <vector>

#include "sql_quote.h"

namespace geo {

// The trigger function that keeps row_version, edited_by and edited_at on every insert and update.
std::string row_version_trigger_function(const std::string& schema);
// The columns and the trigger added to a published table.
std::vector<std::string> row_version_ddl(const std::string& schema, const std::string& table);

// QGIS's layer_styles table, as QGIS creates it (in public, where QGIS looks for it).
std::string layer_styles_table_ddl();
// The table's default style: any earlier one of the same table replaced.
std::vector<std::string> layer_style_rows(const std::string& schema, const std::string& table, const std::string& geometry_column,
                                          const std::string& qml);

}  // namespace geo
