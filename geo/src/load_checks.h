#pragma once
// Data problems the loader finds in a layer before any analysis sees it, each reported as a
// finding on the layer: features whose geometry cannot play the role (label points among building
// outlines) are left out; features sharing one id (pieces cut at tile or map-sheet edges) are
// named, and merged into one when the project asks for it.
#include <ogrsf_frmts.h>

#include "geo/project.h"

namespace geo::load_checks {

// A feature whose geometry could not be used as read (see geo::structural_problem), and why.
struct UnusableFeature {
  std::int64_t fid = 0;
  std::string reason;
};

// Features the reader emptied for a reason (unusable geometry, coordinates no CRS holds): plots
// are kept, to be reported unchecked with that reason; features of every other role are left out.
// One finding names them.
void set_aside_unusable(LayerData& layer, const std::vector<UnusableFeature>& unusable);

// The role's number fields made numbers by geo::read_number's rule: "1.2万" becomes 12,000 (a
// note says so), NaN and infinity become empty with a value problem, text that is no number stays
// as it was (the review names it). One finding per field and kind of problem.
void number_fields(LayerData& layer);

// Field names that make a layer ambiguous: two source fields that could each feed one model field
// (户数 and 总户数 both present), two fields of one name, and names a Shapefile cut at 10 bytes and
// numbered apart (建筑面积 and 建筑面积_1).
std::vector<Finding> field_name_findings(const LayerSpec& spec, const OGRFeatureDefn& defn);

// Communities, buildings and plots are areas: points and lines among them are left out.
void leave_out_non_polygons(LayerData& layer);

// The model field that identifies a role's features (plot_id, building_id, ...).
const char* id_field(Role role);

// Reports ids held by several features; with merge, each such group becomes its first feature
// with the pieces' geometries joined (areas dissolved into one outline), its attributes kept.
void shared_ids(LayerData& layer, bool merge);

}  // namespace geo::load_checks
