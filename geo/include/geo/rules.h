#pragma once
// Rule packs: a jurisdiction's rules as a text file a planner can read and edit (TOML), each
// rule a formula over a plot's (or a community's) attributes, each number citing the document
// it comes from and whether it was verified there.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

// How sure we are of a number: read in the cited source (V), from a secondary source or only
// partly confirmed (P), or commonly quoted but not found (U).
enum class Mark { Verified, Partial, Unverified };
const char* to_string(Mark m);        // "V", "P", "U"
const char* describe(Mark m);         // "verified", "partly verified", "unverified"

struct Document {
  std::string id;
  std::string title;
  std::string number;  // 文号, e.g. 建办科〔2022〕48号
  int year = 0;
  std::string issuer;
  std::string source;  // where it was read
  Mark mark = Mark::Verified;
  std::string note;
};

struct Parameter {
  std::string name;
  double value = 0.0;
  std::string unit;
  std::string document;  // id
  std::string article;
  Mark mark = Mark::Verified;
  std::string note;
  int line = 0;
};

struct Formula {
  std::string text;
  int line = 0;
  std::vector<std::string> variables;  // the names it reads
};

enum class RuleScope { Plot, Community };

struct Rule {
  std::string id;
  std::string title;
  RuleScope scope = RuleScope::Plot;
  std::string document;
  std::string article;
  Mark mark = Mark::Verified;
  std::optional<Formula> when;  // the rule applies only where this is non-zero
  Formula required;             // m² required
  std::string provided = "reserved_office_m2";  // the attribute compared with it
  bool optional = false;  // assessed only where the data carries what it compares
  std::string note;
};

struct Derived {  // a named intermediate value, e.g. household equivalents
  std::string name;
  RuleScope scope = RuleScope::Plot;
  Formula formula;
  std::string document;
  std::string article;
  Mark mark = Mark::Verified;
};

// A residential parking standard: the spaces a development, and a community, must have.
struct ParkingStandard {
  std::string title;
  Formula required;      // spaces; read for plots and for communities, so over households and parameters
  Formula m2_per_space;  // a parking zone's area per space, for zones whose capacity the data does not give
  std::string document;
  std::string article;
  Mark mark = Mark::Verified;
  std::string note;
};

// The columns of a community's budget: what each line of [finance] adds to.
enum class BudgetLine { Government, Sanitation, Parking, Other };
inline constexpr BudgetLine kBudgetLines[] = {BudgetLine::Government, BudgetLine::Sanitation, BudgetLine::Parking, BudgetLine::Other};
const char* to_string(BudgetLine line);  // government, sanitation, parking, other
std::optional<BudgetLine> parse_budget_line(std::string_view name);

// One line of a community's yearly budget, in yuan: government funding by household, a fee per
// household, parking income from its spaces, a fixed sum (sponsors).
struct FinanceLine {
  std::string id;
  std::string title;
  BudgetLine kind = BudgetLine::Other;
  Formula formula;  // community scope: households, parking_spaces, year, ...
  std::string document;
  std::string article;
  Mark mark = Mark::Verified;
  std::string note;
};

// GB 50180-style walking-distance standards, for coverage.
struct FacilityStandard {
  std::string kind;
  std::string name;
  std::string level;  // 15min, 10min, 5min, block
  double radius_m = 0.0;
  std::string document;
  std::string article;
  Mark mark = Mark::Unverified;
  std::string note;
};

struct RulePack {
  std::string id;
  std::string name;
  std::string jurisdiction;
  std::string description;
  std::filesystem::path file;
  std::map<std::string, Document> documents;
  std::vector<Parameter> parameters;
  std::vector<Derived> derived;
  std::vector<Rule> rules;
  std::optional<ParkingStandard> parking;
  std::vector<FinanceLine> finance;  // [finance.ID], by id
  std::vector<FacilityStandard> facilities;

  // The plot or community attributes these formulas read, directly or through derived values.
  std::set<std::string> inputs(const std::vector<const Formula*>& formulas, RuleScope scope) const;
  // Whether the pack gives a government funding line: the review's funding figure.
  bool has_funding() const;

  const Document* document(const std::string& document_id) const;
  const Parameter* parameter(const std::string& parameter_name) const;
  // "建办科〔2022〕48号 (2022) art. 二(一) [unverified]"
  std::string citation(const std::string& document_id, const std::string& article, Mark mark) const;
  // The lowest mark among a rule, its document and the parameters its formulas read.
  Mark effective_mark(const Rule& rule) const;
  // The same for any formula: the lowest of its own mark, its document's and the parameters and
  // derived values it reads.
  Mark effective_mark(const std::string& document_id, Mark own, const std::vector<const Formula*>& formulas) const;
};

// Variables a formula of each scope may read, besides parameters and derived values.
const std::vector<std::string>& plot_variables();       // households, gross_floor_area_m2, ...
const std::vector<std::string>& community_variables();  // households, office_m2, planned_office_m2, parking_spaces, ...

// Reads and validates a pack: a malformed file, an unknown key, an unknown variable or a
// formula that does not parse is a geo::Error naming the file, line and problem.
RulePack load_rule_pack(const std::filesystem::path& file);
RulePack parse_rule_pack(const std::string& toml_text, const std::filesystem::path& file_for_messages);

// A name of a pack shipped in plugins/rules ("hangzhou") or a path to a .toml.
std::filesystem::path resolve_rule_pack(const std::string& name_or_path);
// "national, hangzhou, …, or a .toml file": the shipped packs as found in plugins/rules, for help texts.
std::string rule_pack_choices();

// Evaluates a pack's formulas for one scope. Not thread-safe: one evaluator per thread.
class RuleEvaluator {
 public:
  RuleEvaluator(const RulePack& pack, RuleScope scope);
  ~RuleEvaluator();
  RuleEvaluator(const RuleEvaluator&) = delete;
  RuleEvaluator& operator=(const RuleEvaluator&) = delete;

  // Sets an input variable (plot or community attribute, or `year`).
  void set(const std::string& name, double value);
  // Evaluates the derived values in order; call after setting the inputs.
  void update_derived();
  double value(const std::string& name) const;
  bool applies(const Rule& rule);   // its `when`, or true
  double required(const Rule& rule);
  double funding();                 // the pack's government lines (community scope); throws if it has none
  double finance_line(const FinanceLine& line);  // community scope
  double parking_required();        // the parking standard's spaces; throws if the pack has none
  double m2_per_space();            // the parking standard's area per space
  const std::vector<const Rule*>& rules() const { return rules_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<const Rule*> rules_;
};

}  // namespace geo
