#include "tiles.h"

#include <arpa/inet.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "geo/gdal_io.h"

namespace fixtures {

namespace fs = std::filesystem;

namespace {
constexpr double kEarth = 6378137.0;
constexpr double kHalf = 20037508.342789244;

}  // namespace

geo::Point mercator(geo::Point lonlat) {
  const double lambda = lonlat.x * M_PI / 180, phi = lonlat.y * M_PI / 180;
  return {kEarth * lambda, kEarth * std::log(std::tan(M_PI / 4 + phi / 2))};
}

fs::path marker_tiff(const fs::path& file, int epsg, geo::Point marker, double pixel, int size) {
  geo::ensure_gdal_registered();
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDatasetUniquePtr ds(gtiff->Create(file.string().c_str(), size, size, 3, GDT_Byte, nullptr));
  const double x0 = marker.x - size / 2.0 * pixel, y0 = marker.y + size / 2.0 * pixel;
  double gt[6] = {x0, pixel, 0, y0, 0, -pixel};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  ds->SetSpatialRef(&srs);
  std::vector<std::uint8_t> band(static_cast<std::size_t>(size) * size, 255);
  const int cx = size / 2, cy = size / 2;
  for (int b = 1; b <= 3; ++b) {
    std::vector<std::uint8_t> data = band;
    for (int y = cy - 1; y <= cy + 1; ++y)
      for (int x = cx - 1; x <= cx + 1; ++x) data[static_cast<std::size_t>(y) * size + x] = b == 1 ? 230 : 20;
    if (ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, size, size, data.data(), size, size, GDT_Byte, 0, 0) != CE_None)
      throw std::runtime_error("cannot write " + file.string());
  }
  return file;
}

std::pair<double, double> red_centre(const geo::RgbaImage& image) {
  double sx = 0, sy = 0;
  int n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const std::uint8_t* p = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
      if (p[3] > 128 && p[0] > 150 && p[1] < 130 && p[2] < 130) sx += x + 0.5, sy += y + 0.5, ++n;
    }
  return n ? std::pair{sx / n, sy / n} : std::pair{-1.0, -1.0};
}

TileServer::TileServer(const fs::path& root) {
    const int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof a);
    getsockname(probe, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    close(probe);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string port = std::to_string(port_);
      freopen("/dev/null", "w", stderr);
      freopen("/dev/null", "w", stdout);
      execl("/usr/bin/python3", "python3", "-m", "http.server", port.c_str(), "--bind", "127.0.0.1", "--directory", root.c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 100 && !up(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TileServer::~TileServer() { stop(); }

void TileServer::stop() {
  if (pid_ > 0) kill(pid_, SIGTERM), waitpid(pid_, nullptr, 0), pid_ = -1;
}

bool TileServer::up() const {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(s);
    return ok;
}

void write_tiles(const fs::path& raster, const fs::path& root, int z, geo::Point at, bool geographic) {
  GDALDatasetUniquePtr src(GDALDataset::Open(raster.string().c_str(), GDAL_OF_RASTER));
  if (!src) throw std::runtime_error("cannot open " + raster.string());
  // Level z: Web Mercator's 2^z tiles over the world's square; the CGCS2000 scheme's 2^z tiles
  // of 360°/2^z from (-180, 90).
  const double span = geographic ? 360.0 / std::pow(2, z) : 2 * kHalf / std::pow(2, z);
  const double left = geographic ? -180 : -kHalf, top = geographic ? 90 : kHalf;
  const int tx = static_cast<int>(std::floor((at.x - left) / span)), ty = static_cast<int>(std::floor((top - at.y) / span));
  for (int x = tx - 1; x <= tx + 1; ++x)
    for (int y = ty - 1; y <= ty + 1; ++y) {
      fs::create_directories(root / std::to_string(z) / std::to_string(x));
      const std::string ulx = std::to_string(left + x * span), uly = std::to_string(top - y * span);
      const std::string lrx = std::to_string(left + (x + 1) * span), lry = std::to_string(top - (y + 1) * span);
      const char* args[] = {"-of", "PNG", "-projwin", ulx.c_str(), uly.c_str(), lrx.c_str(), lry.c_str(), "-outsize", "256", "256",
                            "-r", "nearest", nullptr};
      GDALTranslateOptions* options = GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
      const fs::path out = root / std::to_string(z) / std::to_string(x) / (std::to_string(y) + ".png");
      GDALDatasetH tile = GDALTranslate(out.string().c_str(), src.get(), options, nullptr);
      GDALTranslateOptionsFree(options);
      if (!tile) throw std::runtime_error("cannot write the tile " + out.string());
      GDALClose(tile);
      fs::remove(out.string() + ".aux.xml");
    }
}


}  // namespace fixtures
