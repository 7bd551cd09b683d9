#include "plot_placement.h"

#include <algorithm>
#include <future>
#include <map>

#include "geo/error.h"
#include "parallel.h"

namespace geo {

GeosGeometry community_shape(GeosContext& ctx, const LayerData& communities, std::size_t c) {
  GeosGeometry shape = ctx.from_geometry(communities.geometries[c]);
  return communities.invalid_reasons[c] ? ctx.make_valid(shape.get()) : std::move(shape);
}

// Computed by threads with their own GEOS contexts (a GEOS context and its geometries belong to
// one thread).
PlotPlacement place_plots(const LayerData& plots, const LayerData& communities, const ExtentIndex& community_index,
                          std::size_t parallel_min_items, Feedback* feedback) {
  PlotPlacement out;
  out.shares.resize(plots.size());
  out.outside.assign(plots.size(), 0.0);
  out.faults.resize(plots.size());
  const unsigned threads = worker_count(plots.size() * 40, parallel_min_items);
  std::vector<std::future<void>> parts;
  for (unsigned t = 0; t < threads; ++t) {
    parts.push_back(std::async(std::launch::async, [&, t] {
      GeosContext ctx;
      // This thread's copies of the communities it meets, prepared: most plots lie wholly in
      // one community, which a prepared containment test tells without an overlay.
      struct PreparedCommunity {
        GeosGeometry shape;
        GeosPrepared prepared;
      };
      std::map<std::size_t, PreparedCommunity> shapes;
      const std::size_t begin = plots.size() * t / threads, end = plots.size() * (t + 1) / threads;
      for (std::size_t i = begin; i < end; ++i) {
        if ((i - begin) % 256 == 0 && feedback) feedback->throw_if_cancelled();
        const Geometry& shape = plots.geometries[i];
        if (shape.empty() || plots.invalid_reasons[i]) continue;
        try {
          GeosGeometry plot_shape = ctx.from_geometry(shape);
          const double plot_area = ctx.area(plot_shape.get());
          std::vector<GeosGeometry> overlaps;  // with each community it shares; none where that holds it whole
          double summed = 0;
          for (std::size_t c : community_index.query(extent_of(shape))) {
            auto it = shapes.find(c);
            if (it == shapes.end()) {
              GeosGeometry community = community_shape(ctx, communities, c);
              GeosPrepared prepared = ctx.prepare(community.get());
              it = shapes.emplace(c, PreparedCommunity{std::move(community), std::move(prepared)}).first;
            }
            const GEOSPreparedGeometry* prepared = it->second.prepared.get();
            GeosGeometry overlap;
            double a = 0;
            if (GEOSPreparedContains_r(ctx.handle(), prepared, plot_shape.get()) == 1)
              a = plot_area;
            else if (GEOSPreparedIntersects_r(ctx.handle(), prepared, plot_shape.get()) != 0) {
              overlap = ctx.intersection(plot_shape.get(), it->second.shape.get());
              a = ctx.area(overlap.get());
            }
            if (a <= 0) continue;
            out.shares[i].push_back({c, plot_area > 0 ? a / plot_area : 0.0});
            summed += a;
            overlaps.push_back(std::move(overlap));
          }
          if (plot_area <= 0 || out.shares[i].empty()) continue;
          // Communities that overlap would hold the plot's overlap twice: the shares are scaled to
          // what lies in any community, so that no plot counts beyond its whole.
          double covered = summed;
          if (out.shares[i].size() > 1) {
            Geometry pieces;  // the overlaps together: their union is what lies in any community
            pieces.kind = GeometryKind::MultiPolygon;
            for (const auto& overlap : overlaps)
              for (auto& part : ctx.to_geometry(overlap ? overlap.get() : plot_shape.get()).parts)
                if (!part.empty() && part[0].size() >= 4) pieces.parts.push_back(std::move(part));
            covered = std::min(summed, ctx.area(ctx.unary_union(ctx.from_geometry(pieces).get()).get()));
          }
          if (summed > covered)
            for (auto& s : out.shares[i]) s.share *= covered / summed;
          out.outside[i] = std::max(0.0, 1.0 - covered / plot_area);
        } catch (const Error& e) {
          out.shares[i].clear();
          out.faults[i] = e.problem();
        }
      }
    }));
  }
  for (auto& part : parts) part.get();
  return out;
}

}  // namespace geo
