// GDAL's "PG:" connection strings: libpq's keyword/value list (or its URI), plus GDAL's own keys.
#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "geo/database.h"
#include "geo/error.h"

namespace geo {

namespace {

constexpr std::string_view kPrefix = "PG:";

bool starts_with_prefix(std::string_view s) {
  return s.size() >= kPrefix.size() && std::equal(kPrefix.begin(), kPrefix.end(), s.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
         });
}

std::string_view body(std::string_view source) { return starts_with_prefix(source) ? source.substr(kPrefix.size()) : source; }

bool is_uri(std::string_view s) { return s.starts_with("postgresql://") || s.starts_with("postgres://"); }

// One key=value of libpq's list, with where its text starts and ends, the value unquoted.
struct Pair {
  std::string key, value;
  std::size_t begin = 0, end = 0;
};

// libpq's grammar (libpq docs, 34.1.1.1): keys, optional spaces around '=', values bare or in single
// quotes with \' and \\ escaped.
std::vector<Pair> parse_pairs(std::string_view s) {
  std::vector<Pair> out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  for (;;) {
    skip_space();
    if (i >= s.size()) break;
    Pair p;
    p.begin = i;
    while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i]))) p.key += s[i++];
    skip_space();
    if (i >= s.size() || s[i] != '=') throw Error("the connection string's '" + p.key + "' has no '=' and value");
    ++i;
    skip_space();
    if (i < s.size() && s[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          p.value += s[i + 1];
          i += 2;
        } else if (s[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          p.value += s[i++];
        }
      }
      if (!closed) throw Error("the connection string's value of '" + p.key + "' has no closing quote");
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) p.value += s[i++];
    }
    p.end = i;
    out.push_back(std::move(p));
  }
  return out;
}

// The string with the pairs whose key `drop` selects taken out, or their values replaced.
std::string rewrite_pairs(std::string_view s, const std::vector<std::string_view>& keys, const std::optional<std::string>& replacement) {
  std::string out;
  std::size_t at = 0;
  for (const Pair& p : parse_pairs(s)) {
    if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) continue;
    out.append(s.substr(at, p.begin - at));
    if (replacement) out += p.key + "=" + *replacement;
    at = p.end;
  }
  out.append(s.substr(at));
  // Taking pairs out leaves runs of spaces.
  std::string tidy;
  for (char c : out)
    if (!(c == ' ' && (tidy.empty() || tidy.back() == ' '))) tidy += c;
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  return tidy;
}

// A URI's user:password@ with the password replaced, or taken out when replacement is empty.
std::string rewrite_uri_password(std::string_view uri, const std::string& replacement) {
  static const std::regex userinfo(R"(^(postgres(?:ql)?://[^:@/]*):[^@/]*@)");
  const std::string text(uri);
  std::string out = std::regex_replace(text, userinfo, replacement.empty() ? "$1@" : "$1:" + replacement + "@",
                                       std::regex_constants::format_first_only);
  // ?password=... among the parameters
  static const std::regex parameter(R"(([?&])password=[^&]*)");
  return std::regex_replace(out, parameter, replacement.empty() ? "$1" : "$1password=" + replacement);
}

}  // namespace

bool is_database_source(std::string_view source) { return starts_with_prefix(source); }

std::string redact_connection(std::string_view source) {
  const std::string prefix(source.substr(0, source.size() - body(source).size()));
  try {
    if (is_uri(body(source))) return prefix + rewrite_uri_password(body(source), "***");
    return prefix + rewrite_pairs(body(source), {"password"}, std::string("***"));
  } catch (const Error&) {
    return prefix + "(a connection string that cannot be read)";  // never print what might be a password
  }
}

std::string without_password(std::string_view source) {
  const std::string prefix(source.substr(0, source.size() - body(source).size()));
  if (is_uri(body(source))) return prefix + rewrite_uri_password(body(source), "");
  return prefix + rewrite_pairs(body(source), {"password"}, std::nullopt);
}

TableName table_name_of(const std::string& layer) {
  const auto dot = layer.find('.');
  if (dot == std::string::npos) return {"public", layer};
  return {layer.substr(0, dot), layer.substr(dot + 1)};
}

std::string libpq_conninfo(std::string_view source) {
  if (is_uri(body(source))) return std::string(body(source));
  return rewrite_pairs(body(source), {"schemas", "tables", "active_schema"}, std::nullopt);
}

}  // namespace geo
