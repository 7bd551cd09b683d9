#pragma once
// The one rule by which text in a number field is read, for every layer, command and importer.
// A planner's spreadsheet holds "12,000", "1.2万", "约300户", "1.2.3" and "**********"; the
// first two are numbers, the rest are not, and none of them is ever read as 0 or cut short.
#include <optional>
#include <string_view>

namespace geo {

struct NumberReading {
  std::optional<double> value;  // empty: the text is not a number
  bool in_wan = false;          // written with 万 (ten thousand): "1.2万" is 12,000
};

// Accepted: an optional sign, digits with an optional fraction and exponent ("300", "-2.5",
// "1e3"), digits grouped in threes by commas ("12,000.5"), full-width digits, surrounding blanks,
// and a trailing 万 that multiplies by 10,000. Refused: anything else — units and words ("300户",
// "约300"), several points, a dBase overflow's asterisks, NaN and infinity, hexadecimal, and
// values too large for a double.
NumberReading read_number(std::string_view text);

}  // namespace geo
