#pragma once
// How the session turns the engine's layers into the map's: looks from a style spec, labels,
// categories, per-feature colours and symbols. Shared by the session's files; not for the panels.
#include <QRectF>

#include <memory>
#include <optional>

#include "geo/basemap.h"
#include "geo/project.h"
#include "geo/review.h"
#include "map_renderer.h"

namespace cp::layer_prep {

QRectF to_rect(const geo::Extent& e);
std::shared_ptr<MapLayerData> prepare_layer(std::shared_ptr<const geo::LayerData> source, const QString& id, const QString& name,
                                            const LayerStyle& style, const geo::LayerStyleSpec& spec, std::optional<geo::Role> role,
                                            const geo::Review* review = nullptr);
LayerStyle style_of(const geo::LayerStyleSpec& spec, std::optional<geo::Role> role);

}  // namespace cp::layer_prep
