#include "raster_painter.h"

#include <agg_conv_clip_polyline.h>
#include <agg_conv_dash.h>
#include <agg_conv_stroke.h>
#include <agg_pixfmt_rgba.h>
#include <agg_rasterizer_outline_aa.h>
#include <agg_renderer_outline_aa.h>
#include <agg_rasterizer_scanline_aa.h>
#include <agg_renderer_base.h>
#include <agg_renderer_scanline.h>
#include <agg_rendering_buffer.h>
#include <agg_scanline_p.h>

#include <QPaintDevice>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <thread>
#include <vector>

namespace cp {

namespace {

// QImage::Format_ARGB32_Premultiplied holds each pixel as a native 32-bit 0xAARRGGBB: bytes
// B, G, R, A on the little-endian machines the application runs on.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "the raster painter reads images as BGRA bytes");
using PixelFormat = agg::pixfmt_bgra32_pre;
using Base = agg::renderer_base<PixelFormat>;
using Solid = agg::renderer_scanline_aa_solid<Base>;
using Rasterizer = agg::rasterizer_scanline_aa<>;

agg::rgba8 premultiplied(const QColor& c, double opacity) {
  agg::rgba8 out(static_cast<agg::int8u>(c.red()), static_cast<agg::int8u>(c.green()), static_cast<agg::int8u>(c.blue()),
                 static_cast<agg::int8u>(std::lround(c.alpha() * std::clamp(opacity, 0.0, 1.0))));
  out.premultiply();
  return out;
}

// Features' rings and lines in device pixels, read the way AGG reads a path (rewind, then vertex
// until stop). Polygons' rings end with a close command, so that strokes join at their first
// corner instead of leaving two caps there.
class FeaturePaths {
 public:
  // `rows`: the band of device rows drawn into; a feature whose extent, widened by `reach` (what
  // its strokes add to it), lies wholly above or below it is passed over.
  FeaturePaths(const MapLayerData& layer, const QTransform& world, bool rings, double rows, double reach)
      : layer_(layer), sx_(world.m11()), sy_(world.m22()), dx_(world.dx()), dy_(world.dy()), rings_(rings), rows_(rows),
        reach_(reach) {}

  void select(std::span<const std::size_t> features) { features_ = features; }

  void rewind(unsigned) {
    index_ = 0;
    ring_ = 0;
    vertex_ = 0;
    started_ = false;
  }

  unsigned vertex(double* x, double* y) {
    while (index_ < features_.size()) {
      const std::size_t feature = features_[index_];
      if (!started_) {  // entering the feature: its first ring, unless it is outside the band
        started_ = true;
        ring_ = layer_.feature_ring[feature];
        if (!in_band(layer_.extents[feature])) ring_ = layer_.feature_ring[feature + 1];
        vertex_ = ring_ < layer_.feature_ring[feature + 1] ? layer_.ring_start[ring_] : 0;
      }
      if (ring_ < layer_.feature_ring[feature + 1]) {
        const std::uint32_t first = layer_.ring_start[ring_], end = layer_.ring_start[ring_ + 1];
        if (vertex_ < end) {
          const QPointF& v = layer_.vertices[vertex_];
          *x = v.x() * sx_ + dx_;
          *y = v.y() * sy_ + dy_;
          return vertex_++ == first ? agg::path_cmd_move_to : agg::path_cmd_line_to;
        }
        ++ring_;
        if (ring_ < layer_.feature_ring[feature + 1]) vertex_ = layer_.ring_start[ring_];
        if (rings_) return close(x, y);
        continue;
      }
      ++index_;
      started_ = false;
    }
    *x = *y = 0;
    return agg::path_cmd_stop;
  }

  bool in_band(const QRectF& extent) const {
    const double a = extent.top() * sy_ + dy_, b = extent.bottom() * sy_ + dy_;
    return std::max(a, b) >= -reach_ && std::min(a, b) <= rows_ + reach_;
  }

