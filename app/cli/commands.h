#pragma once
// One registration function per subcommand: each parses its own options and calls geo/.
#include <CLI/CLI.hpp>

#include <functional>

namespace cplan {

using Run = std::function<int()>;

// Each returns the action to run when its subcommand was chosen.
Run register_info(CLI::App& app);
Run register_generate(CLI::App& app);
Run register_check(CLI::App& app);
Run register_coverage(CLI::App& app);
Run register_site(CLI::App& app);
Run register_export(CLI::App& app);
Run register_report(CLI::App& app);
Run register_import(CLI::App& app);
Run register_parking(CLI::App& app);
Run register_finance(CLI::App& app);
Run register_publish(CLI::App& app);
Run register_edit(CLI::App& app);
Run register_roles(CLI::App& app);

// `cplan` with no subcommand: the main job on the demo city.
int run_default();

}  // namespace cplan
