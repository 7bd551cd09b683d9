#include "database/published_project_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "geo/error.h"
#include "toml_support.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

// A path the original file names relative to its folder, named relative to the new file's.
void rebase(toml::node* node, const fs::path& from, const fs::path& to) {
  if (!node) return;
  if (auto* array = node->as_array()) {
    for (auto& item : *array) rebase(&item, from, to);
    return;
  }
  auto* value = node->as_string();
  if (!value) return;
  const fs::path p = fs::u8path(value->get());
  if (p.empty() || p.is_absolute() || is_database_source(value->get())) return;
  std::error_code ec;
  fs::path rebased = fs::relative(fs::absolute(from / p), fs::absolute(to), ec);
  if (ec || rebased.empty()) rebased = fs::absolute(from / p);
  value->get() = rebased.string();  // the project file is UTF-8, as are paths here
}

}  // namespace

void write_published_project_file(const ProjectSpec& spec, const fs::path& file, const std::string& connection,
                                  const std::string& schema, const std::vector<PublishedTable>& tables) {
  std::ifstream in(spec.file);
  std::stringstream text;
  text << in.rdbuf();
  toml::table doc = toml_support::parse(text.str(), spec.file);
  const fs::path from = spec.file.has_parent_path() ? spec.file.parent_path() : fs::path(".");
  const fs::path to = file.has_parent_path() ? file.parent_path() : fs::path(".");

  auto* layers = doc["layers"].as_table();
  if (!layers) throw Error("the project has no [layers]", {.file = spec.file.string()});
  for (const PublishedTable& t : tables) {
    if (!t.role) continue;
    auto* layer = (*layers)[to_string(*t.role)].as_table();
    if (!layer) continue;
    layer->insert_or_assign("source", connection);
    layer->insert_or_assign("layer", t.table);
    layer->erase("encoding");  // the database holds UTF-8
  }
  // A layer the household estimate reads: its table now, or its file named from the new folder.
  auto published_as = [&](const std::string& id) -> const PublishedTable* {
    for (const PublishedTable& t : tables)
      if (!t.role && t.other_layer == id) return &t;
    return nullptr;
  };
  auto point_at = [&](toml::table& table, const char* key, const char* layer_key, const std::string& id) {
    if (const PublishedTable* t = published_as(id)) {
      table.insert_or_assign(key, connection);
      table.insert_or_assign(layer_key, t->table);
    } else {
      rebase(table.get(key), from, to);
    }
  };
  if (auto* households = doc["households"].as_table()) {
    point_at(*households, "residential_areas", "residential_areas_layer", "households.residential_areas");
    if (auto* calibration = (*households)["calibration"].as_table()) {
      point_at(*calibration, "zones", "zones_layer", "households.calibration.zones");
      rebase(calibration->get("tables"), from, to);
    }
  }
  if (auto* map_layers = doc["map_layers"].as_array())
    for (auto& entry : *map_layers) {
      auto* t = entry.as_table();
      if (!t) continue;
      const auto id = (*t)["id"].value<std::string>();
      const auto published = std::find_if(tables.begin(), tables.end(), [&](const PublishedTable& p) { return id && p.other_layer == *id; });
      if (published == tables.end()) {
        rebase(t->get("source"), from, to);
        continue;
      }
      t->insert_or_assign("source", connection);
      t->insert_or_assign("layer", published->table);
    }

  std::ostringstream out;
  out << fmt::format("# Published by cplan publish from {}: the layers are tables in {}\n"
                     "# (schema {}). The password comes from ~/.pgpass, a service file or PGPASSWORD.\n\n",
                     spec.file.filename().string(), connection, schema)
      // 2.8, not 2.7999999999999998: the file is read by planners too.
      << toml::toml_formatter(doc, toml::toml_formatter::default_flags | toml::format_flags::relaxed_float_precision) << "\n";
  const fs::path staged = file.string() + ".cplan-" + std::to_string(::getpid());
  {
    std::ofstream f(staged, std::ios::binary);
    f << out.str();
    f.close();
    if (!f) {
      std::error_code ec;
      fs::remove(staged, ec);
      throw Error("cannot write the project file", {.file = file.string()});
    }
  }
  std::error_code ec;
  fs::rename(staged, file, ec);
  if (ec) {
    fs::remove(staged, ec);
    throw Error("cannot move the project file into place: " + ec.message(), {.file = file.string()});
  }
}

}  // namespace geo
