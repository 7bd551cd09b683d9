#pragma once
// The approval package of a plot: one PDF with a map of the plot in its community, the review
// with every rule and its citation, what services the plot's future households would reach, and
// where the data came from and in which CRS. Shared by `cplan report` and the map application.
#include <QString>

#include <string>
#include <optional>
#include <vector>

#include "geo/coverage.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/feedback.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace cp {

struct ApprovalReportInput {
  const geo::Project* project = nullptr;
  const geo::RulePack* pack = nullptr;       // the rules the plots were reviewed under
  const geo::Review* review = nullptr;
  const geo::RulePack* standards = nullptr;  // walking-distance standards (GB 50180)
  std::vector<geo::Coverage> plot_coverage;  // per kind, plots standing as buildings (compute_plot_coverage)
  std::vector<std::size_t> plots;            // indexes into review->plots, in report order
  // A city without plots under review gets one overview instead: its communities as they are,
  // and the share of each one's households within reach of each kind (community_coverage).
  std::vector<geo::Coverage> community_coverage;
  // The communities' parking and budgets under `pack`, where it and the project give them.
  std::optional<geo::ParkingSupply> parking;
  std::optional<geo::Finance> finance;
};

// Fills input.parking and input.finance as far as the pack ([parking], [finance.*]) and the
// project (parking and buildings layers) allow; leaves them empty otherwise.
void add_parking_and_finance(ApprovalReportInput& input, geo::Feedback* feedback = nullptr);

// Per kind the standards give a distance for and the project has a layer for, the coverage of
// the existing buildings (compute_coverage).
std::vector<geo::Coverage> community_coverage(const geo::Project& project, const geo::RulePack& standards,
                                              geo::Feedback* feedback = nullptr);

// What the plots' future households would reach: the coverage of every kind the standards give a
// distance for and the project has facilities of (none without), the plots standing in for buildings.
std::vector<geo::Coverage> plot_coverage(const geo::Project& project, const geo::RulePack& standards, geo::Feedback* feedback = nullptr);



// Writes the PDF whole (the plots' pages, or the overview when input.plots is empty) (a temporary file renamed into place) or not at all; returns false with
// the reason when it cannot be written; throws geo::Cancelled when the feedback is cancelled.
// Needs a QGuiApplication (the offscreen platform serves).
bool write_approval_report(const QString& pdf_file, const ApprovalReportInput& input, geo::Feedback* feedback = nullptr,
                           QString* error = nullptr);

}  // namespace cp
