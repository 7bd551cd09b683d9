#include "geo/basemap.h"

#include <gdal_priv.h>
#include <cpl_http.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <chrono>
#include <functional>

#include <fmt/format.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "geo/text.h"
#include "geo/web_map_offsets.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

constexpr double kWebMercatorHalf = 20037508.342789244;
// Where Chinese basemaps have data: the extent a tile service is given in the working CRS.
constexpr double kChinaWest = 73.0, kChinaEast = 136.0, kChinaSouth = 3.0, kChinaNorth = 54.0;
constexpr int kBlock = 256;  // GCJ-02 tiles are moved back block by block: the offset varies slowly

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

struct DatasetCloser {
  void operator()(GDALDatasetH d) const noexcept {
    if (d) GDALClose(d);
  }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct WarpOptionsFree {
  void operator()(GDALWarpAppOptions* o) const noexcept { GDALWarpAppOptionsFree(o); }
};
struct TranslateOptionsFree {
  void operator()(GDALTranslateOptions* o) const noexcept { GDALTranslateOptionsFree(o); }
};

int CPL_STDCALL progress_relay(double, const char*, void* data) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(data);
  return cancel && cancel->load(std::memory_order_relaxed) ? FALSE : TRUE;
}

}  // namespace

bool is_wmts(const MapLayerSpec& spec) {
  const std::string& u = spec.url;
  return u.rfind("WMTS:", 0) == 0 || u.find("REQUEST=GetCapabilities") != std::string::npos ||
         u.find("request=GetCapabilities") != std::string::npos || u.find("Capabilities.xml") != std::string::npos;
}

std::string gdal_basemap_source(const MapLayerSpec& spec, const TileCache& cache) {
  if (spec.kind != MapLayerKind::Tiles) return spec.source.string();
  if (spec.url.empty()) throw Error("the tile layer '" + spec.name + "' has no url");
  std::string url = spec.url;
  if (url.find("{key}") != std::string::npos) {
    const char* key = spec.key_env.empty() ? nullptr : std::getenv(spec.key_env.c_str());
    if (!key || !*key)
      throw Error("the tile service '" + spec.name + "' needs a key: set " + (spec.key_env.empty() ? std::string("its key") : spec.key_env) +
                  " (Settings → Basemap keys in the map application); keys are never stored in the project");
    replace_all(url, "{key}", key);
  }
  if (is_wmts(spec)) {
    // A WMTS by its capabilities document: GDAL's WMTS driver reads the tile matrix sets, and
    // the same cache (and offline mode) as the XYZ services.
    if (url.rfind("WMTS:", 0) == 0) url = url.substr(5);
    const std::string service = fmt::format("{:016x}", std::hash<std::string>{}(spec.url + "#wmts" + spec.layer));
    // The capabilities document is kept beside the tiles, so that the service opens offline too:
    // fetched again whenever the network is used, read from the cache when it is not.
    const fs::path kept = cache.directory / service / "capabilities.xml";
    if (!cache.directory.empty() && url.rfind("http", 0) == 0) {
      // Fetched when missing or a day old, not on every redraw: a reader is made for each view.
      std::error_code age_error;
      const auto age = fs::exists(kept) ? fs::file_time_type::clock::now() - fs::last_write_time(kept, age_error) : fs::file_time_type::duration::max();
      if (!cache.offline && (age_error || age > std::chrono::hours(24))) {
        std::unique_ptr<CPLHTTPResult, decltype(&CPLHTTPDestroyResult)> fetched(CPLHTTPFetch(url.c_str(), nullptr), &CPLHTTPDestroyResult);
        if (fetched && fetched->nStatus == 0 && fetched->pabyData && fetched->nDataLen > 0) {
          std::error_code ignored;
          fs::create_directories(kept.parent_path(), ignored);
          const fs::path temp = kept.string() + ".part";
          std::ofstream out(temp, std::ios::binary | std::ios::trunc);
          out.write(reinterpret_cast<const char*>(fetched->pabyData), fetched->nDataLen);
          const bool written = static_cast<bool>(out.flush());
          out.close();
          if (written) fs::rename(temp, kept, ignored);
          else fs::remove(temp, ignored);  // a half-written document never replaces a whole one
        }
      }
      if (fs::exists(kept)) url = kept.string();
      else if (cache.offline) throw Error("offline, and the capabilities of the WMTS '" + spec.name + "' were never fetched");
    }
    return fmt::format(
        "<GDAL_WMTS><GetCapabilitiesUrl>{}</GetCapabilitiesUrl>{}<MaxConnections>8</MaxConnections><Timeout>15</Timeout>"
        "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes><OfflineMode>{}</OfflineMode>"
        "<Cache><Path>{}</Path><MaxSize>{}</MaxSize><Expires>2592000</Expires></Cache></GDAL_WMTS>",
        xml_escape(url), spec.layer.empty() ? std::string() : "<Layer>" + xml_escape(spec.layer) + "</Layer>",
        cache.offline ? "true" : "false", xml_escape((cache.directory / service).string()), cache.max_bytes);
  }
  replace_all(url, "{x}", "${x}");
  replace_all(url, "{y}", "${y}");
  replace_all(url, "{z}", "${z}");
  // One cache folder per service (its template without the key), so that services never mix.
  const std::string service = fmt::format("{:016x}", std::hash<std::string>{}(spec.url + (spec.scheme == TileScheme::Cgcs2000 ? "#c" : "#w")));
  const bool geographic = spec.scheme == TileScheme::Cgcs2000;
  // Tianditu's CGCS2000 tiles: level 1 is two tiles of 180° each. One square level-0 tile of
  // 360° (its lower half below the pole, never asked for) makes GDAL's levels Tianditu's.
  const std::string upper_left =
      geographic ? std::string("<UpperLeftX>-180</UpperLeftX><UpperLeftY>90</UpperLeftY><LowerRightX>180</LowerRightX><LowerRightY>-270</LowerRightY>")
                 : fmt::format("<UpperLeftX>{0}</UpperLeftX><UpperLeftY>{1}</UpperLeftY><LowerRightX>{1}</LowerRightX><LowerRightY>{0}</LowerRightY>",
                               -kWebMercatorHalf, kWebMercatorHalf);
  return fmt::format(
      "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>{}</ServerUrl></Service>"
      "<DataWindow>{}<TileLevel>{}</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow>"
      "<Projection>{}</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount>"
      "<MaxConnections>8</MaxConnections><Timeout>15</Timeout><ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
      "<OfflineMode>{}</OfflineMode>"
      "<Cache><Path>{}</Path><MaxSize>{}</MaxSize><Expires>2592000</Expires></Cache></GDAL_WMS>",
      xml_escape(url), upper_left, std::clamp(spec.max_zoom, 1, 22), geographic ? "EPSG:4490" : "EPSG:3857",
      cache.offline ? "true" : "false", xml_escape((cache.directory / service).string()), cache.max_bytes);
}

