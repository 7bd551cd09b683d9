#include "fixtures.h"

#include <cpl_string.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "geo/gdal_io.h"
#include "geo/text.h"

namespace fixtures {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() / ("cplan-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(e.path(), dir).string();
    if (!e.is_regular_file()) {
      files[name + "/"] = "";
      continue;
    }
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    // Size and a hash stand for the bytes, so that a difference prints as a line, not a file.
    const std::string content = bytes.str();
    files[name] = std::to_string(content.size()) + " bytes, hash " + std::to_string(std::hash<std::string>{}(content));
  }
  return files;
}

fs::path write_layer(const std::string& driver_name, const fs::path& file, const LayerFixture& layer) {
  geo::ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw std::runtime_error("no GDAL driver " + driver_name);
  GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + file.string());
  OGRSpatialReference srs;
  OGRSpatialReference* srs_ptr = nullptr;
  if (layer.epsg) {
    srs.importFromEPSG(layer.epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    srs_ptr = &srs;
  }
  CPLStringList options;
  for (const auto& o : layer.creation_options) options.AddString(o.c_str());
  OGRLayer* l = ds->CreateLayer(layer.name.c_str(), srs_ptr, layer.type, options.List());
  if (!l) throw std::runtime_error("cannot create layer " + layer.name);
  for (const auto& [name, type] : layer.fields) {
    OGRFieldDefn defn(name.c_str(), type);
    if (l->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error("cannot create field " + name);
  }
  for (const auto& spec : layer.features) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    OGRGeometry* g = nullptr;
    if (!spec.wkt.empty() && OGRGeometryFactory::createFromWkt(spec.wkt.c_str(), nullptr, &g) != OGRERR_NONE)
      throw std::runtime_error("bad WKT " + spec.wkt);
    if (g) f->SetGeometryDirectly(g);
    for (const auto& fv : spec.fields) f->SetField(fv.name.c_str(), fv.value.c_str());
    if (l->CreateFeature(f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write a feature");
  }
  return file;
}

namespace {

// Protocol Buffers wire format, just what OSM PBF needs.
class Pb {
 public:
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      bytes_ += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    bytes_ += static_cast<char>(v);
  }
  void key(int field, int wire_type) { varint(static_cast<std::uint64_t>(field << 3 | wire_type)); }
  void uint(int field, std::uint64_t v) {
    key(field, 0);
    varint(v);
  }
  void sint(int field, std::int64_t v) { uint(field, zigzag(v)); }
  void bytes(int field, const std::string& b) {
    key(field, 2);
    varint(b.size());
    bytes_ += b;
  }
  static std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
  const std::string& str() const { return bytes_; }

 private:
  std::string bytes_;
};

void write_block(std::ofstream& out, const std::string& type, const std::string& payload) {
  Pb blob;
  blob.bytes(1, payload);  // raw, uncompressed
  blob.uint(2, payload.size());
  Pb header;
  header.bytes(1, type);
  header.uint(3, blob.str().size());
  const auto n = static_cast<std::uint32_t>(header.str().size());
  const char be[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
  out.write(be, 4);
  out << header.str() << blob.str();
}

}  // namespace

void write_osm_pbf(const fs::path& file, const std::vector<OsmNode>& nodes, const std::vector<OsmWay>& ways) {
  std::ofstream out(file, std::ios::binary);
  Pb header_block;
  header_block.bytes(4, "OsmSchema-V0.6");
  write_block(out, "OSMHeader", header_block.str());

  std::vector<std::string> strings{""};
  auto string_id = [&strings](const std::string& s) {
    for (std::size_t i = 0; i < strings.size(); ++i)
      if (strings[i] == s) return static_cast<std::uint64_t>(i);
    strings.push_back(s);
    return static_cast<std::uint64_t>(strings.size() - 1);
  };
  auto packed_tags = [&](Pb& msg, const std::vector<std::pair<std::string, std::string>>& tags) {
    if (tags.empty()) return;
    Pb keys, vals;
    for (const auto& [k, v] : tags) {
      keys.varint(string_id(k));
      vals.varint(string_id(v));
    }
    msg.bytes(2, keys.str());
    msg.bytes(3, vals.str());
  };
  Pb node_group, way_group;
  for (const auto& n : nodes) {
    Pb node;
    node.sint(1, n.id);
    packed_tags(node, n.tags);
    node.sint(8, std::llround(n.lat * 1e7));  // granularity 100 nanodegrees
    node.sint(9, std::llround(n.lon * 1e7));
    node_group.bytes(1, node.str());
  }
  for (const auto& w : ways) {
    Pb way;
    way.uint(1, static_cast<std::uint64_t>(w.id));
    packed_tags(way, w.tags);
    Pb refs;
    std::int64_t previous = 0;
    for (auto r : w.refs) {
      refs.varint(Pb::zigzag(r - previous));
      previous = r;
    }
    way.bytes(8, refs.str());
    way_group.bytes(3, way.str());
  }
  Pb table;
  for (const auto& s : strings) table.bytes(1, s);
  Pb block;
  block.bytes(1, table.str());
  block.bytes(2, node_group.str());
  if (!ways.empty()) block.bytes(2, way_group.str());
  write_block(out, "OSMData", block.str());
}

namespace {

void write_tags(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& tags) {
  for (const auto& [k, v] : tags) out << "  <tag k=\"" << geo::xml_escape(k) << "\" v=\"" << geo::xml_escape(v) << "\"/>\n";
}

}  // namespace

void write_osm_xml(const fs::path& file, const std::vector<OsmNode>& nodes, const std::vector<OsmWay>& ways) {
  std::ofstream out(file, std::ios::binary);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"cplan tests\">\n";
  out.precision(10);
  for (const auto& n : nodes) {
    out << " <node id=\"" << n.id << "\" version=\"1\" lat=\"" << n.lat << "\" lon=\"" << n.lon << "\"";
    if (n.tags.empty()) {
      out << "/>\n";
    } else {
      out << ">\n";
      write_tags(out, n.tags);
      out << " </node>\n";
    }
  }
  for (const auto& w : ways) {
    out << " <way id=\"" << w.id << "\" version=\"1\">\n";
    for (auto r : w.refs) out << "  <nd ref=\"" << r << "\"/>\n";
    write_tags(out, w.tags);
    out << " </way>\n";
  }
  out << "</osm>\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace fixtures
