#pragma once
// Text checks for data that crosses encodings (GBK Shapefiles, names GDAL cut at 10 bytes).
#include <string_view>

namespace geo {

bool is_valid_utf8(std::string_view bytes);

}  // namespace geo
