#pragma once
// What a pedestrian may use, as data: the project's [network] table (import writes a profile's
// defaults into it), read by the walking network. A road segment is walkable when
//   foot = yes/designated/permissive/use_sidepath   always (the tag for pedestrians wins);
//   foot = no, or access = no/private               never;
//   otherwise: its class is not in not_walkable_classes, is in walkable_classes (when that list is
//   given), is not a tunnel unless its class is a pedestrian one, and does not lack the sidewalk a
//   fast road needs (sidewalk = no/none on a class in needs_sidewalk_classes).
#include <set>
#include <string>

namespace geo {

struct NetworkOptions {
  std::set<std::string> walkable_classes;  // empty: every class not excluded below
  // Motorways and expressways: Chinese trunk roads (城市主干道) have sidewalks and are walked.
  std::set<std::string> not_walkable_classes = {"motorway", "motorway_link", "高速公路", "快速路", "城市快速路"};
  // Classes built for people on foot: their tunnels (underpasses) are walked.
  std::set<std::string> pedestrian_classes = {"footway", "pedestrian", "path", "steps", "living_street", "corridor", "cycleway",
                                              "人行道", "步行街"};
  std::set<std::string> needs_sidewalk_classes = {"trunk", "trunk_link", "primary", "primary_link"};
  bool tunnels_walkable = false;  // a tunnel of a road for vehicles, not tagged for foot
  // Segment ends closer than this are the same node: coordinates that differ only by rounding.
  double node_tolerance_m = 0.01;
  // A road end that misses another road (its end or its side) by less than this is joined to it,
  // and counted: tile and map-sheet seams cut roads into pieces whose ends miss each other by
  // centimetres (a vector tile's grid is 0.15 m at zoom 16) to a metre or two (digitising). Two
  // metres joins those and stays well under the width of a carriageway (about 3.5 m a lane), so
  // the two sides of a divided road, or a cul-de-sac beside a main road, stay apart.
  double snap_tolerance_m = 2.0;
};

}  // namespace geo
