#include "datasets/demo_city.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <array>
#include <exception>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geometry.h"

namespace datasets {

namespace fs = std::filesystem;
using geo::Geometry;
using geo::Path;
using geo::Point;

const char* to_string(Scale s) {
  switch (s) {
    case Scale::Demo: return "demo";
    case Scale::District: return "district";
    case Scale::City: return "city";
    case Scale::Region: return "region";
  }
  return "?";
}

std::optional<Scale> parse_scale(std::string_view name) {
  for (Scale s : {Scale::Demo, Scale::District, Scale::City, Scale::Region})
    if (name == to_string(s)) return s;
  return std::nullopt;
}

CityParameters parameters_for(Scale scale) {
  switch (scale) {
    case Scale::Demo: return {5, 5, 3, 8, 2, 24, 6, 40};
    // 50 communities, 450 blocks x 44 = 19,800 buildings, ~20,000 road segments.
    case Scale::District: return {10, 5, 3, 44, 18, 500, 8, 500};
    // 1,000 communities, 9,000 blocks x 44 = 396,000 buildings, ~300,000 road segments.
    case Scale::City: return {40, 25, 3, 44, 14, 10000, 8, 5000};
    // 2,500 communities, 22,500 blocks x 44 = 990,000 buildings: the million of a large city's
    // districts together, where a shared database is measured (README, "Beyond one server").
    case Scale::Region: return {50, 50, 3, 44, 14, 25000, 8, 12500};
  }
  return {};
}

namespace {

// splitmix64: small, fast and the same on every platform, unlike the standard distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int integer(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

// Hangzhou's urban core in CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549).
constexpr double kOriginEasting = 508000.0;
constexpr double kOriginNorthing = 3345000.0;
constexpr int kCityEpsg = 4549;

constexpr std::array<std::string_view, 64> kPlaceNames = {
    "翠苑", "文新", "古荡", "西溪", "王马", "新民", "朝晖", "湖墅", "德胜", "潮鸣", "采荷", "景芳", "笕桥",
    "九堡", "丁桥", "四季青", "闸弄口", "米市巷", "长庆", "武林", "天水", "小营", "紫阳", "清波", "南星",
    "望江", "凯旋", "留下", "转塘", "蒋村", "三墩", "祥符", "拱宸", "和睦", "大关", "上塘", "半山", "石桥",
    "东新", "文晖", "北山", "灵隐", "西湖", "之江", "闻堰", "浦沿", "长河", "西兴", "白杨", "下沙", "彭埠",
    "艮山", "红普", "东园", "城东", "城北", "翠柏", "府苑", "学院", "竞舟", "嘉绿", "桂花", "金都", "华星"};
constexpr std::array<std::string_view, 16> kCommunitySuffixes = {
    "", "新村", "花园", "一区", "二区", "三区", "东", "西", "南", "北", "苑", "里", "坊", "湾", "公寓", "家园"};
constexpr std::array<std::string_view, 24> kRoadNames = {
    "文一", "文二", "文三", "天目山", "曙光", "保俶", "教工", "学院", "古墩", "丰潭", "莫干山", "湖墅",
    "体育场", "环城北", "庆春", "解放", "延安", "中河", "秋涛", "凤起", "建国", "石桥", "德胜", "东新"};

std::string community_name(int index) {
  const auto place = kPlaceNames[static_cast<std::size_t>(index) % kPlaceNames.size()];
  const auto suffix = kCommunitySuffixes[(static_cast<std::size_t>(index) / kPlaceNames.size()) % kCommunitySuffixes.size()];
  const int round = index / static_cast<int>(kPlaceNames.size() * kCommunitySuffixes.size());
  return fmt::format("{}{}{}社区", place, suffix, round > 0 ? std::to_string(round + 1) : "");
}

Point lerp(Point a, Point b, double t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// A point of a quadrilateral block by bilinear interpolation of its corners
// (c[0] bottom-left, c[1] bottom-right, c[2] top-right, c[3] top-left).
Point in_quad(const std::array<Point, 4>& c, double u, double v) { return lerp(lerp(c[0], c[1], u), lerp(c[3], c[2], u), v); }

Path quad_ring(const std::array<Point, 4>& c, double u0, double v0, double u1, double v1) {
  return {in_quad(c, u0, v0), in_quad(c, u1, v0), in_quad(c, u1, v1), in_quad(c, u0, v1), in_quad(c, u0, v0)};
}

struct FieldSpec {
  const char* name;
  OGRFieldType type;
};

class LayerWriter {
 public:
  LayerWriter(GDALDataset& ds, const char* name, OGRwkbGeometryType type, OGRSpatialReference& srs,
              std::initializer_list<FieldSpec> fields)
      : name_(name) {
    char** options = nullptr;
    options = CSLSetNameValue(options, "SPATIAL_INDEX", "YES");
    layer_ = ds.CreateLayer(name, &srs, type, options);
    CSLDestroy(options);
    if (!layer_) throw geo::Error("cannot create layer", {.file = ds.GetDescription(), .layer = name});
    for (const auto& f : fields) {
      OGRFieldDefn defn(f.name, f.type);
      if (layer_->CreateField(&defn) != OGRERR_NONE)
        throw geo::Error("cannot create field", {.file = ds.GetDescription(), .layer = name, .field = f.name});
    }
  }

  OGRFeatureUniquePtr feature() const { return OGRFeatureUniquePtr(OGRFeature::CreateFeature(layer_->GetLayerDefn())); }

  void write(OGRFeatureUniquePtr f, const Geometry& g) {
    f->SetGeometryDirectly(geo::to_ogr(g).release());
    if (layer_->CreateFeature(f.get()) != OGRERR_NONE)
      throw geo::Error("cannot write feature", {.layer = name_, .feature = count_});
    ++count_;
  }
  std::int64_t count() const { return count_; }

 private:
  std::string name_;
  OGRLayer* layer_ = nullptr;
  std::int64_t count_ = 0;
};

struct Grid {
  int nx = 0, ny = 0;  // blocks
  std::vector<Point> nodes;  // (nx+1) x (ny+1), row-major by j
  Point at(int i, int j) const { return nodes[static_cast<std::size_t>(j * (nx + 1) + i)]; }
  std::array<Point, 4> block(int i, int j) const { return {at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)}; }
};

Grid make_grid(const CityParameters& p, Rng& rng) {
  Grid g;
  g.nx = p.community_cols * p.blocks_per_community_side;
  g.ny = p.community_rows * p.blocks_per_community_side;
  std::vector<double> xs{0.0}, ys{0.0};
  for (int i = 0; i < g.nx; ++i) xs.push_back(xs.back() + rng.uniform(300.0, 400.0));
  for (int j = 0; j < g.ny; ++j) ys.push_back(ys.back() + rng.uniform(280.0, 380.0));
  for (int j = 0; j <= g.ny; ++j)
    for (int i = 0; i <= g.nx; ++i)
      g.nodes.push_back({kOriginEasting + xs[static_cast<std::size_t>(i)] + rng.uniform(-20.0, 20.0),
                         kOriginNorthing + ys[static_cast<std::size_t>(j)] + rng.uniform(-20.0, 20.0)});
  return g;
}

// Beside the target, hidden, keeping its extension (GDAL picks the format by it).
std::string temp_name_for(const fs::path& target) {
  const std::string stem = target.stem().string();
  return (target.parent_path() / ("." + stem + ".tmp-" + std::to_string(::getpid()) + target.extension().string())).string();
}

}  // namespace

GeneratedCity generate_city(Scale scale, std::uint64_t seed, const fs::path& out_dir, const std::string& name,
                            geo::Feedback* feedback) {
  geo::ensure_gdal_registered();
  const CityParameters p = parameters_for(scale);
  Rng rng(seed ^ (static_cast<std::uint64_t>(scale) << 56));
  fs::create_directories(out_dir);
  GeneratedCity out;
  out.gpkg = out_dir / (name + ".gpkg");
  out.project = out_dir / (name + ".toml");
  const std::string tmp_gpkg = temp_name_for(out.gpkg);
  fs::remove(tmp_gpkg);

  struct TempGuard {  // a failed or cancelled run leaves nothing behind
    std::string path;
    bool keep = false;
    ~TempGuard() {
      if (!keep) {
        std::error_code ec;
        fs::remove(path, ec);
      }
    }
  } guard{tmp_gpkg};

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr ds(driver->Create(tmp_gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw geo::Error("cannot create the GeoPackage", {.file = tmp_gpkg});
  OGRSpatialReference srs;
  srs.importFromEPSG(kCityEpsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (ds->StartTransaction() != OGRERR_NONE) throw geo::Error("cannot start a transaction", {.file = tmp_gpkg});
  // On a failure or cancellation the half-written file is rolled back and closed quietly (GDAL
  // would otherwise complain about its R-tree scratch tables), then the temp guard removes it.
  struct RollbackOnUnwind {
    GDALDatasetUniquePtr& ds;
    int exceptions_at_start = std::uncaught_exceptions();
    ~RollbackOnUnwind() {
      if (std::uncaught_exceptions() == exceptions_at_start || !ds) return;
      geo::GdalErrorCollector quiet;
      ds->RollbackTransaction();
      ds.reset();
    }
  } rollback{ds};

  const Grid grid = make_grid(p, rng);
  const int side = p.blocks_per_community_side;
  auto progress = [&](double pct, const char* step) {
    if (feedback) {
      feedback->throw_if_cancelled();
      feedback->set_progress(pct, step);
    }
  };

  // Communities: clusters of side x side blocks, traced along the shared street crossings so
  // that neighbours share their boundary exactly. Grouped into sub-districts (街道) of 3 x 2.
  LayerWriter communities(*ds, "communities", wkbPolygon, srs,
                          {{"community_id", OFTString}, {"社区名称", OFTString}, {"街道", OFTString}});
  std::vector<std::string> community_ids;
  for (int cj = 0; cj < p.community_rows; ++cj) {
    for (int ci = 0; ci < p.community_cols; ++ci) {
      const int index = cj * p.community_cols + ci;
      const int i0 = ci * side, j0 = cj * side, i1 = i0 + side, j1 = j0 + side;
      Path ring;
      for (int i = i0; i < i1; ++i) ring.push_back(grid.at(i, j0));
      for (int j = j0; j < j1; ++j) ring.push_back(grid.at(i1, j));
      for (int i = i1; i > i0; --i) ring.push_back(grid.at(i, j1));
      for (int j = j1; j > j0; --j) ring.push_back(grid.at(i0, j));
      ring.push_back(ring.front());
      const int street = (cj / 2) * ((p.community_cols + 2) / 3) + ci / 3;
      const std::string id = fmt::format("330106{:03d}{:03d}", street + 1, index % 1000 + 1);
      community_ids.push_back(id);
      auto f = communities.feature();
      f->SetField("community_id", id.c_str());
      f->SetField("社区名称", community_name(index).c_str());
      f->SetField("街道", fmt::format("{}街道", kPlaceNames[static_cast<std::size_t>(street * 7 + 3) % kPlaceNames.size()]).c_str());
      communities.write(std::move(f), Geometry::polygon(std::move(ring)));
    }
  }
  out.counts.communities = communities.count();
  progress(5, "communities");

  // Roads: every street edge between two crossings split into equal segments that share
  // their endpoints exactly; a footway cross through each block joins the street midpoints.
  LayerWriter roads(*ds, "roads", wkbLineString, srs, {{"road_id", OFTInteger64}, {"road_class", OFTString}, {"name", OFTString}});
  std::int64_t road_id = 0;
  const int k = p.segments_per_street;
  auto write_segment = [&](Point a, Point b, const char* road_class, const std::string& road_name) {
    auto f = roads.feature();
    f->SetField("road_id", static_cast<GIntBig>(++road_id));
    f->SetField("road_class", road_class);
    f->SetField("name", road_name.c_str());
    roads.write(std::move(f), Geometry::line({a, b}));
  };
  auto write_street = [&](Point a, Point b, const char* road_class, const std::string& road_name) {
    for (int s = 0; s < k; ++s) write_segment(lerp(a, b, double(s) / k), lerp(a, b, double(s + 1) / k), road_class, road_name);
  };
  auto street_name = [](int line, bool east_west) {
    return fmt::format("{}{}", kRoadNames[static_cast<std::size_t>(line) % kRoadNames.size()], east_west ? "路" : "街");
  };
  for (int j = 0; j <= grid.ny; ++j)
    for (int i = 0; i < grid.nx; ++i)
      write_street(grid.at(i, j), grid.at(i + 1, j), j % side == 0 ? "primary" : "residential", street_name(j, true));
  for (int i = 0; i <= grid.nx; ++i)
    for (int j = 0; j < grid.ny; ++j)
      write_street(grid.at(i, j), grid.at(i, j + 1), i % side == 0 ? "secondary" : "residential", street_name(i + 7, false));
  for (int j = 0; j < grid.ny; ++j) {
    for (int i = 0; i < grid.nx; ++i) {
      const auto c = grid.block(i, j);
      const double half = double(k / 2) / k;
      const Point south = lerp(c[0], c[1], half), north = lerp(c[3], c[2], half);
      const Point west = lerp(c[0], c[3], half), east = lerp(c[1], c[2], half);
      const Point centre = in_quad(c, 0.5, 0.5);
      for (auto [a, b] : {std::pair{south, centre}, {centre, north}, {west, centre}, {centre, east}})
        write_segment(a, b, "footway", "");
    }
  }
  // An expressway along the city's middle, joined to the network only at its two ends:
  // walkers cannot use it, and the coverage analysis must know that.
  {
    const int jm = grid.ny / 2;
    const Point west_end = grid.at(0, jm), east_end = grid.at(grid.nx, jm);
    const Point a{west_end.x, west_end.y + 60.0}, b{east_end.x, east_end.y + 60.0};
    write_segment(west_end, a, "motorway_link", "");
    write_street(a, b, "motorway", "绕城高速");
    write_segment(b, east_end, "motorway_link", "");
  }
  out.counts.road_segments = roads.count();
  progress(25, "roads");

  // Buildings: residential slabs and ancillary buildings in a grid inside each block, set back
  // from the street; households spread so that a community holds about 1,000-4,000.
  LayerWriter buildings(*ds, "buildings", wkbPolygon, srs,
                        {{"building_id", OFTInteger64}, {"户数", OFTInteger}, {"层数", OFTInteger},
                         {"建筑面积", OFTReal}, {"用途", OFTString}});
  const int per_block = p.buildings_per_block;
  const int cols = static_cast<int>(std::ceil(std::sqrt(per_block * 1.5)));
  const int rows = (per_block + cols - 1) / cols;
  const bool high_rise = per_block <= 12;
  std::int64_t building_id = 0;
  std::vector<double> households_of_block(static_cast<std::size_t>(grid.nx * grid.ny));
  for (int j = 0; j < grid.ny; ++j) {
    for (int i = 0; i < grid.nx; ++i) {
      const auto c = grid.block(i, j);
      const double block_households = rng.uniform(120.0, 420.0);
      households_of_block[static_cast<std::size_t>(j * grid.nx + i)] = block_households;
      struct Slab { Path ring; int levels; double footprint; bool residential; };
      std::vector<Slab> slabs;
      double residential_volume = 0.0;
      for (int b = 0; b < per_block; ++b) {
        const int r = b / cols, q = b % cols;
        // Keep clear of the footway cross through the block's middle.
        const double u0 = 0.08 + (0.84 / cols) * q, v0 = 0.08 + (0.84 / rows) * r;
        const double du = 0.84 / cols, dv = 0.84 / rows;
        const double w = rng.uniform(0.45, 0.7), h = rng.uniform(0.35, 0.55);
        double bu0 = u0 + du * (1 - w) / 2, bv0 = v0 + dv * (1 - h) / 2;
        if (std::fabs(bu0 + du * w / 2 - 0.5) < 0.05) bu0 += 0.05;
        if (std::fabs(bv0 + dv * h / 2 - 0.5) < 0.05) bv0 += 0.05;
        Slab s;
        s.ring = quad_ring(c, bu0, bv0, bu0 + du * w, bv0 + dv * h);
        s.footprint = std::fabs(geo::signed_ring_area(s.ring));
        s.residential = b % 5 != 4;
        s.levels = s.residential ? (high_rise ? rng.integer(11, 33) : rng.integer(2, 7)) : rng.integer(1, 3);
        if (s.residential) residential_volume += s.footprint * s.levels;
        slabs.push_back(std::move(s));
      }
      for (auto& s : slabs) {
        const int households = s.residential ? std::max(1, static_cast<int>(std::lround(
                                                                block_households * s.footprint * s.levels / residential_volume)))
                                             : 0;
        auto f = buildings.feature();
        f->SetField("building_id", static_cast<GIntBig>(++building_id));
        f->SetField("户数", households);
        f->SetField("层数", s.levels);
        f->SetField("建筑面积", std::round(s.footprint * s.levels * 10.0) / 10.0);
        f->SetField("用途", s.residential ? "住宅" : "配套");
        buildings.write(std::move(f), Geometry::polygon(std::move(s.ring)));
      }
    }
    progress(25 + 45.0 * (j + 1) / grid.ny, "buildings");
  }
  out.counts.buildings = buildings.count();

  // Development plots under review. Most sit inside one block; every seventh straddles the
  // boundary between two communities; one is a self-intersecting polygon and one lies beyond
  // the city's edge, the flaws real submissions carry.
  LayerWriter plots(*ds, "plots", wkbPolygon, srs,
                    {{"地块编号", OFTString}, {"项目名称", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal},
                     {"社区用房面积", OFTReal}, {"小户型套数", OFTInteger}, {"配建车位", OFTInteger}});
  // Plots never overlap: each takes a free half of a block (slots in a shuffled order), and a
  // plot across a boundary street takes the two halves it reaches into.
  const std::size_t slot_count = static_cast<std::size_t>(grid.nx * grid.ny * 2);
  std::vector<std::size_t> slot_order(slot_count);
  for (std::size_t i = 0; i < slot_count; ++i) slot_order[i] = i;
  for (std::size_t i = slot_count; i > 1; --i) std::swap(slot_order[i - 1], slot_order[rng.next() % i]);
  std::vector<bool> slot_taken(slot_count, false);
  std::size_t next_slot = 0;
  auto slot_of = [&grid](int i, int j, int half) { return static_cast<std::size_t>((j * grid.nx + i) * 2 + half); };
  auto take_free_slot = [&]() {
    while (next_slot < slot_count && slot_taken[slot_order[next_slot]]) ++next_slot;
    if (next_slot == slot_count) throw geo::Error("more plots than free block halves");
    const std::size_t slot = slot_order[next_slot++];
    slot_taken[slot] = true;
    return slot;
  };
  auto straddles = [&p](int n) { return n != 5 && n % 7 == 6 && p.community_cols > 1; };
  std::vector<std::pair<int, int>> boundary_place(static_cast<std::size_t>(p.plots));  // (street line, row)
  for (int n = 0; n < p.plots; ++n) {  // the boundary plots first: their places are the scarce ones
    if (!straddles(n)) continue;
    int line = 0, row = 0;
    for (int attempt = 0;; ++attempt) {
      line = rng.integer(1, p.community_cols - 1) * side;
      row = rng.integer(0, grid.ny - 1);
      if (!slot_taken[slot_of(line - 1, row, 1)] && !slot_taken[slot_of(line, row, 0)]) break;
      if (attempt > 100000) throw geo::Error("no free place for a plot across a boundary");
    }
    slot_taken[slot_of(line - 1, row, 1)] = slot_taken[slot_of(line, row, 0)] = true;
    boundary_place[static_cast<std::size_t>(n)] = {line, row};
  }
  for (int n = 0; n < p.plots; ++n) {
    Geometry shape;
    if (n == 5) {  // beyond the city's eastern edge
      const Point e = grid.at(grid.nx, grid.ny / 2);
      shape = Geometry::polygon({{e.x + 300, e.y}, {e.x + 500, e.y}, {e.x + 500, e.y + 150}, {e.x + 300, e.y + 150}, {e.x + 300, e.y}});
    } else if (straddles(n)) {  // across a community boundary street
      const auto [line, row] = boundary_place[static_cast<std::size_t>(n)];
      const Point a = grid.at(line, row), b = grid.at(line, row + 1);
      const Point m = lerp(a, b, rng.uniform(0.3, 0.6));
      const double west = rng.uniform(60, 120), east = rng.uniform(60, 120), h = rng.uniform(50, 90);
      shape = Geometry::polygon({{m.x - west, m.y - h}, {m.x + east, m.y - h}, {m.x + east, m.y + h}, {m.x - west, m.y + h}, {m.x - west, m.y - h}});
    } else {
      const std::size_t slot = take_free_slot();
      const int half = static_cast<int>(slot % 2);
      const int block = static_cast<int>(slot / 2);
      const auto c = grid.block(block % grid.nx, block / grid.nx);
      const double u0 = 0.06 + 0.46 * half + rng.uniform(0.0, 0.05), v0 = rng.uniform(0.08, 0.3);
      const double u1 = u0 + rng.uniform(0.3, 0.37), v1 = v0 + rng.uniform(0.4, 0.6);
      if (n == 3)  // a bow-tie: the developer's surveyor swapped two corners
        shape = Geometry::polygon({in_quad(c, u0, v0), in_quad(c, u1, v1), in_quad(c, u1, v0), in_quad(c, u0, v1), in_quad(c, u0, v0)});
      else
        shape = Geometry::polygon(quad_ring(c, u0, v0, u1, v1));
    }
    const int households = rng.integer(150, 1800);
    const double unit_size = rng.uniform(80.0, 130.0);
    const double gfa = std::round(households * unit_size * 1.12);
    // About half the developers reserve what 30 m² per 100 households asks; the rest fall short.
    const double reserve_factor = rng.chance(0.5) ? rng.uniform(1.0, 1.6) : rng.uniform(0.3, 0.95);
    const double reserved = std::round(0.3 * households * reserve_factor);
    auto f = plots.feature();
    f->SetField("地块编号", fmt::format("P{:05d}", n + 1).c_str());
    f->SetField("项目名称", fmt::format("{}{}项目", kPlaceNames[static_cast<std::size_t>(n * 5 + 1) % kPlaceNames.size()],
                                       n % 2 ? "府" : "苑").c_str());
    if (n != 8) f->SetField("户数", households);  // one submission left the households blank
    f->SetField("建筑面积", gfa);
    f->SetField("社区用房面积", reserved);
    f->SetField("小户型套数", rng.chance(0.3) ? rng.integer(10, households / 4) : 0);
    // Most developments build a space per household or more; some fall short, and one leaves it blank.
    if (n != 10) f->SetField("配建车位", static_cast<int>(std::lround(households * (rng.chance(0.7) ? rng.uniform(1.0, 1.3) : rng.uniform(0.5, 0.95)))));
    plots.write(std::move(f), shape);
  }
  out.counts.plots = plots.count();
  progress(80, "plots");

  // Facilities: every community has its office (some far below 300 m², as the Changsha
  // community that worked from 110 m²); other kinds are spread unevenly so coverage has gaps.
  LayerWriter facilities(*ds, "facilities", wkbPoint, srs,
                         {{"facility_id", OFTInteger64}, {"设施类型", OFTString}, {"设施名称", OFTString}, {"建筑面积", OFTReal}});
  LayerWriter parking(*ds, "parking", wkbPolygon, srs, {{"parking_id", OFTInteger64}, {"车位数", OFTInteger}, {"名称", OFTString}});
  constexpr std::array<std::pair<const char*, const char*>, 4> kOtherKinds = {
      {{"health_station", "社区卫生服务站"}, {"kindergarten", "幼儿园"}, {"elderly_care", "日间照料中心"}, {"market", "菜市场"}}};
  std::int64_t facility_id = 0, parking_id = 0;
  for (int cj = 0; cj < p.community_rows; ++cj) {
    for (int ci = 0; ci < p.community_cols; ++ci) {
      const std::string cname = community_name(cj * p.community_cols + ci);
      for (int n = 0; n < p.facilities_per_community; ++n) {
        const auto c = grid.block(ci * side + rng.integer(0, side - 1), cj * side + rng.integer(0, side - 1));
        const Point at = in_quad(c, rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9));
        const bool office = n == 0;
        const auto& kind = kOtherKinds[static_cast<std::size_t>(rng.integer(0, 3))];
        if (!office && rng.chance(0.25)) continue;  // leave some gaps
        auto f = facilities.feature();
        f->SetField("facility_id", static_cast<GIntBig>(++facility_id));
        f->SetField("设施类型", office ? "社区服务站" : kind.second);
        f->SetField("设施名称", fmt::format("{}{}", cname, office ? "服务站" : kind.second).c_str());
        f->SetField("建筑面积", std::round(office ? rng.uniform(110.0, 900.0) : rng.uniform(120.0, 2500.0)));
        facilities.write(std::move(f), Geometry::point(at));
      }
      // The community's public car park.
      const auto c = grid.block(ci * side + rng.integer(0, side - 1), cj * side + rng.integer(0, side - 1));
      const double u = rng.uniform(0.05, 0.75), v = rng.uniform(0.05, 0.8);
      auto f = parking.feature();
      f->SetField("parking_id", static_cast<GIntBig>(++parking_id));
      f->SetField("车位数", rng.integer(20, 400));
      f->SetField("名称", fmt::format("{}停车场", cname).c_str());
      parking.write(std::move(f), Geometry::polygon(quad_ring(c, u, v, u + 0.15, v + 0.12)));
    }
  }
  // Estates' own parking, block by block: newer estates about a space per household, older ones
  // far fewer; some zones give no capacity (the analysis estimates it from the area), and some car
  // parks lie across a community boundary street, shared by both.
  for (int j = 0; j < grid.ny; ++j) {
    for (int i = 0; i < grid.nx; ++i) {
      if (!rng.chance(0.7)) continue;
      const auto c = grid.block(i, j);
      const double ratio = rng.chance(0.5) ? rng.uniform(0.8, 1.3) : rng.uniform(0.2, 0.7);
      auto f = parking.feature();
      f->SetField("parking_id", static_cast<GIntBig>(++parking_id));
      if (!rng.chance(0.15))
        f->SetField("车位数", static_cast<int>(std::lround(households_of_block[static_cast<std::size_t>(j * grid.nx + i)] * ratio)));
      f->SetField("名称", "小区停车场");
      parking.write(std::move(f), Geometry::polygon(quad_ring(c, 0.1, 0.005, 0.45, 0.07)));
    }
  }
  for (int line = side; line < grid.nx; line += side) {
    for (int row = 0; row < grid.ny; ++row) {
      if (!rng.chance(0.15)) continue;
      const auto west = grid.block(line - 1, row), east = grid.block(line, row);
      const Point a = in_quad(west, 0.8, 0.3), b = in_quad(east, 0.2, 0.3), d = in_quad(east, 0.2, 0.45), e = in_quad(west, 0.8, 0.45);
      auto f = parking.feature();
      f->SetField("parking_id", static_cast<GIntBig>(++parking_id));
      f->SetField("车位数", rng.integer(40, 160));
      f->SetField("名称", "路边公共停车场");
      parking.write(std::move(f), Geometry::polygon({a, b, d, e, a}));
    }
  }
  out.counts.facilities = facilities.count();
  out.counts.parking = parking.count();

  // Candidate sites for new facilities, on block edges where a ground floor could be let.
  LayerWriter candidates(*ds, "candidates", wkbPoint, srs, {{"candidate_id", OFTInteger64}, {"建筑面积", OFTReal}});
  for (int n = 0; n < p.candidates; ++n) {
    const auto c = grid.block(rng.integer(0, grid.nx - 1), rng.integer(0, grid.ny - 1));
    auto f = candidates.feature();
    f->SetField("candidate_id", static_cast<GIntBig>(n + 1));
    f->SetField("建筑面积", std::round(rng.uniform(150.0, 1200.0)));
    candidates.write(std::move(f), Geometry::point(in_quad(c, rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.12))));
  }
  out.counts.candidates = candidates.count();
  progress(90, "writing");

  if (ds->CommitTransaction() != OGRERR_NONE) throw geo::Error("cannot commit the GeoPackage", {.file = tmp_gpkg});
  ds.reset();  // closes and flushes
  if (feedback) feedback->throw_if_cancelled();

  const std::string project_text = fmt::format(R"toml(# Community Planner project: the generated {scale} city (seed {seed}).
# Each [layers.ROLE] names the layer that plays that role; field names in Chinese
# (户数, 建筑面积, 社区名称, ...) are recognised without a [fields] mapping.
[project]
name = "演示城市 ({scale})"
crs = "auto"

[layers.communities]
source = "{gpkg}"
layer = "communities"

[layers.buildings]
source = "{gpkg}"
layer = "buildings"

[layers.plots]
source = "{gpkg}"
layer = "plots"

[layers.facilities]
source = "{gpkg}"
layer = "facilities"

[layers.parking]
source = "{gpkg}"
layer = "parking"

[layers.roads]
source = "{gpkg}"
layer = "roads"

[layers.candidates]
source = "{gpkg}"
layer = "candidates"
)toml",
                                                 fmt::arg("scale", to_string(scale)), fmt::arg("seed", seed),
                                                 fmt::arg("gpkg", out.gpkg.filename().string()));
  const std::string tmp_project = temp_name_for(out.project);
  {
    std::ofstream f(tmp_project, std::ios::binary | std::ios::trunc);
    f << project_text;
    if (!f.flush()) throw geo::Error("cannot write the project file", {.file = tmp_project});
  }
  fs::rename(tmp_gpkg, out.gpkg);
  guard.keep = true;
  fs::rename(tmp_project, out.project);
  if (feedback) feedback->set_progress(100.0, "done");
  return out;
}

fs::path demo_project(geo::Feedback* feedback) {
  fs::path cache;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    cache = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    cache = fs::path(home) / ".cache";
  else
    cache = fs::temp_directory_path();
  const fs::path dir = cache / "community-planner";
  const std::string name = fmt::format("demo-v{}-seed{}", kGeneratorVersion, kDefaultSeed);
  const fs::path project = dir / (name + ".toml");
  if (fs::exists(project) && fs::exists(dir / (name + ".gpkg"))) return project;
  return generate_city(Scale::Demo, kDefaultSeed, dir, name, feedback).project;
}

}  // namespace datasets
