#include "geo/coverage_export.h"

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "output_files.h"

namespace geo {

namespace fs = std::filesystem;
using output::Column;
using output::set_optional;
using output::TableWriter;

std::vector<std::string> coverage_output_names(std::size_t kinds) {
  if (kinds == 1) return {"coverage.gpkg", "coverage_communities.csv"};
  return {"scorecard.gpkg", "scorecard.csv"};
}

void output_check_free(const fs::path& dir, const std::vector<std::string>& names, bool overwrite) {
  output::StagedOutputs::check_free(dir, names, overwrite);
}

namespace {

std::string community_id(const LayerData& communities, std::size_t c) {
  const std::string id = communities.text(c, "community_id");
  return id.empty() ? std::to_string(communities.fids[c]) : id;
}

double share(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

const std::vector<Column> kBuildingColumns = {{"building_id", OFTString}, {"households", OFTReal}, {"community_id", OFTString},
                                              {"euclid_m", OFTReal},      {"walk_m", OFTReal},     {"covered", OFTInteger}};
const std::vector<Column> kCommunityColumns = {
    {"community_id", OFTString},       {"name", OFTString},          {"households", OFTReal},
    {"households_covered", OFTReal},   {"covered_share", OFTReal},   {"households_covered_euclid", OFTReal},
    {"covered_share_euclid", OFTReal}, {"kind", OFTString},          {"distance_m", OFTReal},
    {"metric", OFTString}};

void fill_community(OGRFeature& f, const Coverage& cov, const LayerData& communities, const CommunityCoverage& c) {
  f.SetField("community_id", community_id(communities, c.index).c_str());
  f.SetField("name", communities.text(c.index, "name").c_str());
  set_optional(f, "households", c.households, 1);
  const double covered = cov.walking ? c.covered_walk : c.covered_euclid;
  set_optional(f, "households_covered", covered, 1);
  set_optional(f, "covered_share", share(covered, c.households), 4);
  set_optional(f, "households_covered_euclid", c.covered_euclid, 1);
  set_optional(f, "covered_share_euclid", share(c.covered_euclid, c.households), 4);
  f.SetField("kind", cov.kind.c_str());
  f.SetField("distance_m", cov.distance_m);
  f.SetField("metric", cov.walking ? "walking" : "straight_line");
}

void write_single(output::StagedOutputs& staged, const Project& project, const Coverage& cov, Feedback* feedback) {
  const LayerData& buildings = *project.layer(Role::Buildings);
  const LayerData* communities = project.layer(Role::Communities);
  const LayerData& facilities = *project.layer(cov.kind == "parking" ? Role::Parking : Role::Facilities);
  output::write_gpkg(staged.staged("coverage.gpkg"), project.working_epsg, [&](GDALDataset& ds, OGRSpatialReference& srs) {
    TableWriter all(ds, "buildings", wkbMultiPolygon, &srs, kBuildingColumns);
    TableWriter uncovered(ds, "uncovered_buildings", wkbMultiPolygon, &srs, kBuildingColumns);
    for (const auto& b : cov.buildings) {
      if (feedback) feedback->throw_if_cancelled();
      for (TableWriter* layer : {&all, &uncovered}) {
        if (layer == &uncovered && cov.covered(b)) continue;
        auto f = layer->feature();
        const std::string id = buildings.text(b.index, "building_id");
        f->SetField("building_id", id.empty() ? std::to_string(buildings.fids[b.index]).c_str() : id.c_str());
        set_optional(*f, "households", b.households, 1);
        if (b.community && communities) f->SetField("community_id", community_id(*communities, *b.community).c_str());
        set_optional(*f, "euclid_m", b.euclid_m, 2);
        set_optional(*f, "walk_m", b.walk_m, 2);
        f->SetField("covered", cov.covered(b) ? 1 : 0);
        f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(buildings.geometries[b.index]).release()));
        layer->write(std::move(f), buildings.fids[b.index]);
      }
    }
    if (communities) {
      TableWriter layer(ds, "communities", wkbMultiPolygon, &srs, kCommunityColumns);
      for (const auto& c : cov.communities) {
        auto f = layer.feature();
        fill_community(*f, cov, *communities, c);
        f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(communities->geometries[c.index]).release()));
        layer.write(std::move(f), communities->fids[c.index]);
      }
    }
    if (!cov.service_areas.empty()) {
      TableWriter layer(ds, "service_areas", wkbMultiPolygon, &srs,
                        {{"facility_id", OFTString}, {"kind", OFTString}, {"name", OFTString}, {"metric", OFTString}, {"distance_m", OFTReal}});
      for (std::size_t i = 0; i < cov.service_areas.size(); ++i) {
        const std::size_t fi = cov.facilities[i];
        auto f = layer.feature();
        const std::string id = facilities.text(fi, cov.kind == "parking" ? "parking_id" : "facility_id");
        f->SetField("facility_id", id.empty() ? std::to_string(facilities.fids[fi]).c_str() : id.c_str());
        f->SetField("kind", cov.kind.c_str());
        f->SetField("name", facilities.text(fi, "name").c_str());
        f->SetField("metric", cov.walking ? "walking" : "straight_line");
        f->SetField("distance_m", cov.distance_m);
        if (!cov.service_areas[i].empty())
          f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(cov.service_areas[i]).release()));
        layer.write(std::move(f), facilities.fids[fi]);
      }
    }
  });
  if (communities) {
    output::write_csv(staged.staged("coverage_communities.csv"), "communities", kCommunityColumns, [&](TableWriter& t) {
      for (const auto& c : cov.communities) {
        auto f = t.feature();
        fill_community(*f, cov, *communities, c);
        t.write(std::move(f), static_cast<std::int64_t>(c.index));
      }
    });
  } else {
    output::write_csv(staged.staged("coverage_communities.csv"), "communities", kCommunityColumns, [](TableWriter&) {});
  }
}

