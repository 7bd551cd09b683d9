#include "geo/search.h"

#include <algorithm>
#include <cctype>

namespace geo {

namespace {

std::string folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::vector<SearchHit> search_layer(const LayerData& layer, std::string_view query, std::size_t limit, const Feedback* cancel) {
  const std::string needle = folded(trimmed(query));
  std::vector<SearchHit> exact, partial;
  if (needle.empty() || limit == 0) return {};
  const std::vector<std::string> fields = layer.column_names();
  for (std::size_t row = 0; row < layer.size(); ++row) {
    if ((row & 4095) == 0 && cancel) cancel->throw_if_cancelled();
    std::optional<SearchHit> best;
    for (const std::string& field : fields) {
      const auto& column = layer.columns.at(field);
      if (row >= column.size() || std::holds_alternative<std::monostate>(column[row])) continue;
      const std::string value = value_to_string(column[row]);
      const std::string haystack = folded(value);
      if (haystack == needle) {
        best = SearchHit{row, field, value, true};
        break;
      }
      if (!best && haystack.find(needle) != std::string::npos) best = SearchHit{row, field, value, false};
    }
    if (!best) continue;
    (best->exact ? exact : partial).push_back(std::move(*best));
    if (exact.size() >= limit) break;
  }
  exact.insert(exact.end(), std::make_move_iterator(partial.begin()), std::make_move_iterator(partial.end()));
  if (exact.size() > limit) exact.resize(limit);
  return exact;
}

}  // namespace geo
