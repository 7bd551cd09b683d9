// cplan generate: write a synthetic city (demo, district or city scale) for trying and benchmarking.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "terminal.h"

namespace cplan {

namespace {

struct GenerateOptions {
  std::string scale = "demo";
  std::uint64_t seed = datasets::kDefaultSeed;
  std::string out_dir = ".";
  std::string name;
  bool progress = false;
};

int run_generate(const GenerateOptions& o) {
  const auto scale = datasets::parse_scale(o.scale);
  const std::string name = o.name.empty() ? fmt::format("{}-seed{}", o.scale, o.seed) : o.name;
  TerminalFeedback feedback("generating", o.progress);
  const auto city = datasets::generate_city(*scale, o.seed, o.out_dir, name, &feedback);
  feedback.finish();
  const auto& c = city.counts;
  std::cout << fmt::format("wrote {} and {}\n", city.gpkg.string(), city.project.string());
  std::cout << fmt::format("  {} communities, {} buildings, {} plots, {} facilities, {} parking zones, {} road segments, {} candidate sites\n",
                           c.communities, c.buildings, c.plots, c.facilities, c.parking, c.road_segments, c.candidates);
  return kOk;
}

}  // namespace

Run register_generate(CLI::App& app) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* sub = app.add_subcommand("generate", "Write a synthetic city (GeoPackage + project file); the same seed gives the same city.");
  sub->add_option("--scale", options->scale, "demo (~25 communities), district (~50) or city (~1,000)")
      ->check(CLI::IsMember({"demo", "district", "city", "region"}));
  sub->add_option("--seed", options->seed, "random seed");
  sub->add_option("--out", options->out_dir, "output folder");
  sub->add_option("--name", options->name, "file name without extension (default SCALE-seedSEED)");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [options] { return run_generate(*options); };
}

}  // namespace cplan
