#pragma once
// A source feature's attributes as tags (OSM keys, or a file's field names), and the patterns an
// import profile selects features with:
//   building=*                 the key is present (any value)
//   amenity=clinic|doctors     one of the values; `*` inside a value matches any text ("type=*幼儿园*")
//   access!=private            the key is absent or has none of the values
//   !building:part             the key is absent
//   boundary=administrative & admin_level=10      every condition holds
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace geo::import {

using Tags = std::vector<std::pair<std::string, std::string>>;

const std::string* find_tag(const Tags& tags, std::string_view key);

// GDAL's OSM driver puts the tags without a column of their own into other_tags, as an hstore:
// "key"=>"value","key2"=>"value2". Appends them to `out`.
void parse_hstore(std::string_view text, Tags& out);

class TagPattern {
 public:
  // Throws geo::Error (with the pattern's text) when it cannot be read.
  static TagPattern parse(std::string_view text);
  bool matches(const Tags& tags) const;
  const std::string& text() const { return text_; }
  // The first matching value's "key=value", for saying why a feature was taken.
  std::string matched(const Tags& tags) const;

 private:
  struct Condition {
    enum class Op { Present, Absent, OneOf, NoneOf } op = Op::Present;
    std::string key;
    std::vector<std::string> values;  // globs
  };
  static bool holds(const Condition& c, const Tags& tags);
  std::vector<Condition> conditions_;
  std::string text_;
};

bool any_matches(const std::vector<TagPattern>& patterns, const Tags& tags);

// `*` matches any run of characters (bytes: UTF-8 text matches as written).
bool glob_match(std::string_view pattern, std::string_view text);

// A measure as mappers write it: "12", "12.5", "12 m", "18米", "6层", "6F". nullopt for anything
// else ("约12", "3;4", "-1", "unknown"): never a guess.
std::optional<double> parse_measure(std::string_view text);

}  // namespace geo::import
