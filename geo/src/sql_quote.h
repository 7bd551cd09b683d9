#pragma once
// Quoting for the SQL the engine writes to SQLite (GeoPackages) and PostgreSQL alike: both follow
// the standard, identifiers in double quotes and text in single quotes, each doubled inside.
#include <string>

namespace geo {

namespace sql_quote_detail {
inline std::string doubled(const std::string& text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}
}  // namespace sql_quote_detail

// 'text' (PostgreSQL: standard_conforming_strings, its default since 9.1).
inline std::string sql_literal(const std::string& text) { return sql_quote_detail::doubled(text, '\''); }
// "name": any name, Chinese ones and reserved words too.
inline std::string sql_identifier(const std::string& name) { return sql_quote_detail::doubled(name, '"'); }

}  // namespace geo