void write_scorecard(output::StagedOutputs& staged, const Project& project, const std::vector<Coverage>& coverages) {
  const LayerData* communities = project.layer(Role::Communities);
  if (!communities) throw Error("a scorecard needs a communities layer", {.file = project.spec.file.string()});
  std::vector<std::string> names;  // kept alive: OGR copies field names, Column holds pointers
  for (const auto& cov : coverages) names.push_back(cov.kind + "_share");
  std::vector<Column> columns = {{"community_id", OFTString}, {"name", OFTString}, {"households", OFTReal}};
  for (const auto& n : names) columns.push_back({n.c_str(), OFTReal});
  columns.push_back({"lacks", OFTString});
  columns.push_back({"lacking_kinds", OFTInteger});
  auto fill = [&](OGRFeature& f, std::size_t c) {
    f.SetField("community_id", community_id(*communities, c).c_str());
    f.SetField("name", communities->text(c, "name").c_str());
    set_optional(f, "households", coverages.front().communities[c].households, 1);
    std::string lacks;
    int lacking = 0;
    for (std::size_t k = 0; k < coverages.size(); ++k) {
      const auto& cc = coverages[k].communities[c];
      const double s = share(coverages[k].walking ? cc.covered_walk : cc.covered_euclid, cc.households);
      set_optional(f, names[k].c_str(), s, 4);
      if (cc.households > 0 && s < kLackingShare) {
        lacks += (lacks.empty() ? "" : ",") + coverages[k].kind;
        ++lacking;
      }
    }
    f.SetField("lacks", lacks.c_str());
    f.SetField("lacking_kinds", lacking);
  };
  output::write_gpkg(staged.staged("scorecard.gpkg"), project.working_epsg, [&](GDALDataset& ds, OGRSpatialReference& srs) {
    TableWriter layer(ds, "communities", wkbMultiPolygon, &srs, columns);
    for (std::size_t c = 0; c < communities->size(); ++c) {
      auto f = layer.feature();
      fill(*f, c);
      f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(communities->geometries[c]).release()));
      layer.write(std::move(f), communities->fids[c]);
    }
  });
  output::write_csv(staged.staged("scorecard.csv"), "scorecard", columns, [&](TableWriter& t) {
    for (std::size_t c = 0; c < communities->size(); ++c) {
      auto f = t.feature();
      fill(*f, c);
      t.write(std::move(f), static_cast<std::int64_t>(c));
    }
  });
}

}  // namespace

std::vector<fs::path> write_coverage_outputs(const fs::path& dir, const Project& project, const std::vector<Coverage>& coverages,
                                             bool overwrite, Feedback* feedback) {
  if (coverages.empty()) throw Error("no coverage to write");
  const auto names = coverage_output_names(coverages.size());
  output::StagedOutputs staged(dir, "coverage", names, overwrite);
  if (coverages.size() == 1)
    write_single(staged, project, coverages.front(), feedback);
  else
    write_scorecard(staged, project, coverages);
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  std::vector<fs::path> out;
  for (const auto& n : names) out.push_back(dir / n);
  return out;
}

std::vector<fs::path> write_siting_outputs(const fs::path& dir, const Project& project, const SitingResult& result, bool overwrite) {
  output::StagedOutputs staged(dir, "site", kSitingOutputs, overwrite);
  const std::vector<Column> columns = {{"candidate_id", OFTString}, {"rank", OFTInteger},  {"gain_households", OFTReal},
                                       {"kind", OFTString},         {"objective", OFTString}, {"distance_m", OFTReal}};
  auto fill = [&](OGRFeature& f, const SiteChoice& s) {
    f.SetField("candidate_id", s.candidate_id.c_str());
    f.SetField("rank", s.rank);
    set_optional(f, "gain_households", s.gain_households, 1);
    f.SetField("kind", result.kind.c_str());
    f.SetField("objective", to_string(result.objective));
    f.SetField("distance_m", result.distance_m);
  };
  output::write_gpkg(staged.staged("sites.gpkg"), project.working_epsg, [&](GDALDataset& ds, OGRSpatialReference& srs) {
    TableWriter layer(ds, "sites", wkbPoint, &srs, columns);
    for (const auto& s : result.sites) {
      auto f = layer.feature();
      fill(*f, s);
      f->SetGeometryDirectly(new OGRPoint(s.at.x, s.at.y));
      layer.write(std::move(f), s.rank);
    }
  });
  output::write_csv(staged.staged("sites.csv"), "sites", columns, [&](TableWriter& t) {
    for (const auto& s : result.sites) {
      auto f = t.feature();
      fill(*f, s);
      t.write(std::move(f), s.rank);
    }
  });
  staged.commit();
  return {dir / "sites.gpkg", dir / "sites.csv"};
}

}  // namespace geo