 private:
  static unsigned close(double* x, double* y) {
    *x = *y = 0;
    return static_cast<unsigned>(agg::path_cmd_end_poly) | static_cast<unsigned>(agg::path_flags_close);
  }

  const MapLayerData& layer_;
  double sx_, sy_, dx_, dy_;
  bool rings_;
  double rows_, reach_;
  std::span<const std::size_t> features_;
  std::size_t index_ = 0;
  std::uint32_t ring_ = 0, vertex_ = 0;
  bool started_ = false;
};

// An outline as QPainter draws a cosmetic pen: at least one device pixel wide, square caps and
// bevel joins, Qt's dash pattern (in multiples of the width) for a styled line.
struct Outline {
  double width;
  Qt::PenStyle style;
};

// Qt's dash pattern for a pen style, in multiples of the width; `caps` lengthens each dash (and
// shortens each gap) by what square caps would add to its ends.
template <class Dashes>
void add_dashes(Dashes& dashes, Qt::PenStyle style, double width, double caps) {
  const QList<qreal> pattern = QPen(Qt::black, width, style).dashPattern();
  for (qsizetype k = 0; k + 1 < pattern.size(); k += 2)
    dashes.add_dash(pattern[k] * width + caps, std::max(0.0, pattern[k + 1] * width - caps));
}

template <class Source>
void add_stroked(Rasterizer& ras, Source& source, double width) {
  agg::conv_stroke<Source> stroker(source);
  stroker.width(width);
  stroker.line_cap(agg::square_cap);
  stroker.line_join(agg::bevel_join);
  ras.add_path(stroker);
}

template <class Source>
void stroke(Rasterizer& ras, Source& source, const Outline& outline) {
  const double width = std::max(outline.width, 1.0);
  if (outline.style == Qt::SolidLine) {
    add_stroked(ras, source, width);
    return;
  }
  agg::conv_dash<Source> dashes(source);
  add_dashes(dashes, outline.style, width, 0.0);
  add_stroked(ras, dashes, width);
}

// Lines up to this many pixels wide (dashed ones as their dashes) go through AGG's outline
// renderer, which draws a thin antialiased line along its pixels directly; wider ones are stroked
// into polygons and rasterised, about three times the cost for a thin line.
constexpr double kThinPixels = 2.0;
using ThinRenderer = agg::renderer_outline_aa<Base>;
using ThinRasterizer = agg::rasterizer_outline_aa<ThinRenderer, agg::line_coord_sat>;

// A thin solid line along the source's paths, within `bounds` (beyond what is drawn, so that no
// cut end shows). The paths are cut to the bounds before the outline renderer sees them: its own
// clipping can loop for ever on a short piece at the edge (as in nimAGG's fix of the same code),
// and a line far outside a zoomed-in view would otherwise be walked pixel by pixel.
template <class Source>
void stroke_thin(Base& base, Source& source, double width, const agg::rgba8& colour, const agg::rect_i& bounds) {
  agg::line_profile_aa profile;
  profile.width(std::max(width, 1.0));
  ThinRenderer renderer(base, profile);
  // A line under a pixel wide is a pixel wide and as much fainter, as Qt draws a cosmetic pen.
  // (The colour is premultiplied: every channel scales.)
  const double f = std::clamp(width, 0.0, 1.0);
  auto scaled = [f](agg::int8u v) { return static_cast<agg::int8u>(std::lround(v * f)); };
  renderer.color(agg::rgba8(scaled(colour.r), scaled(colour.g), scaled(colour.b), scaled(colour.a)));
  agg::conv_clip_polyline<Source> inside(source);
  inside.clip_box(bounds.x1, bounds.y1, bounds.x2, bounds.y2);
  ThinRasterizer lines(renderer);
  lines.line_join(agg::outline_no_join);
  lines.round_cap(false);
  lines.add_path(inside);
}

}  // namespace

bool can_paint_raster(const QPainter& painter) {
  const QPaintDevice* device = painter.device();
  if (!device || device->devType() != QInternal::Image || painter.hasClipping()) return false;
  const QImage::Format format = static_cast<const QImage*>(device)->format();
  if (format != QImage::Format_ARGB32_Premultiplied && format != QImage::Format_RGB32) return false;
  return painter.deviceTransform().type() <= QTransform::TxScale;
}

namespace {

// Streets and outlines go to AGG in runs of a few thousand: it sorts each scanline's cells, and a
// city's whole network in one pass made that sort most of the draw.
constexpr std::size_t kRun = 2048;

template <class Draw>
bool in_runs(const std::vector<std::size_t>& features, const std::atomic<bool>& cancel, Draw draw) {
  for (std::size_t at = 0; at < features.size(); at += kRun) {
    if (cancel.load(std::memory_order_relaxed)) return false;
    draw(std::span<const std::size_t>(features).subspan(at, std::min(kRun, features.size() - at)));
  }
  return true;
}

// One band of the image's rows, from `top`, `rows` high: the whole plan, clipped to the band.
// `pixels`: the image's, taken once before the bands began (QImage::bits() is not for several
// threads at once); each band writes only its own rows.
bool paint_band(const QImage& image, uchar* pixels, int top, int rows, const MapLayerData& d, const LayerStyle& st, const LayerPlan& plan,
                const ViewFrame& frame, const std::atomic<bool>& cancel) {
  agg::rendering_buffer buffer(pixels + static_cast<std::ptrdiff_t>(top) * image.bytesPerLine(),
                               static_cast<unsigned>(image.width()), static_cast<unsigned>(rows), static_cast<int>(image.bytesPerLine()));
  PixelFormat format(buffer);
  Base base(format);
  Solid solid(base);
  Rasterizer ras;
  agg::scanline_p8 scanline;
  // Exactly the band's rows, so that bands meet without a seam; a little beyond the sides, so
  // that strokes leaving the image are clipped where nothing shows.
  ras.clip_box(-4, 0, image.width() + 4, rows);
  const QTransform world = frame.world * QTransform::fromTranslate(0, -top);
  const double opacity = st.opacity;
  const double device = frame.device;
  const double reach = (st.stroke_width + 2.5) * device + 2;

  // Thin lines are cut a little beyond the whole image, not the band: cut at the same points in
  // every band, a line crossing from one band into the next is the same line in both.
  const agg::rect_i beyond(-8, -8 - top, image.width() + 8, image.height() + 8 - top);
  const double width = st.stroke_width * device;
  const bool thin = width <= kThinPixels;
  // Each shape filled by its own rings' even-odd rule, as QPainter fills a path (two overlapping
  // buildings must not punch holes in each other); then the outlines over all the fills, by
  // colour and in runs, as QGIS draws outlines on a symbol level above the fills: a run is one
  // pass of the rasteriser where a shape's outline on its own was a pass each.
  FeaturePaths rings(d, world, !is_line_layer(d), rows, reach);
  std::map<QRgb, std::vector<std::size_t>> outlines;
  for (std::size_t k = 0; k < plan.shapes.size(); ++k) {
    if ((k & 1023) == 0 && cancel.load(std::memory_order_relaxed)) return false;
    const LayerShape& shape = plan.shapes[k];
    if (!rings.in_band(d.extents[shape.feature])) continue;  // another band's
    if (shape.outlined) outlines[stroke_of(d, st, shape.feature).rgba()].push_back(shape.feature);
    const QColor fill = fill_of(d, st, shape.feature);
    if (fill.alpha() == 0 || is_line_layer(d)) continue;
    rings.select(std::span<const std::size_t>(&shape.feature, 1));
    ras.reset();
    ras.filling_rule(agg::fill_even_odd);
    ras.add_path(rings);
    solid.color(premultiplied(fill, opacity));
    agg::render_scanlines(ras, scanline, solid);
  }
  ras.filling_rule(agg::fill_non_zero);
  const bool cased = is_cased(st);
  for (const auto& [rgba, features] : outlines) {
    const bool done = in_runs(features, cancel, [&](std::span<const std::size_t> run) {
      rings.select(run);
      if (cased) {  // a dashed boundary runs on a light casing, so that it reads over any fill
        ras.reset();
        stroke(ras, rings, {(st.stroke_width + 2.5) * device, Qt::SolidLine});
        solid.color(premultiplied(QColor(255, 255, 255, 170), opacity));
        agg::render_scanlines(ras, scanline, solid);
      }
      const agg::rgba8 colour = premultiplied(QColor::fromRgba(rgba), opacity);
      if (thin && st.line_style == Qt::SolidLine) {
        stroke_thin(base, rings, width, colour, beyond);
        return;
      }
      if (thin) {  // a thin dashed boundary: its dashes as thin lines, lengthened as square caps would
        agg::conv_dash<FeaturePaths> dashes(rings);
        add_dashes(dashes, st.line_style, std::max(width, 1.0), std::max(width, 1.0));
        stroke_thin(base, dashes, width, colour, beyond);
        return;
      }
      ras.reset();
      stroke(ras, rings, {width, st.line_style});
      solid.color(colour);
      agg::render_scanlines(ras, scanline, solid);
    });
    if (!done) return false;
  }

  FeaturePaths open_paths(d, world, false, rows, reach);
  for (const auto& [rgba, features] : plan.lines) {
    const agg::rgba8 colour = premultiplied(QColor::fromRgba(rgba), opacity);
    solid.color(colour);
    const bool done = in_runs(features, cancel, [&](std::span<const std::size_t> run) {
      open_paths.select(run);
      if (thin) {
        stroke_thin(base, open_paths, width, colour, beyond);
        return;
      }
      ras.reset();
      stroke(ras, open_paths, {width, Qt::SolidLine});
      agg::render_scanlines(ras, scanline, solid);
    });
    if (!done) return false;
  }

  for (const auto& [rgba, features] : plan.specks) {
    if (cancel.load(std::memory_order_relaxed)) return false;
    const agg::rgba8 colour = premultiplied(QColor::fromRgba(rgba), opacity);
    for (std::size_t i : features) {
      // The pixels whose centres the extent covers, at least one: as QPainter fills a rectangle
      // without antialiasing. blend_bar clips to the band.
      const QRectF r = world.mapRect(d.extents[i]);
      const int x1 = static_cast<int>(std::lround(r.left())), y1 = static_cast<int>(std::lround(r.top()));
      const int x2 = std::max(x1, static_cast<int>(std::lround(r.right())) - 1);
      const int y2 = std::max(y1, static_cast<int>(std::lround(r.bottom())) - 1);
      base.blend_bar(x1, y1, x2, y2, colour, agg::cover_full);
    }
  }
  return true;
}

}  // namespace

bool paint_raster(QImage& image, const MapLayerData& d, const LayerStyle& st, const LayerPlan& plan, const ViewFrame& frame,
                  const std::atomic<bool>& cancel, int bands) {
  // Bands of rows drawn side by side: each writes only its own rows, and AGG's coverage at a
  // band's edge is what it would be without the edge. A map's detail is uneven (a river, a
  // dense old town), so there are a few bands a core, taken in turn by one worker a core.
  const int workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (bands <= 0) bands = 4 * workers;
  bands = std::clamp(bands, 1, std::max(1, image.height() / 16));
  const int step = (image.height() + bands - 1) / bands;
  uchar* const pixels = image.bits();  // a shared image is copied here, once
  std::atomic<int> next{0};
  std::atomic<bool> drawn{true};
  auto work = [&] {
    for (int band = next++; band * step < image.height(); band = next++)
      if (!paint_band(image, pixels, band * step, std::min(step, image.height() - band * step), d, st, plan, frame, cancel)) drawn = false;
  };
  std::vector<std::jthread> others;
  for (int k = 1; k < std::min(workers, bands); ++k) others.emplace_back(work);
  work();
  others.clear();  // joins
  return drawn;
}

}  // namespace cp
