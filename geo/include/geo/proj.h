#pragma once
// RAII over PROJ's C API: one ProjContext per thread, every PJ owned by a unique_ptr.
// Transforms are always normalised to the traditional GIS axis order (longitude/easting
// first), whatever the authority says, so that northing-first CRSs such as EPSG:4549 never
// leak a swapped axis into results.
#include <proj.h>

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "geo/geometry.h"

namespace geo {

struct PjDeleter {
  void operator()(PJ* p) const noexcept {
    if (p) proj_destroy(p);
  }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

class ProjContext {
 public:
  ProjContext();
  ~ProjContext();
  ProjContext(const ProjContext&) = delete;
  ProjContext& operator=(const ProjContext&) = delete;

  PJ_CONTEXT* handle() const noexcept { return handle_; }
  std::string last_error() const;
  // A CRS from "EPSG:4549", "4549", WKT or a PROJ string; throws naming the definition.
  PjPtr create_crs(const std::string& definition);

 private:
  PJ_CONTEXT* handle_;
};

struct CrsDescription {
  std::string name;
  std::optional<int> epsg;  // the authority code, or the best EPSG match (confidence >= 70 %)
  bool geographic = false;
  std::string definition;  // as given
};

CrsDescription describe_crs(ProjContext& ctx, const std::string& definition);

// "EPSG:4549" for 4549.
std::string epsg_definition(int code);

class Transformer {
 public:
  Transformer(ProjContext& ctx, const std::string& source_crs, const std::string& target_crs);

  Point forward(Point p) const;
  Point inverse(Point p) const;
  // In place; throws geo::Error if a coordinate cannot be transformed.
  void forward(std::span<Point> points) const;
  void forward(Geometry& g) const;
  bool is_identity() const noexcept { return identity_; }

 private:
  void run(std::span<Point> points, PJ_DIRECTION direction) const;
  ProjContext* ctx_;
  PjPtr operation_;
  bool identity_ = false;
  std::string description_;
};

}  // namespace geo
