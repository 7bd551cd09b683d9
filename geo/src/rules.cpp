#include "geo/rules.h"

#include <muParser.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/plugins.h"
#include "formula_support.h"
#include "toml_support.h"

namespace geo {

namespace fs = std::filesystem;

const char* to_string(Mark m) {
  switch (m) {
    case Mark::Verified: return "V";
    case Mark::Partial: return "P";
    case Mark::Unverified: return "U";
  }
  return "?";
}

const char* describe(Mark m) {
  switch (m) {
    case Mark::Verified: return "verified";
    case Mark::Partial: return "partly verified";
    case Mark::Unverified: return "unverified";
  }
  return "?";
}

const std::vector<std::string>& plot_variables() {
  static const std::vector<std::string> names = {"households",         "gross_floor_area_m2", "reserved_office_m2",
                                                 "small_units",        "medium_units",        "activity_m2",
                                                 "reserved_elderly_m2", "area_m2"};
  return names;
}

const std::vector<std::string>& community_variables() {
  static const std::vector<std::string> names = {"households", "office_m2", "planned_office_m2", "area_m2", "year", "parking_spaces"};
  return names;
}

const Document* RulePack::document(const std::string& document_id) const {
  auto it = documents.find(document_id);
  return it == documents.end() ? nullptr : &it->second;
}

const Parameter* RulePack::parameter(const std::string& parameter_name) const {
  for (const auto& p : parameters)
    if (p.name == parameter_name) return &p;
  return nullptr;
}

std::string RulePack::citation(const std::string& document_id, const std::string& article, Mark mark) const {
  std::string out;
  if (const Document* d = document(document_id)) {
    out = d->number.empty() ? "《" + d->title + "》" : d->number;
    if (d->year) out += fmt::format(" ({})", d->year);
  } else {
    out = document_id;
  }
  if (!article.empty()) out += " " + article;
  if (mark != Mark::Verified) out += std::string(" [") + describe(mark) + "]";
  return out;
}

Mark RulePack::effective_mark(const Rule& rule) const {
  std::vector<const Formula*> formulas{&rule.required};
  if (rule.when) formulas.push_back(&*rule.when);
  return effective_mark(rule.document, rule.mark, formulas);
}

Mark RulePack::effective_mark(const std::string& document_id, Mark own, const std::vector<const Formula*>& formulas_read) const {
  Mark worst = own;
  auto lower = [&worst](Mark m) { worst = static_cast<int>(m) > static_cast<int>(worst) ? m : worst; };
  if (const Document* d = document(document_id)) lower(d->mark);
  std::vector<const Formula*> formulas = formulas_read;
  std::set<std::string> seen;
  while (!formulas.empty()) {
    const Formula* f = formulas.back();
    formulas.pop_back();
    for (const auto& v : f->variables) {
      if (!seen.insert(v).second) continue;
      if (const Parameter* p = parameter(v)) lower(p->mark);
      for (const auto& d : derived)
        if (d.name == v) {
          lower(d.mark);
          formulas.push_back(&d.formula);
        }
    }
  }
  return worst;
}

std::set<std::string> RulePack::inputs(const std::vector<const Formula*>& formulas, RuleScope scope) const {
  std::set<std::string> out, seen;
  std::vector<const Formula*> todo = formulas;
  const auto& attributes = scope == RuleScope::Plot ? plot_variables() : community_variables();
  while (!todo.empty()) {
    const Formula* f = todo.back();
    todo.pop_back();
    for (const auto& v : f->variables) {
      if (!seen.insert(v).second) continue;
      if (std::find(attributes.begin(), attributes.end(), v) != attributes.end()) out.insert(v);
      for (const auto& d : derived)
        if (d.name == v && d.scope == scope) todo.push_back(&d.formula);
    }
  }
  return out;
}

bool RulePack::has_funding() const {
  return std::any_of(finance.begin(), finance.end(), [](const FinanceLine& l) { return l.kind == BudgetLine::Government; });
}

const char* to_string(BudgetLine line) {
  switch (line) {
    case BudgetLine::Government: return "government";
    case BudgetLine::Sanitation: return "sanitation";
    case BudgetLine::Parking: return "parking";
    case BudgetLine::Other: return "other";
  }
  return "?";
}

std::optional<BudgetLine> parse_budget_line(std::string_view name) {
  for (BudgetLine l : kBudgetLines)
    if (name == to_string(l)) return l;
  return std::nullopt;
}

namespace {

using toml_support::at;

class TableReader {
 public:
  TableReader(const toml::table& table, const fs::path& file, std::string section)
      : table_(table), file_(file), section_(std::move(section)) {}

