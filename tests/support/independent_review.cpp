#include "independent_review.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "geo/gdal_io.h"

namespace fixtures {

namespace {

// The pack's rule for the office space, written out by hand from the pack's text.
std::optional<double> requirement(const std::string& pack, const IndependentPlot& p) {
  const double hh = *p.households;
  if (pack == "national") return hh > 0 ? std::optional(0.3 * hh) : std::nullopt;
  if (pack == "hangzhou") return hh > 0 ? std::optional(std::max(0.3 * hh, std::max(0.003 * *p.gfa, 300.0))) : std::nullopt;
  if (pack == "changsha") {
    // flats under 40 m² count 0.3 household; 3.2 persons per household
    const double equivalent = hh - 0.7 * p.small_units.value_or(0);
    if (equivalent <= 0) return std::nullopt;
    const double rooms = 1000 + (equivalent * 3.2 >= 10000 ? 600 : 0);
    return std::max(rooms, 0.3 * equivalent);
  }
  throw std::runtime_error("no hand-written rule for pack " + pack);
}

// The inputs each pack reads, present and not negative, or the plot cannot be checked.
bool checkable(const std::string& pack, const IndependentPlot& p) {
  if (!p.valid || !p.households || *p.households < 0 || !p.reserved || *p.reserved < 0) return false;
  if (pack == "hangzhou" && (!p.gfa || *p.gfa < 0 || (*p.households > 0 && *p.gfa <= 0))) return false;
  if (pack == "changsha" && p.small_units.value_or(0) > *p.households) return false;
  return true;
}

}  // namespace

double IndependentPlot::shortfall() const { return required && reserved ? std::max(0.0, *required - *reserved) : 0.0; }

std::map<std::string, IndependentPlot> independent_review(const std::filesystem::path& gpkg, const std::string& pack) {
  auto source = geo::open_vector_source(gpkg.string());
  auto query = [&](const std::string& sql, const std::function<void(OGRFeature&)>& row) {
    OGRLayer* result = source.dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
    if (!result) throw std::runtime_error("SQLite dialect query failed: " + sql);
    for (auto& f : *result) row(*f);
    source.dataset->ReleaseResultSet(result);
  };
  std::map<std::string, IndependentPlot> out;
  query("SELECT \"地块编号\" AS plot_id, ST_IsValid(geom) AS valid, \"户数\" AS hh, \"建筑面积\" AS gfa, "
        "\"社区用房面积\" AS reserved, \"小户型套数\" AS small FROM plots",
        [&out](OGRFeature& f) {
          IndependentPlot i;
          i.valid = f.GetFieldAsInteger("valid") == 1;
          auto opt = [&f](const char* name) -> std::optional<double> {
            return f.IsFieldSetAndNotNull(f.GetFieldIndex(name)) ? std::optional<double>(f.GetFieldAsDouble(name)) : std::nullopt;
          };
          i.households = opt("hh");
          i.gfa = opt("gfa");
          i.reserved = opt("reserved");
          i.small_units = opt("small");
          out[f.GetFieldAsString("plot_id")] = i;
        });
  std::map<std::string, double> best_area;
  query("SELECT p.\"地块编号\" AS plot_id, c.community_id AS cid, ST_Area(ST_Intersection(p.geom, c.geom)) AS a "
        "FROM plots p, communities c WHERE ST_IsValid(p.geom) AND ST_Intersects(p.geom, c.geom)",
        [&](OGRFeature& f) {
          const std::string id = f.GetFieldAsString("plot_id");
          const double a = f.GetFieldAsDouble("a");
          const std::string cid = f.GetFieldAsString("cid");
          if (a <= 0) return;
          auto it = best_area.find(id);
          if (it == best_area.end() || a > it->second || (a == it->second && cid < out[id].community_id)) {
            best_area[id] = a;
            out[id].community_id = cid;
          }
        });
  for (auto& [id, p] : out) {
    if (!checkable(pack, p)) {
      p.verdict = "unchecked";
      continue;
    }
    p.required = requirement(pack, p);
    p.verdict = !p.required ? "not_applicable" : p.shortfall() > 1e-4 ? "short" : "compliant";
  }
  return out;
}

}  // namespace fixtures
