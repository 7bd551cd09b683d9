#include "project_map.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "geo/error.h"
#include "toml_support.h"

namespace geo {

namespace fs = std::filesystem;
using toml_support::at;
using toml_support::string_value;

namespace {

// A TOML basic string: quotes, backslashes and control characters escaped, the rest as UTF-8.
std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) out += fmt::format("\\u{:04X}", u);
    else out += c;
  }
  return out + "\"";
}

double number_in(const toml::node& node, const fs::path& file, const std::string& key, double low, double high,
                 const char* what) {
  const auto v = node.value<double>();
  if (!v || !std::isfinite(*v) || *v < low || *v > high) throw Error("'" + key + "' must be " + what, at(file, node));
  return *v;
}

LayerStyleSpec parse_style(const toml::table& table, const fs::path& file, const std::string& id) {
  LayerStyleSpec style;
  for (const auto& [sk, sv] : table) {
    const std::string name(sk.str());
    if (name == "fill") style.fill = string_value(sv, file, name);
    else if (name == "stroke") style.stroke = string_value(sv, file, name);
    else if (name == "label") style.label = string_value(sv, file, name);
    else if (name == "categorize") style.categorize = string_value(sv, file, name);
    else if (name == "line_style") {
      style.line_style = string_value(sv, file, name);
      if (style.line_style != "solid" && style.line_style != "dash" && style.line_style != "dot" && style.line_style != "dash dot")
        throw Error("line_style must be \"solid\", \"dash\", \"dot\" or \"dash dot\"", at(file, sv));
    }
    else if (name == "stroke_width") style.stroke_width = number_in(sv, file, name, 0, 100, "a number of pixels (0 to 100)");
    else if (name == "point_size") style.point_size = number_in(sv, file, name, 0, 200, "a number of pixels (0 to 200)");
    else if (name == "opacity") style.opacity = number_in(sv, file, name, 0, 1, "a number from 0 (clear) to 1 (opaque)");
    else if (name == "min_scale") style.min_scale = number_in(sv, file, name, 0, 1e9, "a scale denominator (50000 for 1:50,000), 0 for none");
    else if (name == "max_scale") style.max_scale = number_in(sv, file, name, 0, 1e9, "a scale denominator (500 for 1:500), 0 for none");
    else if (name == "visible") style.visible = toml_support::bool_value(sv, file, name);
    else
      throw Error("unknown key '" + name + "' in [styles." + id +
                      "] (known: fill, stroke, stroke_width, point_size, line_style, label, categorize, opacity, min_scale, max_scale, visible)",
                  at(file, sv));
  }
  if (style.min_scale > 0 && style.max_scale > 0 && style.max_scale >= style.min_scale)
    throw Error("[styles." + id + "] max_scale (the closest zoom) must be below min_scale (the farthest)", at(file, table));
  return style;
}

}  // namespace

std::map<std::string, LayerStyleSpec> parse_styles_table(const toml::node& node, const fs::path& file) {
  const auto* table = node.as_table();
  if (!table) throw Error("[styles] must be a table", at(file, node));
  std::map<std::string, LayerStyleSpec> styles;
  for (const auto& [layer_key, layer_node] : *table) {
    const std::string id(layer_key.str());
    const auto* st = layer_node.as_table();
    if (!st) throw Error("[styles." + id + "] must be a table", at(file, layer_node));
    styles[id] = parse_style(*st, file, id);
  }
  return styles;
}