std::vector<MapLayerSpec> basemap_presets() {
  auto tianditu = [](const std::string& layer, const std::string& set, const std::string& name) {
    MapLayerSpec s;
    s.id = "tiles:tianditu-" + layer + "-" + set;
    s.name = name;
    s.kind = MapLayerKind::Tiles;
    // Tianditu's WMTS in its RESTful-by-parameters form: one tile per request, the key as tk.
    s.url = "https://t0.tianditu.gov.cn/" + layer + "_" + set + "/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer +
            "&STYLE=default&TILEMATRIXSET=" + set + "&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}";
    s.scheme = set == "c" ? TileScheme::Cgcs2000 : TileScheme::WebMercator;
    s.key_env = "TIANDITU_KEY";
    s.attribution = "天地图 Tianditu · 国家地理信息公共服务平台";
    return s;
  };
  std::vector<MapLayerSpec> presets = {tianditu("vec", "w", "天地图 矢量 Tianditu vector (Web Mercator)"),
                                       tianditu("img", "w", "天地图 影像 Tianditu imagery (Web Mercator)"),
                                       tianditu("vec", "c", "天地图 矢量 Tianditu vector (CGCS2000)"),
                                       tianditu("img", "c", "天地图 影像 Tianditu imagery (CGCS2000)")};
  MapLayerSpec amap;
  amap.id = "tiles:amap-streets";
  amap.name = "高德 街道 AMap streets (GCJ-02)";
  amap.kind = MapLayerKind::Tiles;
  amap.url = "https://webrd01.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";
  amap.offset = WebMapOffset::Gcj02;
  amap.attribution = "高德地图 AMap";
  presets.push_back(amap);
  return presets;
}

