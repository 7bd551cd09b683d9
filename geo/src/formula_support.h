#pragma once
// What the rule pack's parser and its evaluator share: the functions a formula may call.
#include <muParser.h>

namespace geo {

// step(x, v0, b1, v1, b2, v2, ...): v0 below b1, v1 from b1 below b2, ... — floor-area tiers.
inline mu::value_type step_function(const mu::value_type* args, int count) {
  if (count < 2 || count % 2 != 0)
    throw mu::ParserError("step() takes x, the first value, then pairs of threshold and value");
  double result = args[1];
  for (int i = 2; i + 1 < count; i += 2)
    if (args[0] >= args[i]) result = args[i + 1];
  return result;
}

inline void setup_parser(mu::Parser& parser) {
  parser.DefineFun("step", step_function, false);
}

}  // namespace geo