std::vector<MapLayerSpec> parse_map_layers(const toml::node& node, const fs::path& file, const fs::path& base) {
  const auto* array = node.as_array();
  if (!array) throw Error("map_layers must be written [[map_layers]], one table per layer", at(file, node));
  std::vector<MapLayerSpec> layers;
  std::set<std::string> ids;
  for (const auto& item : *array) {
    const auto* table = item.as_table();
    if (!table) throw Error("each [[map_layers]] entry must be a table", at(file, item));
    MapLayerSpec spec;
    for (const auto& [k, v] : *table) {
      const std::string name(k.str());
      if (name == "id") spec.id = string_value(v, file, name);
      else if (name == "name") spec.name = string_value(v, file, name);
      else if (name == "source") spec.source = toml_support::path_value(v, file, name, base);
      else if (name == "layer") spec.layer = string_value(v, file, name);
      else if (name == "crs") spec.crs = string_value(v, file, name);
      else if (name == "offset") {
        const auto offset = parse_web_map_offset(string_value(v, file, name));
        if (!offset) throw Error("unknown offset '" + string_value(v, file, name) + "' (known: none, gcj02, bd09)", at(file, v));
        spec.offset = *offset;
      } else if (name == "kind") {
        const std::string kind = string_value(v, file, name);
        if (kind == "vector") spec.kind = MapLayerKind::Vector;
        else if (kind == "raster") spec.kind = MapLayerKind::Raster;
        else if (kind == "tiles") spec.kind = MapLayerKind::Tiles;
        else throw Error("kind must be \"vector\", \"raster\" or \"tiles\"", at(file, v));
      } else if (name == "url") {
        spec.url = string_value(v, file, name);
      } else if (name == "scheme") {
        const std::string scheme = string_value(v, file, name);
        if (scheme == "web_mercator") spec.scheme = TileScheme::WebMercator;
        else if (scheme == "cgcs2000") spec.scheme = TileScheme::Cgcs2000;
        else throw Error("scheme must be \"web_mercator\" or \"cgcs2000\"", at(file, v));
      } else if (name == "key_env") {
        spec.key_env = string_value(v, file, name);
      } else if (name == "max_zoom") {
        spec.max_zoom = static_cast<int>(number_in(v, file, name, 1, 22, "a zoom level from 1 to 22"));
      } else if (name == "attribution") {
        spec.attribution = string_value(v, file, name);
      } else if (name == "place") {
        const std::string place = string_value(v, file, name);
        if (place != "above" && place != "below") throw Error("place must be \"above\" or \"below\" the project's layers", at(file, v));
        spec.below = place == "below";
      } else {
        throw Error("unknown key '" + name +
                        "' in [[map_layers]] (known: id, name, kind, source, layer, crs, offset, url, scheme, key_env, max_zoom, attribution, place)",
                    at(file, v));
      }
    }
    if (spec.kind == MapLayerKind::Tiles) {
      if (spec.url.empty()) throw Error("a [[map_layers]] entry of kind \"tiles\" needs a url", at(file, item));
      const bool capabilities = spec.url.find("Capabilities") != std::string::npos || spec.url.rfind("WMTS:", 0) == 0;
      if (!capabilities && (spec.url.find("{x}") == std::string::npos || spec.url.find("{y}") == std::string::npos ||
                            spec.url.find("{z}") == std::string::npos))
        throw Error("a tile url needs {x}, {y} and {z} (an XYZ template) or to be a WMTS capabilities document", at(file, item));
      if (spec.url.find("key=") != std::string::npos || spec.url.find("tk=") != std::string::npos)
        if (spec.url.find("{key}") == std::string::npos)
          throw Error("the url holds a key: write {key} in its place and set the key in the environment (key_env), never in the project file",
                      at(file, item));
    } else if (spec.source.empty()) {
      throw Error("a [[map_layers]] entry needs a source", at(file, item));
    }
    if (spec.id.empty())
      spec.id = spec.kind == MapLayerKind::Tiles ? "tiles:" + spec.url
                                                 : "map:" + spec.source.filename().string() + (spec.layer.empty() ? "" : ":" + spec.layer);
    if (parse_role(spec.id)) throw Error("map layer id '" + spec.id + "' is the name of a project role", at(file, item));
    if (!ids.insert(spec.id).second) throw Error("two [[map_layers]] share the id '" + spec.id + "'", at(file, item));
    if (spec.name.empty()) spec.name = spec.kind == MapLayerKind::Tiles ? spec.url : spec.source.filename().string();
    layers.push_back(std::move(spec));
  }
  return layers;
}

