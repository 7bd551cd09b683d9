#pragma once
// Text checks for data that crosses encodings (GBK Shapefiles, names GDAL cut at 10 bytes), and
// text made safe for the markup we write (HTML reports, QGIS styles).
#include <optional>
#include <string>
#include <string_view>

namespace geo {

bool is_valid_utf8(std::string_view bytes);

// GBK (GB18030) bytes as UTF-8; empty when the bytes are not GBK text.
std::optional<std::string> gbk_to_utf8(std::string_view bytes);

// Text that is not valid UTF-8 made so: read as GBK when it is GBK, else each invalid byte
// replaced by U+FFFD. Nothing we write ever holds invalid UTF-8.
std::string repaired_utf8(std::string_view bytes);

// &, <, > and " as entities: safe in XML and HTML text and in double-quoted attributes.
std::string xml_escape(std::string_view text);

}  // namespace geo
