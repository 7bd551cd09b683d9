// cplan edit: change a feature's fields in the project's source, with the shared database's
// optimistic locking: a change someone else saved meanwhile is reported, never overwritten.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "geo/database.h"
#include "geo/numbers.h"
#include "terminal.h"

namespace cplan {

namespace {

struct EditCliOptions {
  std::string project;
  std::string layer = "plots";
  std::int64_t feature = 0;
  std::vector<std::string> assignments;
  std::optional<std::int64_t> expect_version;
};

// The value as the field holds it: a number for the model's number fields, else text; "" empties it.
geo::Value parse_value(const std::string& text, bool numeric, const std::string& field) {
  if (text.empty()) return std::monostate{};
  if (!numeric) return text;
  const auto n = geo::read_number(text);
  if (!n.value) throw geo::Error("'" + text + "' is not a number", {.field = field});
  return *n.value;
}

void print_conflicts(const geo::EditConflicts& e) {
  for (const auto& c : e.conflicts()) {
    if (c.deleted) {
      std::cout << fmt::format("conflict: feature {} was deleted by someone else since it was read\n", c.fid);
      continue;
    }
    std::cout << fmt::format("conflict: feature {} is at version {} now, saved by {} at {}\n", c.fid, c.their_version, c.edited_by,
                             c.edited_at);
    std::cout << fmt::format("  {:<24} {:>14} {:>14} {:>14}\n", "field", "read", "yours", "theirs");
    for (const auto& f : c.fields)
      std::cout << fmt::format("  {:<24} {:>14} {:>14} {:>14}\n", f.field, geo::value_to_string(f.original), geo::value_to_string(f.mine),
                               geo::value_to_string(f.theirs));
    if (c.my_shape_changed) std::cout << "  (your edit changes the shape too)\n";
  }
  std::cout << "nothing was saved; to save yours over theirs, run again with --expect-version set to their version\n";
}

int run_edit(const EditCliOptions& o) {
  const auto role = geo::parse_role(o.layer);
  if (!role) throw geo::Error("unknown layer '" + o.layer + "'");
  const geo::ProjectSpec spec = geo::read_project(std::filesystem::u8path(o.project));
  const geo::Project project = geo::load_project(spec, nullptr, {.roles = {*role}});
  const geo::LayerData* loaded = project.layer(*role);
  if (!loaded) throw geo::Error("the project has no " + o.layer + " layer", {.file = o.project});
  std::size_t row = loaded->size();
  for (std::size_t i = 0; i < loaded->size(); ++i)
    if (loaded->fids[i] == o.feature) row = i;
  if (row == loaded->size()) throw geo::Error("no such feature", {.file = loaded->describe_source(), .feature = o.feature});

  geo::LayerData edited = *loaded;
  for (const std::string& a : o.assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos) throw geo::Error("--set wants FIELD=VALUE, got '" + a + "'");
    const std::string field = a.substr(0, eq);
    bool numeric = false, model = false;
    for (const auto& mf : geo::model_fields(*role))
      if (mf.name == field) {
        numeric = mf.numeric;
        model = true;
      }
    if (!model || !edited.field_sources.count(field)) {
      std::string known;
      for (const auto& [name, source] : edited.field_sources) known += (known.empty() ? "" : ", ") + name;
      throw geo::Error("'" + field + "' is not a field of the layer that can be edited; fields: " + known,
                       {.file = loaded->describe_source()});
    }
    edited.columns.at(field).at(row) = parse_value(a.substr(eq + 1), numeric, field);
  }
  geo::ConflictResolution resolution;
  if (o.expect_version) resolution.keep_mine[o.feature] = *o.expect_version;
  try {
    const std::size_t written = geo::is_database_source(spec.find(*role)->source.string())
                                    ? geo::save_database_edits(project, *role, *loaded, edited, resolution)
                                    : geo::save_layer_edits(project, *role, *loaded, edited);
    std::cout << fmt::format("saved {} feature(s) of {}\n", written, loaded->describe_source());
  } catch (const geo::EditConflicts& e) {
    print_conflicts(e);
    std::cerr << "cplan: conflict: " << e.what() << "\n";
    return kConflict;
  }
  return kOk;
}

}  // namespace

Run register_edit(CLI::App& app) {
  auto o = std::make_shared<EditCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "edit",
      "Change a feature's fields in the project's source. In a shared database the save is refused (exit code 3) when someone "
      "else saved the feature since it was read, and both versions are printed.");
  sub->add_option("project", o->project, "project file")->required();
  sub->add_option("--layer", o->layer, "the layer: plots (default), facilities, parking, communities, ...");
  sub->add_option("--feature", o->feature, "the feature's id (fid)")->required();
  sub->add_option("--set", o->assignments, "FIELD=VALUE, the model's field names (households=320); repeat for more")->required();
  sub->add_option("--expect-version", o->expect_version,
                  "save only over this row version (the one you last saw, or theirs after a conflict to keep yours); default: the "
                  "version read now");
  return [o] { return run_edit(*o); };
}

}  // namespace cplan
