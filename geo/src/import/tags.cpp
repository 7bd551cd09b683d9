#include "import/tags.h"

#include <charconv>
#include <cmath>

#include "geo/error.h"

namespace geo::import {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = s.find(separator, start);
    out.emplace_back(trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Reads a double-quoted hstore string starting at s[i] == '"'; returns the index after it.
std::size_t read_quoted(std::string_view s, std::size_t i, std::string& out) {
  out.clear();
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (s[i] == '"') {
      return i + 1;
    } else {
      out += s[i];
    }
  }
  return s.size();
}

}  // namespace

const std::string* find_tag(const Tags& tags, std::string_view key) {
  for (const auto& [k, v] : tags)
    if (k == key) return &v;
  return nullptr;
}

void parse_hstore(std::string_view s, Tags& out) {
  std::size_t i = 0;
  std::string key, value;
  while (i < s.size()) {
    while (i < s.size() && s[i] != '"') ++i;
    if (i >= s.size()) break;
    i = read_quoted(s, i, key);
    const std::size_t arrow = s.find("=>", i);
    if (arrow == std::string_view::npos) break;
    i = arrow + 2;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size() && s[i] == '"') {
      i = read_quoted(s, i, value);
      out.emplace_back(key, value);
    } else {
      // NULL: the key without a value.
      while (i < s.size() && s[i] != ',') ++i;
    }
  }
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with backtracking to the last star: linear for patterns like "*幼儿园*".
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

TagPattern TagPattern::parse(std::string_view text) {
  TagPattern out;
  out.text_ = std::string(trim(text));
  for (const std::string& part : split(text, '&')) {
    Condition c;
    if (part.empty()) throw Error("empty condition in tag pattern '" + out.text_ + "'");
    if (part[0] == '!') {
      c.op = Condition::Op::Absent;
      c.key = std::string(trim(std::string_view(part).substr(1)));
    } else if (const auto ne = part.find("!="); ne != std::string::npos) {
      c.op = Condition::Op::NoneOf;
      c.key = std::string(trim(std::string_view(part).substr(0, ne)));
      c.values = split(std::string_view(part).substr(ne + 2), '|');
    } else if (const auto eq = part.find('='); eq != std::string::npos) {
      c.key = std::string(trim(std::string_view(part).substr(0, eq)));
      c.values = split(std::string_view(part).substr(eq + 1), '|');
      c.op = c.values.size() == 1 && c.values[0] == "*" ? Condition::Op::Present : Condition::Op::OneOf;
      if (c.op == Condition::Op::Present) c.values.clear();
    } else {
      c.key = part;
    }
    if (c.key.empty()) throw Error("a condition without a key in tag pattern '" + out.text_ + "'");
    for (const auto& v : c.values)
      if (v.empty()) throw Error("an empty value in tag pattern '" + out.text_ + "' (write key=* for any value)");
    out.conditions_.push_back(std::move(c));
  }
  return out;
}

bool TagPattern::holds(const Condition& c, const Tags& tags) {
  const std::string* value = find_tag(tags, c.key);
  auto one_of = [&] {
    for (const auto& v : c.values)
      if (glob_match(v, *value)) return true;
    return false;
  };
  switch (c.op) {
    case Condition::Op::Present: return value != nullptr;
    case Condition::Op::Absent: return value == nullptr;
    case Condition::Op::OneOf: return value != nullptr && one_of();
    case Condition::Op::NoneOf: return value == nullptr || !one_of();
  }
  return false;
}

bool TagPattern::matches(const Tags& tags) const {
  for (const auto& c : conditions_)
    if (!holds(c, tags)) return false;
  return true;
}

std::string TagPattern::matched(const Tags& tags) const {
  for (const auto& c : conditions_) {
    if (c.op != Condition::Op::Present && c.op != Condition::Op::OneOf) continue;
    if (const std::string* v = find_tag(tags, c.key)) return c.key + "=" + *v;
  }
  return text_;
}

bool any_matches(const std::vector<TagPattern>& patterns, const Tags& tags) {
  for (const auto& p : patterns)
    if (p.matches(tags)) return true;
  return false;
}

std::optional<double> parse_measure(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
  const std::string_view unit = trim(text.substr(static_cast<std::size_t>(end - text.data())));
  static constexpr std::string_view kUnits[] = {"", "m", "米", "层", "F", "f"};
  for (const auto u : kUnits)
    if (unit == u) return value;
  return std::nullopt;
}

}  // namespace geo::import