void save_project_map(const fs::path& toml_file, const std::map<std::string, LayerStyleSpec>& styles,
                      const std::vector<MapLayerSpec>& map_layers) {
  std::ifstream in(toml_file, std::ios::binary);
  if (!in) throw Error("cannot read the project file", {.file = toml_file.string()});
  // Keep every line outside the map's tables, then write those anew at the end.
  std::string kept, line;
  bool in_map = false;
  while (std::getline(in, line)) {
    std::string trimmed = line;
    trimmed.erase(0, trimmed.find_first_not_of(" \t"));
    if (!trimmed.empty() && trimmed[0] == '[')
      in_map = trimmed.rfind("[styles", 0) == 0 || trimmed.rfind("[[map_layers]]", 0) == 0;
    if (!in_map) kept += line + "\n";
  }
  while (kept.size() >= 2 && kept.substr(kept.size() - 2) == "\n\n") kept.pop_back();

  const fs::path base = toml_file.has_parent_path() ? toml_file.parent_path() : fs::path(".");
  std::string appended;
  auto put = [&appended](std::string_view key, const std::string& value) {
    appended += fmt::format("{} = {}\n", key, toml_string(value));
  };
  auto put_number = [&appended](std::string_view key, double value) { appended += fmt::format("{} = {}\n", key, value); };
  for (const MapLayerSpec& m : map_layers) {
    appended += "\n[[map_layers]]\n";
    put("id", m.id);
    put("name", m.name);
    if (m.kind == MapLayerKind::Raster) put("kind", "raster");
    if (m.kind == MapLayerKind::Tiles) {
      put("kind", "tiles");
      put("url", m.url);  // with {key} in place of the key: the key is never written
      if (m.scheme == TileScheme::Cgcs2000) put("scheme", "cgcs2000");
      if (!m.key_env.empty()) put("key_env", m.key_env);
      if (m.max_zoom != 18) put_number("max_zoom", m.max_zoom);
    } else {
      const fs::path relative = m.source.lexically_relative(base);
      const bool inside = !relative.empty() && *relative.begin() != "..";
      put("source", (inside ? relative : m.source).generic_string());
    }
    if (!m.attribution.empty()) put("attribution", m.attribution);
    if (m.below && m.kind == MapLayerKind::Vector) put("place", "below");
    if (!m.layer.empty()) put("layer", m.layer);
    if (!m.crs.empty()) put("crs", m.crs);
    if (m.offset == WebMapOffset::Gcj02) put("offset", "gcj02");
    if (m.offset == WebMapOffset::Bd09) put("offset", "bd09");
  }
  for (const auto& [id, s] : styles) {
    appended += "\n[styles." + toml_string(id) + "]\n";
    if (!s.fill.empty()) put("fill", s.fill);
    if (!s.stroke.empty()) put("stroke", s.stroke);
    if (s.stroke_width >= 0) put_number("stroke_width", s.stroke_width);
    if (s.point_size >= 0) put_number("point_size", s.point_size);
    if (!s.label.empty()) put("label", s.label);
    if (!s.categorize.empty()) put("categorize", s.categorize);
    if (!s.line_style.empty()) put("line_style", s.line_style);
    if (s.opacity >= 0) put_number("opacity", s.opacity);
    if (s.min_scale > 0) put_number("min_scale", s.min_scale);
    if (s.max_scale > 0) put_number("max_scale", s.max_scale);
    if (s.visible) appended += fmt::format("visible = {}\n", *s.visible);
  }
  kept += appended;
  parse_project(kept, toml_file);  // never write a file that would not read back
  const fs::path temp = toml_file.parent_path() / ("." + toml_file.filename().string() + ".saving");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << kept;
    if (!out.flush()) {
      out.close();
      std::error_code ignored;
      fs::remove(temp, ignored);
      throw Error("cannot write the project file", {.file = temp.string()});
    }
  }
  fs::rename(temp, toml_file);
}

}  // namespace geo
