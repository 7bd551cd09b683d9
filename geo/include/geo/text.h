#pragma once
// Text checks for data that crosses encodings (GBK Shapefiles, names GDAL cut at 10 bytes), and
// text made safe for the markup we write (HTML reports, QGIS styles).
#include <string>
#include <string_view>

namespace geo {

bool is_valid_utf8(std::string_view bytes);

// &, <, > and " as entities: safe in XML and HTML text and in double-quoted attributes.
std::string xml_escape(std::string_view text);

}  // namespace geo
