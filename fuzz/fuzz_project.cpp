// Any bytes as a project file: parsed, or refused with geo::Error; never a crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/error.h"
#include "geo/project.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    geo::parse_project(std::string(reinterpret_cast<const char*>(data), size), "/fuzz/project.toml");
  } catch (const geo::Error&) {
  }
  return 0;
}
