#include "geo/numbers.h"

#include <charconv>
#include <cmath>
#include <string>

namespace geo {

namespace {

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Full-width digits, point, sign and comma (U+FF10–FF19, FF0E, FF0B, FF0D, FF0C) as ASCII; any
// other non-ASCII byte makes the text not a number.
bool to_ascii(std::string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    if (c != 0xEF || i + 2 >= in.size()) return false;
    const auto b1 = static_cast<unsigned char>(in[i + 1]), b2 = static_cast<unsigned char>(in[i + 2]);
    const unsigned code = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    if (code >= 0xFF10 && code <= 0xFF19) out += static_cast<char>('0' + (code - 0xFF10));
    else if (code == 0xFF0E) out += '.';
    else if (code == 0xFF0B) out += '+';
    else if (code == 0xFF0D) out += '-';
    else if (code == 0xFF0C) out += ',';
    else return false;
    i += 2;
  }
  return true;
}

// "12,000,000.5" → "12000000.5"; false when commas do not group the integer part in threes.
bool remove_grouping(std::string& s) {
  const std::size_t first = s.find(',');
  if (first == std::string::npos) return true;
  const std::size_t start = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  std::size_t end = s.find_first_of(".eE");
  if (end == std::string::npos) end = s.size();
  if (s.find(',', end) != std::string::npos) return false;  // a comma in the fraction or exponent
  if (first - start < 1 || first - start > 3) return false;
  std::string out = s.substr(0, first);
  for (std::size_t i = first; i < end; i += 4) {
    if (s[i] != ',' || i + 4 > end) return false;
    for (std::size_t k = i + 1; k < i + 4; ++k)
      if (s[k] < '0' || s[k] > '9') return false;
    out += s.substr(i + 1, 3);
  }
  out += s.substr(end);
  s = std::move(out);
  return true;
}

}  // namespace

NumberReading read_number(std::string_view text) {
  NumberReading out;
  text = trim(text);
  constexpr std::string_view kWan = "万";
  if (text.size() > kWan.size() && text.substr(text.size() - kWan.size()) == kWan) {
    out.in_wan = true;
    text = trim(text.substr(0, text.size() - kWan.size()));
  }
  std::string s;
  if (text.empty() || !to_ascii(text, s) || !remove_grouping(s)) return {};
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);
  // from_chars would take "nan", "inf" and "infinity": a number starts with a digit or a point.
  const std::size_t lead = digits.empty() ? 0 : (digits.front() == '-' ? 1 : 0);
  if (digits.size() <= lead || !(std::isdigit(static_cast<unsigned char>(digits[lead])) || digits[lead] == '.')) return {};
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::general);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) return {};
  if (out.in_wan) value *= 10000.0;
  out.value = value;
  return out;
}

}  // namespace geo
