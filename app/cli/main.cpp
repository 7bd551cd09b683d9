#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <csignal>
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "geo/error.h"
#include "terminal.h"

int main(int argc, char** argv) {
  // A file reaching the size limit fails its write (EFBIG) rather than killing cplan midway: the
  // staged output is then removed and the previous one kept.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"cplan — Community Planner on the command line: plan community facilities on the map of a city.\n"
               "Without a subcommand it describes the demo city."};
  app.set_version_flag("--version", fmt::format("cplan {} (GDAL {}, PROJ {}.{}.{}, GEOS {})", CPLAN_VERSION,
                                                GDALVersionInfo("RELEASE_NAME"), PROJ_VERSION_MAJOR, PROJ_VERSION_MINOR,
                                                PROJ_VERSION_PATCH, GEOS_CAPI_VERSION));
  app.require_subcommand(0, 1);
  std::vector<std::pair<CLI::App*, cplan::Run>> commands;
  auto add = [&](cplan::Run (*reg)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    cplan::Run run = reg(app);
    commands.emplace_back(app.get_subcommands({}).at(before), std::move(run));
  };
  add(cplan::register_info);
  add(cplan::register_generate);
  add(cplan::register_check);
  add(cplan::register_coverage);
  add(cplan::register_site);
  add(cplan::register_parking);
  add(cplan::register_finance);
  add(cplan::register_export);
  add(cplan::register_report);
  add(cplan::register_import);
  add(cplan::register_publish);
  add(cplan::register_edit);
  add(cplan::register_roles);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? cplan::kOk : cplan::kError;
  }
  try {
    for (auto& [sub, run] : commands)
      if (sub->parsed()) return run();
    return cplan::run_default();
  } catch (const geo::Cancelled&) {
    std::cerr << "cplan: cancelled; nothing was written\n";
    return cplan::kCancelled;
  } catch (const std::exception& e) {
    std::cerr << "cplan: error: " << e.what() << "\n";
    return cplan::kError;
  } catch (...) {
    // A library's own exception type that no layer translated: a bug of ours, but a clean stop.
    std::cerr << "cplan: error: an unexpected failure inside a library (please report it with the command that caused it)\n";
    return cplan::kError;
  }
}