  std::optional<std::string> text(const std::string& key) {
    const toml::node* n = take(key);
    if (!n) return std::nullopt;
    if (auto s = n->value<std::string>()) return *s;
    throw Error("'" + key + "' in " + section_ + " must be a string", at(file_, *n));
  }
  std::string required_text(const std::string& key) {
    auto s = text(key);
    if (!s) throw Error(section_ + " needs '" + key + "'", at(file_, table_));
    return *s;
  }
  std::optional<double> number(const std::string& key) {
    const toml::node* n = take(key);
    if (!n) return std::nullopt;
    if (auto d = n->value<double>()) return *d;
    throw Error("'" + key + "' in " + section_ + " must be a number", at(file_, *n));
  }
  std::optional<bool> boolean(const std::string& key) {
    const toml::node* n = take(key);
    if (!n) return std::nullopt;
    if (auto b = n->value<bool>()) return *b;
    throw Error("'" + key + "' in " + section_ + " must be true or false", at(file_, *n));
  }
  Mark mark() {
    const toml::node* n = take("mark");
    if (!n) return Mark::Verified;
    const std::string m = n->value<std::string>().value_or("");
    if (m == "V" || m == "verified") return Mark::Verified;
    if (m == "P" || m == "partial") return Mark::Partial;
    if (m == "U" || m == "unverified") return Mark::Unverified;
    throw Error("mark must be \"V\", \"P\" or \"U\", not '" + m + "'", at(file_, *n));
  }
  std::optional<Formula> formula(const std::string& key) {
    const toml::node* n = take(key);
    if (!n) return std::nullopt;
    auto s = n->value<std::string>();
    if (!s) throw Error("'" + key + "' in " + section_ + " must be a formula in a string", at(file_, *n));
    return Formula{*s, static_cast<int>(n->source().begin.line), {}};
  }
  int line() const { return static_cast<int>(table_.source().begin.line); }
  // Every key not read is a typo or a misunderstanding: say which.
  void finish() const {
    for (const auto& [k, v] : table_) {
      const std::string key(k.str());
      if (!read_.count(key)) throw Error("unknown key '" + key + "' in " + section_, at(file_, v));
    }
  }

