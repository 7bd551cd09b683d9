#include "geo/proj.h"

#include <cctype>
#include <cmath>

#include "geo/error.h"

namespace geo {

ProjContext::ProjContext() : handle_(proj_context_create()) {
  if (!handle_) throw Error("PROJ could not create a context");
  proj_log_level(handle_, PJ_LOG_NONE);  // errors are read back through proj_context_errno
}

ProjContext::~ProjContext() { proj_context_destroy(handle_); }

std::string ProjContext::last_error() const {
  const int code = proj_context_errno(handle_);
  if (code == 0) return "unknown PROJ error";
  const char* text = proj_context_errno_string(handle_, code);
  return text ? text : "unknown PROJ error";
}

std::string epsg_definition(int code) { return "EPSG:" + std::to_string(code); }

static std::string normalise_definition(const std::string& definition) {
  bool digits = !definition.empty();
  for (char c : definition) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  return digits ? epsg_definition(std::stoi(definition)) : definition;
}

PjPtr ProjContext::create_crs(const std::string& definition) {
  proj_context_errno_string(handle_, 0);
  PjPtr crs(proj_create(handle_, normalise_definition(definition).c_str()));
  if (!crs) throw Error("not a CRS PROJ knows: '" + definition + "' (" + last_error() + ")");
  const PJ_TYPE type = proj_get_type(crs.get());
  const bool is_crs = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
                      type == PJ_TYPE_PROJECTED_CRS || type == PJ_TYPE_COMPOUND_CRS ||
                      type == PJ_TYPE_GEOCENTRIC_CRS || type == PJ_TYPE_BOUND_CRS ||
                      type == PJ_TYPE_OTHER_CRS || type == PJ_TYPE_ENGINEERING_CRS;
  if (!is_crs) throw Error("'" + definition + "' is not a coordinate reference system");
  return crs;
}

CrsDescription describe_crs(ProjContext& ctx, const std::string& definition) {
  PjPtr crs = ctx.create_crs(definition);
  CrsDescription out;
  out.definition = definition;
  const char* name = proj_get_name(crs.get());
  out.name = name ? name : "";
  PJ_TYPE type = proj_get_type(crs.get());
  if (type == PJ_TYPE_BOUND_CRS) {
    PjPtr base(proj_get_source_crs(ctx.handle(), crs.get()));
    if (base) type = proj_get_type(base.get());
  }
  out.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;

  const char* auth = proj_get_id_auth_name(crs.get(), 0);
  const char* code = proj_get_id_code(crs.get(), 0);
  if (auth && code && std::string(auth) == "EPSG") {
    out.epsg = std::atoi(code);
    return out;
  }
  int* confidence = nullptr;
  PJ_OBJ_LIST* matches = proj_identify(ctx.handle(), crs.get(), "EPSG", nullptr, &confidence);
  if (matches) {
    const int count = proj_list_get_count(matches);
    for (int i = 0; i < count && !out.epsg; ++i) {
      if (confidence[i] < 70) continue;
      PjPtr match(proj_list_get(ctx.handle(), matches, i));
      const char* match_code = match ? proj_get_id_code(match.get(), 0) : nullptr;
      if (match_code) out.epsg = std::atoi(match_code);
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(matches);
  }
  return out;
}

Transformer::Transformer(ProjContext& ctx, const std::string& source_crs, const std::string& target_crs)
    : ctx_(&ctx), description_(source_crs + " -> " + target_crs) {
  PjPtr source = ctx.create_crs(source_crs);
  PjPtr target = ctx.create_crs(target_crs);
  identity_ = proj_is_equivalent_to(source.get(), target.get(), PJ_COMP_EQUIVALENT) != 0;
  PjPtr raw(proj_create_crs_to_crs_from_pj(ctx.handle(), source.get(), target.get(), nullptr, nullptr));
  if (!raw) throw Error("PROJ found no transformation " + description_ + ": " + ctx.last_error());
  operation_.reset(proj_normalize_for_visualization(ctx.handle(), raw.get()));
  if (!operation_) throw Error("PROJ could not normalise the axis order of " + description_);
}

void Transformer::run(std::span<Point> points, PJ_DIRECTION direction) const {
  if (identity_ || points.empty()) return;
  constexpr auto stride = sizeof(Point);
  proj_trans_generic(operation_.get(), direction, &points[0].x, stride, points.size(), &points[0].y, stride,
                     points.size(), nullptr, 0, 0, nullptr, 0, 0);
  for (const Point& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x == HUGE_VAL || p.y == HUGE_VAL)
      throw Error("coordinate cannot be transformed " + description_ + " (outside the CRS's area?)");
  }
}

Point Transformer::forward(Point p) const {
  run(std::span<Point>(&p, 1), PJ_FWD);
  return p;
}

Point Transformer::inverse(Point p) const {
  run(std::span<Point>(&p, 1), PJ_INV);
  return p;
}

void Transformer::forward(std::span<Point> points) const { run(points, PJ_FWD); }

void Transformer::forward(Geometry& g) const {
  for (auto& part : g.parts)
    for (auto& path : part) run(path, PJ_FWD);
}

}  // namespace geo
