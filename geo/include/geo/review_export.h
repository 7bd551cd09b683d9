#pragma once
// What a plot review leaves behind: a GeoPackage with the verdicts on the map, CSV tables for a
// spreadsheet, and a self-contained HTML report. All of it appears whole or not at all.
#include <filesystem>
#include <vector>

#include "geo/feedback.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace geo {

struct ReviewOutputs {
  std::filesystem::path gpkg;           // review.gpkg: layers plots, communities
  std::filesystem::path plots_csv;      // plots.csv
  std::filesystem::path communities_csv;  // communities.csv
  std::filesystem::path html;           // report.html
};

ReviewOutputs review_output_paths(const std::filesystem::path& dir);

// Throws geo::Error when an output exists and overwrite is false, before anything is written.
void check_review_outputs_free(const std::filesystem::path& dir, bool overwrite);

// Writes into a temporary folder inside dir, then renames each file into place; on any failure
// or cancellation the temporary folder is removed and existing outputs are left untouched.
ReviewOutputs write_review_outputs(const std::filesystem::path& dir, const Project& project, const RulePack& pack,
                                   const Review& review, bool overwrite, Feedback* feedback = nullptr);

std::string review_html(const Project& project, const RulePack& pack, const Review& review);

}  // namespace geo