 private:
  const toml::node* take(const std::string& key) {
    read_.insert(key);
    return table_.get(key);
  }
  const toml::table& table_;
  const fs::path& file_;
  std::string section_;
  std::set<std::string> read_;
};

const toml::table& as_table(const toml::node& node, const fs::path& file, const std::string& what) {
  if (const auto* t = node.as_table()) return *t;
  throw Error(what + " must be a table", at(file, node));
}

bool is_formula_name(const std::string& name) {
  // muParser's limit on a name's length is 100 characters.
  if (name.empty() || name.size() > 100 || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Parses the formula with every allowed name defined, so that syntax errors and unknown names
// are found when the pack is loaded, not in the middle of a review.
void check_formula(Formula& f, const std::set<std::string>& allowed, const fs::path& file, const std::string& what) {
  Location where{.file = file.string()};
  where.line = f.line;
  mu::Parser parser;
  setup_parser(parser);
  std::vector<double> dummies(allowed.size(), 1.0);
  std::size_t i = 0;
  try {
    // A name muParser refuses (a derived value called "a b") is the pack's error, not a crash.
    for (const auto& name : allowed) {
      try {
        parser.DefineVar(name, &dummies[i++]);
      } catch (const mu::ParserError&) {
        throw Error(fmt::format("{}: '{}' is not a name a formula can use (letters, digits and _, not starting with a digit, at most 100)",
                                what, name),
                    where);
      }
    }
    parser.SetExpr(f.text);
    const auto& used = parser.GetUsedVar();
    f.variables.clear();
    for (const auto& [name, ptr] : used) {
      if (!allowed.count(name)) {
        std::string known;
        for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
        throw Error(fmt::format("{}: unknown variable '{}' in \"{}\" (known: {})", what, name, f.text, known), where);
      }
      f.variables.push_back(name);
    }
    parser.Eval();
  } catch (const mu::ParserError& e) {
    throw Error(fmt::format("{}: formula \"{}\" does not parse: {} (at character {})", what, f.text, e.GetMsg(), e.GetPos() + 1),
                where);
  }
}

RuleScope parse_scope(const std::optional<std::string>& s, const fs::path& file, int line) {
  if (!s || *s == "plot") return RuleScope::Plot;
  if (*s == "community") return RuleScope::Community;
  Location where{.file = file.string()};
  where.line = line;
  throw Error("scope must be \"plot\" or \"community\", not '" + *s + "'", where);
}

}  // namespace

RulePack parse_rule_pack(const std::string& toml_text, const fs::path& file) {
  const toml::table root = toml_support::parse(toml_text, file);
  RulePack pack;
  pack.file = file;
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    static const std::set<std::string> sections = {"pack", "documents", "parameters", "derived", "rules", "parking", "finance", "facilities"};
    if (key == "funding")
      throw Error("[funding] is now a line of the community budget: [finance.government] with kind = \"government\" and the same formula",
                  at(file, v));
    if (!sections.count(key))
      throw Error("unknown section '" + key + "' (known: pack, documents, parameters, derived, rules, parking, finance, facilities)",
                  at(file, v));
  }
  auto missing_document = [&](const std::string& id, const std::string& where_text, int line) {
    if (id.empty() || pack.documents.count(id)) return;
    Location where{.file = file.string()};
    where.line = line;
    throw Error(where_text + " cites document '" + id + "', which [documents] does not list", where);
  };

  if (const auto* node = root.get("pack")) {
    TableReader r(as_table(*node, file, "[pack]"), file, "[pack]");
    pack.id = r.required_text("id");
    pack.name = r.required_text("name");
    pack.jurisdiction = r.text("jurisdiction").value_or("");
    pack.description = r.text("description").value_or("");
    r.finish();
  } else {
    throw Error("the pack has no [pack] section (id, name, jurisdiction)", {.file = file.string()});
  }

  if (const auto* node = root.get("documents")) {
    for (const auto& [k, v] : as_table(*node, file, "[documents]")) {
      const std::string id(k.str());
      TableReader r(as_table(v, file, "[documents." + id + "]"), file, "[documents." + id + "]");
      Document d;
      d.id = id;
      d.title = r.required_text("title");
      d.number = r.text("number").value_or("");
      if (const auto year = r.number("year")) {
        // A year, or the pack is wrong: never an integer overflow, never a made-up year.
        if (!(*year >= 1900 && *year <= 2100) || *year != std::floor(*year))
          throw Error(fmt::format("[documents.{}] year must be a year between 1900 and 2100, not {}", id, *year), at(file, v));
        d.year = static_cast<int>(*year);
      }
      d.issuer = r.text("issuer").value_or("");
      d.source = r.text("source").value_or("");
      d.mark = r.mark();
      d.note = r.text("note").value_or("");
      r.finish();
      pack.documents[id] = std::move(d);
    }
  }

  std::set<std::string> parameter_names;
  if (const auto* node = root.get("parameters")) {
    for (const auto& [k, v] : as_table(*node, file, "[parameters]")) {
      const std::string name(k.str());
      TableReader r(as_table(v, file, "[parameters." + name + "]"), file, "[parameters." + name + "]");
      Parameter p;
      p.name = name;
      p.line = r.line();
      auto value = r.number("value");
      if (!value) throw Error("[parameters." + name + "] needs a value", at(file, v));
      p.value = *value;
      p.unit = r.text("unit").value_or("");
      p.document = r.text("document").value_or("");
      p.article = r.text("article").value_or("");
      p.mark = r.mark();
      p.note = r.text("note").value_or("");
      r.finish();
      missing_document(p.document, "[parameters." + name + "]", p.line);
      if (!is_formula_name(name))
        throw Error("[parameters." + name + "]: '" + name + "' is not a name a formula can use (letters, digits and _, not starting with a digit, at most 100)",
                    at(file, v));
      parameter_names.insert(name);
      pack.parameters.push_back(std::move(p));
    }
  }

  std::set<std::string> plot_scope(plot_variables().begin(), plot_variables().end());
  std::set<std::string> community_scope(community_variables().begin(), community_variables().end());
  plot_scope.insert(parameter_names.begin(), parameter_names.end());
  community_scope.insert(parameter_names.begin(), parameter_names.end());

  if (const auto* node = root.get("derived")) {
    const auto* array = node->as_array();
    if (!array) throw Error("[[derived]] must be an array of tables", at(file, *node));
    for (const auto& item : *array) {
      TableReader r(as_table(item, file, "[[derived]]"), file, "[[derived]]");
      Derived d;
      d.name = r.required_text("name");
      if (!is_formula_name(d.name))
        throw Error("derived value '" + d.name + "' is not a name a formula can use (letters, digits and _, not starting with a digit, at most 100)",
                    at(file, item));
      d.scope = parse_scope(r.text("scope"), file, r.line());
      auto f = r.formula("formula");
      if (!f) throw Error("[[derived]] '" + d.name + "' needs a formula", at(file, item));
      d.formula = *f;
      d.document = r.text("document").value_or("");
      d.article = r.text("article").value_or("");
      d.mark = r.mark();
      r.finish();
      auto& scope = d.scope == RuleScope::Plot ? plot_scope : community_scope;
      if (scope.count(d.name)) throw Error("derived value '" + d.name + "' would hide a variable of the same name", at(file, item));
      check_formula(d.formula, scope, file, "derived '" + d.name + "'");
      missing_document(d.document, "derived '" + d.name + "'", r.line());
      scope.insert(d.name);
      pack.derived.push_back(std::move(d));
    }
  }

  if (const auto* node = root.get("rules")) {
    const auto* array = node->as_array();
    if (!array) throw Error("[[rules]] must be an array of tables", at(file, *node));
    std::set<std::string> ids;
    for (const auto& item : *array) {
      TableReader r(as_table(item, file, "[[rules]]"), file, "[[rules]]");
      Rule rule;
      rule.id = r.required_text("id");
      if (!ids.insert(rule.id).second) throw Error("two rules have the id '" + rule.id + "'", at(file, item));
      rule.title = r.required_text("title");
      rule.scope = parse_scope(r.text("scope"), file, r.line());
      rule.document = r.text("document").value_or("");
      rule.article = r.text("article").value_or("");
      rule.mark = r.mark();
      rule.when = r.formula("when");
      auto required = r.formula("required");
      rule.provided = r.text("provided").value_or(rule.scope == RuleScope::Plot ? "reserved_office_m2" : "office_m2");
      rule.optional = r.boolean("optional").value_or(false);
      rule.note = r.text("note").value_or("");
      r.finish();
      if (!required) throw Error("rule '" + rule.id + "' needs a 'required' formula", at(file, item));
      rule.required = *required;
      const auto& scope = rule.scope == RuleScope::Plot ? plot_scope : community_scope;
      const auto& inputs = rule.scope == RuleScope::Plot ? plot_variables() : community_variables();
      if (std::find(inputs.begin(), inputs.end(), rule.provided) == inputs.end())
        throw Error("rule '" + rule.id + "' compares with '" + rule.provided + "', which is not an attribute of a " +
                        (rule.scope == RuleScope::Plot ? "plot" : "community"),
                    at(file, item));
      if (rule.when) check_formula(*rule.when, scope, file, "rule '" + rule.id + "' when");
      check_formula(rule.required, scope, file, "rule '" + rule.id + "' required");
      missing_document(rule.document, "rule '" + rule.id + "'", r.line());
      pack.rules.push_back(std::move(rule));
    }
  }

  if (const auto* node = root.get("parking")) {
    TableReader r(as_table(*node, file, "[parking]"), file, "[parking]");
    ParkingStandard standard;
    standard.title = r.text("title").value_or("停车位配建标准 (parking standard)");
    auto required = r.formula("required");
    if (!required) throw Error("[parking] needs 'required': the spaces a development or a community needs, e.g. \"1.0 * households\"", at(file, *node));
    auto per_space = r.formula("m2_per_space");
    if (!per_space)
      throw Error("[parking] needs 'm2_per_space': a parking zone's area per space, for zones that do not give their capacity", at(file, *node));
    standard.required = *required;
    standard.m2_per_space = *per_space;
    standard.document = r.text("document").value_or("");
    standard.article = r.text("article").value_or("");
    standard.mark = r.mark();
    standard.note = r.text("note").value_or("");
    r.finish();
    // Read for plots and for communities alike: it may use only what both have.
    check_formula(standard.required, plot_scope, file, "[parking] required (for a plot)");
    check_formula(standard.required, community_scope, file, "[parking] required (for a community)");
    std::set<std::string> parameters_only(parameter_names.begin(), parameter_names.end());
    check_formula(standard.m2_per_space, parameters_only, file, "[parking] m2_per_space (numbers and parameters only)");
    missing_document(standard.document, "[parking]", r.line());
    pack.parking = std::move(standard);
  }

  if (const auto* node = root.get("finance")) {
    for (const auto& [k, v] : as_table(*node, file, "[finance]")) {
      const std::string id(k.str());
      const std::string section = "[finance." + id + "]";
      TableReader r(as_table(v, file, section), file, section);
      FinanceLine line;
      line.id = id;
      line.title = r.text("title").value_or(id);
      const std::string kind = r.text("kind").value_or(parse_budget_line(id) ? id : "other");
      const auto parsed = parse_budget_line(kind);
      if (!parsed) throw Error(section + " kind must be government, sanitation, parking or other, not '" + kind + "'", at(file, v));
      line.kind = *parsed;
      auto f = r.formula("formula");
      if (!f) throw Error(section + " needs a formula: yuan per year", at(file, v));
      line.formula = *f;
      line.document = r.text("document").value_or("");
      line.article = r.text("article").value_or("");
      line.mark = r.mark();
      line.note = r.text("note").value_or("");
      r.finish();
      check_formula(line.formula, community_scope, file, section);
      missing_document(line.document, section, r.line());
      pack.finance.push_back(std::move(line));
    }
  }

  if (const auto* node = root.get("facilities")) {
    for (const auto& [k, v] : as_table(*node, file, "[facilities]")) {
      const std::string kind(k.str());
      TableReader r(as_table(v, file, "[facilities." + kind + "]"), file, "[facilities." + kind + "]");
      FacilityStandard s;
      s.kind = kind;
      s.name = r.text("name").value_or(kind);
      s.level = r.text("level").value_or("");
      auto radius = r.number("radius_m");
      if (!radius || *radius <= 0) throw Error("[facilities." + kind + "] needs a positive radius_m", at(file, v));
      s.radius_m = *radius;
      s.document = r.text("document").value_or("");
      s.article = r.text("article").value_or("");
      s.mark = r.mark();
      s.note = r.text("note").value_or("");
      r.finish();
      missing_document(s.document, "[facilities." + kind + "]", r.line());
      pack.facilities.push_back(std::move(s));
    }
  }
  return pack;
}

RulePack load_rule_pack(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read the rule pack", {.file = file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_rule_pack(buffer.str(), file);
}

fs::path resolve_rule_pack(const std::string& name_or_path) { return resolve_plugin("rules", name_or_path, "rule pack"); }

std::string rule_pack_choices() {
  std::string out;
  for (const std::string& name : shipped_plugins("rules")) out += name + ", ";
  return out + "or a .toml file";
}

}  // namespace geo
