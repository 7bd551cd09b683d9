#include "geo/web_map_offsets.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <string>

namespace geo {

namespace {

// The constants of the public description of GCJ-02: Krasovsky 1940 semi-major axis and
// first eccentricity squared.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
constexpr double kPi = std::numbers::pi;
constexpr double kBaiduXPi = kPi * 3000.0 / 180.0;

double latitude_shift(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double longitude_shift(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Inverts a forward conversion by fixed-point iteration: the offsets vary slowly, so each
// step removes almost all of the remaining error.
template <typename Forward>
Point invert(Point target, Forward forward) {
  Point guess = target;
  for (int i = 0; i < 30; ++i) {
    const Point image = forward(guess);
    const double dx = image.x - target.x;
    const double dy = image.y - target.y;
    guess.x -= dx;
    guess.y -= dy;
    if (std::fabs(dx) < 1e-10 && std::fabs(dy) < 1e-10) break;
  }
  return guess;
}

}  // namespace

std::optional<WebMapOffset> parse_web_map_offset(std::string_view text) {
  std::string t;
  for (char c : text)
    if (c != '-' && c != '_' && c != ' ') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t.empty() || t == "none" || t == "wgs84" || t == "cgcs2000") return WebMapOffset::None;
  if (t == "gcj02" || t == "amap" || t == "gaode" || t == "tencent") return WebMapOffset::Gcj02;
  if (t == "bd09" || t == "baidu") return WebMapOffset::Bd09;
  return std::nullopt;
}

bool outside_china(Point p) { return p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271; }

Point wgs84_to_gcj02(Point p) {
  if (outside_china(p)) return p;
  double d_lat = latitude_shift(p.x - 105.0, p.y - 35.0);
  double d_lon = longitude_shift(p.x - 105.0, p.y - 35.0);
  const double rad_lat = p.y / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1 - kKrasovskyEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  d_lat = (d_lat * 180.0) / ((kKrasovskyA * (1 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
  d_lon = (d_lon * 180.0) / (kKrasovskyA / sqrt_magic * std::cos(rad_lat) * kPi);
  return {p.x + d_lon, p.y + d_lat};
}

Point gcj02_to_wgs84(Point p) {
  if (outside_china(p)) return p;
  return invert(p, wgs84_to_gcj02);
}

Point gcj02_to_bd09(Point p) {
  const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * kBaiduXPi);
  const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * kBaiduXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point bd09_to_gcj02(Point p) { return invert(p, gcj02_to_bd09); }

Point to_wgs84(Point p, WebMapOffset from) {
  switch (from) {
    case WebMapOffset::None: return p;
    case WebMapOffset::Gcj02: return gcj02_to_wgs84(p);
    case WebMapOffset::Bd09: return gcj02_to_wgs84(bd09_to_gcj02(p));
  }
  return p;
}

}  // namespace geo
