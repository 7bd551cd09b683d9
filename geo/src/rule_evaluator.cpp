#include <muParser.h>

#include <cmath>
#include <map>

#include "formula_support.h"
#include "geo/error.h"
#include "geo/rules.h"

namespace geo {

struct RuleEvaluator::Impl {
  std::map<std::string, std::size_t> slot_of;
  std::vector<double> slots;
  std::vector<std::pair<std::size_t, std::unique_ptr<mu::Parser>>> derived;  // target slot, parser
  std::map<const Rule*, std::unique_ptr<mu::Parser>> when;
  std::map<const Rule*, std::unique_ptr<mu::Parser>> required;
  std::map<const FinanceLine*, std::unique_ptr<mu::Parser>> finance;
  std::unique_ptr<mu::Parser> parking_required, m2_per_space;
  std::vector<const Formula*> derived_formulas;
  std::vector<std::string> derived_names;  // for messages
  const RulePack* pack = nullptr;

  std::unique_ptr<mu::Parser> make(const Formula& f) {
    auto p = std::make_unique<mu::Parser>();
    setup_parser(*p);
    for (const auto& v : f.variables) p->DefineVar(v, &slots.at(slot_of.at(v)));
    p->SetExpr(f.text);
    return p;
  }
  // what: the rule or value the formula belongs to, for the message ("rule per_small_flat").
  double eval(mu::Parser& p, const Formula& f, const std::string& what) {
    double result = 0;
    try {
      result = p.Eval();
    } catch (const mu::ParserError& e) {
      throw Error(what + ": formula \"" + f.text + "\" failed: " + e.GetMsg());
    }
    // A division by zero or a root of a negative number is no requirement: never a figure.
    if (!std::isfinite(result))
      throw Error(what + ": formula \"" + f.text + "\" gives no finite number for these values (a division by zero?)");
    return result;
  }
};

RuleEvaluator::RuleEvaluator(const RulePack& pack, RuleScope scope) : impl_(std::make_unique<Impl>()) {
  std::vector<std::string> names = scope == RuleScope::Plot ? plot_variables() : community_variables();
  for (const auto& p : pack.parameters) names.push_back(p.name);
  for (const auto& d : pack.derived)
    if (d.scope == scope) names.push_back(d.name);
  impl_->slots.assign(names.size(), 0.0);  // never resized again: parsers hold pointers into it
  for (std::size_t i = 0; i < names.size(); ++i) impl_->slot_of[names[i]] = i;
  for (const auto& p : pack.parameters) impl_->slots[impl_->slot_of[p.name]] = p.value;
  for (const auto& d : pack.derived)
    if (d.scope == scope) impl_->derived.emplace_back(impl_->slot_of[d.name], impl_->make(d.formula));
  for (const auto& r : pack.rules) {
    if (r.scope != scope) continue;
    rules_.push_back(&r);
    if (r.when) impl_->when[&r] = impl_->make(*r.when);
    impl_->required[&r] = impl_->make(r.required);
  }
  if (scope == RuleScope::Community)
    for (const auto& line : pack.finance) impl_->finance[&line] = impl_->make(line.formula);
  if (pack.parking) {
    impl_->parking_required = impl_->make(pack.parking->required);
    impl_->m2_per_space = impl_->make(pack.parking->m2_per_space);
  }
  for (const auto& d : pack.derived)
    if (d.scope == scope) {
      impl_->derived_formulas.push_back(&d.formula);
      impl_->derived_names.push_back("derived '" + d.name + "'");
    }
  impl_->pack = &pack;
}

RuleEvaluator::~RuleEvaluator() = default;

void RuleEvaluator::set(const std::string& name, double value) { impl_->slots.at(impl_->slot_of.at(name)) = value; }

double RuleEvaluator::value(const std::string& name) const { return impl_->slots.at(impl_->slot_of.at(name)); }

void RuleEvaluator::update_derived() {
  for (std::size_t i = 0; i < impl_->derived.size(); ++i) {
    auto& [slot, parser] = impl_->derived[i];
    impl_->slots[slot] = impl_->eval(*parser, *impl_->derived_formulas[i], impl_->derived_names[i]);
  }
}

bool RuleEvaluator::applies(const Rule& rule) {
  if (!rule.when) return true;
  return impl_->eval(*impl_->when.at(&rule), *rule.when, "rule " + rule.id) != 0.0;
}

double RuleEvaluator::required(const Rule& rule) { return impl_->eval(*impl_->required.at(&rule), rule.required, "rule " + rule.id); }

double RuleEvaluator::funding() {
  if (!impl_->pack->has_funding()) throw Error("the rule pack has no government funding line ([finance] kind = \"government\")");
  double total = 0;
  for (const auto& line : impl_->pack->finance)
    if (line.kind == BudgetLine::Government) total += finance_line(line);
  return total;
}

double RuleEvaluator::finance_line(const FinanceLine& line) {
  auto it = impl_->finance.find(&line);
  if (it == impl_->finance.end()) throw Error("[finance." + line.id + "] is read for communities only");
  return impl_->eval(*it->second, line.formula, "[finance." + line.id + "]");
}

double RuleEvaluator::parking_required() {
  if (!impl_->parking_required) throw Error("the rule pack has no parking standard ([parking])");
  return impl_->eval(*impl_->parking_required, impl_->pack->parking->required, "[parking] required");
}

double RuleEvaluator::m2_per_space() {
  if (!impl_->m2_per_space) throw Error("the rule pack has no parking standard ([parking])");
  return impl_->eval(*impl_->m2_per_space, impl_->pack->parking->m2_per_space, "[parking] m2_per_space");
}

}  // namespace geo
