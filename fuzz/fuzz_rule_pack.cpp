// Any bytes as a rule pack: parsed, or refused with geo::Error; never a crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/error.h"
#include "geo/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const geo::RulePack pack = geo::parse_rule_pack(std::string(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    // A pack that parses is used: its evaluators are built as a review builds them.
    geo::RuleEvaluator plot(pack, geo::RuleScope::Plot);
    geo::RuleEvaluator community(pack, geo::RuleScope::Community);
  } catch (const geo::Error&) {
  }
  return 0;
}