bool opens_as_raster(const fs::path& file) {
  ensure_gdal_registered();
  GdalErrorCollector quiet;
  DatasetPtr vector(GDALOpenEx(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (vector && GDALDatasetGetLayerCount(vector.get()) > 0) return false;
  DatasetPtr raster(GDALOpenEx(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  return raster && GDALGetRasterCount(raster.get()) > 0;
}

struct BasemapReader::Impl {
  MapLayerSpec spec;
  DatasetPtr source;    // as opened
  DatasetPtr rgba;      // a palette expanded to RGBA (a VRT over source), when needed
  GDALDatasetH input = nullptr;
  bool gray = false;    // one band of grey: copied into red, green and blue
  OGRSpatialReference working;
  std::unique_ptr<ProjContext> proj;
  std::unique_ptr<Transformer> to_lonlat;  // working CRS -> CGCS2000 lon/lat: use lonlat()
  int working_epsg = 0;
  const Transformer& lonlat();
  std::string describe() const { return spec.kind == MapLayerKind::Tiles ? spec.name : spec.source.string(); }
};

BasemapReader::BasemapReader(const MapLayerSpec& spec, const TileCache& cache, int working_epsg) : impl_(std::make_unique<Impl>()) {
  ensure_gdal_registered();
  impl_->spec = spec;
  const std::string source = gdal_basemap_source(spec, cache);
  GdalErrorCollector errors;
  impl_->source.reset(GDALOpenEx(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!impl_->source) throw Error("GDAL cannot open it as a raster: " + errors.summary("no raster driver reads it"), {.file = impl_->describe()});
  GDALDatasetH d = impl_->source.get();
  const int bands = GDALGetRasterCount(d);
  if (bands < 1) throw Error("the raster has no bands", {.file = impl_->describe()});
  impl_->input = d;
  GDALRasterBandH first = GDALGetRasterBand(d, 1);
  if (bands == 1 && GDALGetRasterColorTable(first)) {
    // A palette: expanded to RGBA once, as a virtual dataset, so that the warp blends colours.
    const char* args[] = {"-of", "VRT", "-expand", "rgba", nullptr};
    std::unique_ptr<GDALTranslateOptions, TranslateOptionsFree> options(GDALTranslateOptionsNew(const_cast<char**>(args), nullptr));
    impl_->rgba.reset(GDALTranslate("", d, options.get(), nullptr));
    if (!impl_->rgba) throw Error("cannot expand the palette: " + errors.summary("GDAL gave no reason"), {.file = impl_->describe()});
    impl_->input = impl_->rgba.get();
  } else if (bands < 3) {
    impl_->gray = true;
  }
  if (!GDALGetSpatialRef(d) && spec.crs.empty())
    throw Error("the raster has no CRS: give one (crs = \"EPSG:...\") or add a .prj/.aux.xml", {.file = impl_->describe()});
  if (impl_->working.importFromEPSG(working_epsg) != OGRERR_NONE)
    throw Error("the working CRS EPSG:" + std::to_string(working_epsg) + " is unknown to GDAL", {.file = impl_->describe()});
  impl_->working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  impl_->working_epsg = working_epsg;
  double gt[6];
  if (spec.kind != MapLayerKind::Tiles && GDALGetGeoTransform(d, gt) != CE_None)
    throw Error("the raster is not georeferenced (no geotransform)", {.file = impl_->describe()});
}

const Transformer& BasemapReader::Impl::lonlat() {
  if (!to_lonlat) {  // made on first use: a view without the GCJ-02 offset never needs it
    proj = std::make_unique<ProjContext>();
    to_lonlat = std::make_unique<Transformer>(*proj, epsg_definition(working_epsg), epsg_definition(kCgcs2000Geographic));
  }
  return *to_lonlat;
}

Extent BasemapReader::extent() {
  // The raster's own corners and edges, or China's for a tile service, in the working CRS.
  Extent lonlat;
  const MapLayerSpec& spec = impl_->spec;
  GDALDatasetH d = impl_->source.get();
  if (spec.kind == MapLayerKind::Tiles) {
    lonlat.include(Point{kChinaWest, kChinaSouth});
    lonlat.include(Point{kChinaEast, kChinaNorth});
  } else {
    double gt[6];
    GDALGetGeoTransform(d, gt);
    OGRSpatialReference srs;
    if (GDALGetSpatialRef(d)) srs = *OGRSpatialReference::FromHandle(GDALGetSpatialRef(d));
    else srs.SetFromUserInput(spec.crs.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    const std::string srs_wkt = wkt ? wkt : "";
    CPLFree(wkt);
    impl_->lonlat();  // the context below is the reader's
    const Transformer to_ll(*impl_->proj, srs_wkt, epsg_definition(kCgcs2000Geographic));
    const double w = GDALGetRasterXSize(d), h = GDALGetRasterYSize(d);
    for (int i = 0; i <= 8; ++i)
      for (int k = 0; k <= 8; ++k) {
        if (i != 0 && i != 8 && k != 0 && k != 8) continue;  // the edges
        const double px = w * i / 8, py = h * k / 8;
        lonlat.include(to_ll.forward(Point{gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]}));
      }
  }
  Extent out;
  for (int i = 0; i <= 16; ++i)
    for (int k = 0; k <= 16; ++k) {
      if (i != 0 && i != 16 && k != 0 && k != 16) continue;
      try {
        out.include(impl_->lonlat().inverse(Point{lonlat.min_x + lonlat.width() * i / 16, lonlat.min_y + lonlat.height() * k / 16}));
      } catch (const Error&) {
        // a corner the working CRS cannot hold (far from its zone): the others bound the extent
      }
    }
  return out;
}

BasemapReader::~BasemapReader() = default;

RgbaImage BasemapReader::read(const Extent& view, int width, int height, const std::atomic<bool>* cancel) {
  RgbaImage out;
  if (width <= 0 || height <= 0 || view.is_empty()) return out;
  out.width = width;
  out.height = height;
  out.rgba.assign(static_cast<std::size_t>(width) * height * 4, 0);
  GDALDriverH mem = GDALGetDriverByName("MEM");
  const double sx = view.width() / width, sy = view.height() / height;
  const bool shifted = impl_->spec.offset != WebMapOffset::None;
  const int block = shifted ? kBlock : std::max(width, height);
  const int dst_bands = impl_->gray ? 2 : 4;
  char* working_wkt = nullptr;
  impl_->working.exportToWkt(&working_wkt);
  const std::string wkt = working_wkt ? working_wkt : "";
  CPLFree(working_wkt);
  std::vector<std::string> arg_text = {"-r", "bilinear", "-dstalpha", "-wo", "NUM_THREADS=1"};
  if (!impl_->spec.crs.empty() && !GDALGetSpatialRef(impl_->source.get())) {
    arg_text.push_back("-s_srs");
    arg_text.push_back(impl_->spec.crs);
  }
  std::vector<char*> args;
  for (auto& a : arg_text) args.push_back(a.data());
  args.push_back(nullptr);
  std::unique_ptr<GDALWarpAppOptions, WarpOptionsFree> options(GDALWarpAppOptionsNew(args.data(), nullptr));
  GDALWarpAppOptionsSetProgress(options.get(), progress_relay, const_cast<std::atomic<bool>*>(cancel));
  GdalErrorCollector errors;
  for (int y0 = 0; y0 < height; y0 += block)
    for (int x0 = 0; x0 < width; x0 += block) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      const int bw = std::min(block, width - x0), bh = std::min(block, height - y0);
      double origin_x = view.min_x + x0 * sx, origin_y = view.max_y - y0 * sy;
      if (shifted) {
        // What lies at true point T is drawn in these tiles at T's GCJ-02 position: the block
        // reads the tiles there.
        const Point centre{origin_x + bw * sx / 2, origin_y - bh * sy / 2};
        const Point ll = impl_->lonlat().forward(centre);
        const Point moved = impl_->lonlat().inverse(impl_->spec.offset == WebMapOffset::Gcj02 ? wgs84_to_gcj02(ll) : gcj02_to_bd09(wgs84_to_gcj02(ll)));
        origin_x += moved.x - centre.x;
        origin_y += moved.y - centre.y;
      }
      DatasetPtr dst(GDALCreate(mem, "", bw, bh, dst_bands, GDT_Byte, nullptr));
      double gt[6] = {origin_x, sx, 0, origin_y, 0, -sy};
      GDALSetGeoTransform(dst.get(), gt);
      GDALSetProjection(dst.get(), wkt.c_str());
      GDALSetRasterColorInterpretation(GDALGetRasterBand(dst.get(), dst_bands), GCI_AlphaBand);
      GDALDatasetH input = impl_->input;
      int usage_error = FALSE;
      GDALDatasetH result = GDALWarp(nullptr, dst.get(), 1, &input, options.get(), &usage_error);
      if (!result) {
        if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
        throw Error("cannot draw the basemap: " + errors.summary("GDAL gave no reason"), {.file = impl_->describe()});
      }
      std::vector<std::uint8_t> band(static_cast<std::size_t>(bw) * bh);
      for (int b = 0; b < 4; ++b) {
        const int from = impl_->gray ? (b == 3 ? 2 : 1) : b + 1;
        if (GDALRasterIO(GDALGetRasterBand(dst.get(), from), GF_Read, 0, 0, bw, bh, band.data(), bw, bh, GDT_Byte, 0, 0) != CE_None)
          throw Error("cannot read the warped basemap: " + errors.summary("GDAL gave no reason"), {.file = impl_->describe()});
        for (int y = 0; y < bh; ++y)
          for (int x = 0; x < bw; ++x)
            out.rgba[(static_cast<std::size_t>(y0 + y) * width + (x0 + x)) * 4 + b] = band[static_cast<std::size_t>(y) * bw + x];
      }
    }
  return out;
}

}  // namespace geo
