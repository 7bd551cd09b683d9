#include "layer_dialogs.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QMessageBox>
#include <QSettings>
#include <QUrl>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>

#include "../session.h"
#include "geo/basemap.h"

namespace cp {

namespace {

QDialogButtonBox* okCancel(QDialog& dialog, QFormLayout* form) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  return buttons;
}

QPushButton* colourButton(QDialog& dialog, QColor colour) {
  auto* b = new QPushButton(colour.name(QColor::HexArgb), &dialog);
  b->setStyleSheet(QString("background:%1").arg(colour.name()));
  QObject::connect(b, &QPushButton::clicked, &dialog, [b] {
    const QColor c = QColorDialog::getColor(QColor(b->text()), b, {}, QColorDialog::ShowAlphaChannel);
    if (!c.isValid()) return;
    b->setText(c.name(QColor::HexArgb));
    b->setStyleSheet(QString("background:%1").arg(c.name()));
  });
  return b;
}

// A scale denominator box: 0 reads "none".
QDoubleSpinBox* scaleBox(QDialog& dialog, double value) {
  auto* box = new QDoubleSpinBox(&dialog);
  box->setRange(0, 1e8);
  box->setDecimals(0);
  box->setSingleStep(500);
  box->setPrefix("1:");
  box->setSpecialValueText(QObject::tr("no limit"));
  box->setValue(value);
  return box;
}

}  // namespace

std::optional<geo::LayerStyleSpec> askLayerStyle(QWidget* parent, const MapLayerEntry& layer) {
  geo::LayerStyleSpec spec = layer.spec;
  const LayerStyle& current = layer.style;
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Style: %1").arg(layer.name));
  auto* form = new QFormLayout(&dialog);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* fill = colourButton(dialog, current.fill);
  auto* stroke = colourButton(dialog, current.stroke);
  auto* width = new QDoubleSpinBox(&dialog);
  width->setRange(0, 20);
  width->setSingleStep(0.2);
  width->setValue(current.stroke_width);
  auto* point = new QDoubleSpinBox(&dialog);
  point->setRange(1, 60);
  point->setValue(current.point_size);
  auto* label = new QComboBox(&dialog);
  auto* categorize = new QComboBox(&dialog);
  label->addItem(QObject::tr("(none)"), "");
  categorize->addItem(QObject::tr("(one colour)"), "");
  for (const std::string& field : layer.data->source->column_names()) {
    label->addItem(QString::fromStdString(field), QString::fromStdString(field));
    categorize->addItem(QString::fromStdString(field), QString::fromStdString(field));
  }
  label->setCurrentIndex(std::max(0, label->findData(current.label_field)));
  categorize->setCurrentIndex(std::max(0, categorize->findData(QString::fromStdString(spec.categorize))));
  auto* opacity = new QSlider(Qt::Horizontal, &dialog);
  opacity->setRange(0, 100);
  opacity->setValue(static_cast<int>(std::lround(current.opacity * 100)));
  auto* min_scale = scaleBox(dialog, current.min_scale);
  auto* max_scale = scaleBox(dialog, current.max_scale);
  min_scale->setToolTip(QObject::tr("Hidden when zoomed out beyond this scale"));
  max_scale->setToolTip(QObject::tr("Hidden when zoomed in beyond this scale"));
  form->addRow(QObject::tr("Fill"), fill);
  form->addRow(QObject::tr("Stroke"), stroke);
  form->addRow(QObject::tr("Stroke width (px)"), width);
  form->addRow(QObject::tr("Symbol size (px)"), point);
  form->addRow(QObject::tr("Label"), label);
  form->addRow(QObject::tr("Colour by"), categorize);
  form->addRow(QObject::tr("Opacity"), opacity);
  form->addRow(QObject::tr("Shown from (zoomed out)"), min_scale);
  form->addRow(QObject::tr("Shown to (zoomed in)"), max_scale);
  okCancel(dialog, form);
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  spec.fill = fill->text().toStdString();
  spec.stroke = stroke->text().toStdString();
  spec.stroke_width = width->value();
  spec.point_size = point->value();
  spec.label = label->currentData().toString().toStdString();
  spec.categorize = categorize->currentData().toString().toStdString();
  spec.opacity = opacity->value() / 100.0;
  spec.min_scale = min_scale->value();
  spec.max_scale = max_scale->value();
  if (spec.min_scale > 0 && spec.max_scale >= spec.min_scale) std::swap(spec.min_scale, spec.max_scale);
  return spec;
}

std::optional<AnalysisChoice> askAnalysis(QWidget* parent, bool siting) {
  QDialog dialog(parent);
  dialog.setObjectName(siting ? "siting_dialog" : "coverage_dialog");
  dialog.setWindowTitle(siting ? QObject::tr("Site new facilities") : QObject::tr("Facility coverage"));
  auto* form = new QFormLayout(&dialog);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* kind = new QComboBox(&dialog);
  for (const char* k : {"community_office", "health_station", "kindergarten", "elderly_care", "market", "parking"})
    kind->addItem(facility_kind_label(k), QString(k));
  form->addRow(QObject::tr("Kind"), kind);
  QDoubleSpinBox* count = nullptr;
  if (siting) {  // made only where it is shown: a widget outside the form would sit over it
    count = new QDoubleSpinBox(&dialog);
    count->setDecimals(0);
    count->setRange(1, 500);
    count->setValue(5);
    form->addRow(QObject::tr("Sites to add"), count);
  }
  okCancel(dialog, form);
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  return AnalysisChoice{kind->currentData().toString(), count ? static_cast<int>(count->value()) : 0};
}

std::optional<LayerExportChoice> askLayerExport(QWidget* parent, const std::vector<std::pair<QString, QString>>& layers,
                                                const QString& ticked, int working_epsg) {
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Export layers"));
  auto* form = new QFormLayout(&dialog);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* list = new QTreeWidget(&dialog);
  list->setHeaderHidden(true);
  list->setRootIsDecorated(false);
  for (const auto& [id, name] : layers) {
    auto* item = new QTreeWidgetItem(list, {name});
    item->setData(0, Qt::UserRole, id);
    item->setCheckState(0, id == ticked ? Qt::Checked : Qt::Unchecked);
  }
  auto* format = new QComboBox(&dialog);
  for (const auto& [label, code] : std::vector<std::pair<QString, QString>>{{QObject::tr("GeoPackage (styled for QGIS)"), "gpkg"},
                                                                           {QObject::tr("ESRI Shapefile"), "shp"},
                                                                           {"GeoJSON", "geojson"},
                                                                           {"KML", "kml"},
                                                                           {QObject::tr("DXF (CAD)"), "dxf"}})
    format->addItem(label, code);
  auto* crs = new QComboBox(&dialog);
  crs->setEditable(true);
  crs->addItems({QString("EPSG:%1").arg(working_epsg), "EPSG:4490", "EPSG:4326"});
  auto* encoding = new QComboBox(&dialog);
  encoding->addItems({"UTF-8", "GBK"});
  form->addRow(QObject::tr("Layers"), list);
  form->addRow(QObject::tr("Format"), format);
  form->addRow(QObject::tr("CRS"), crs);
  form->addRow(QObject::tr("Shapefile encoding"), encoding);
  okCancel(dialog, form);
  QObject::connect(format, &QComboBox::currentIndexChanged, &dialog, [format, encoding, crs] {
    encoding->setEnabled(format->currentData() == "shp");
    crs->setEnabled(format->currentData() != "kml");  // KML is WGS 84 by definition
  });
  encoding->setEnabled(false);
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  LayerExportChoice choice;
  for (int i = 0; i < list->topLevelItemCount(); ++i)
    if (list->topLevelItem(i)->checkState(0) == Qt::Checked) choice.layer_ids << list->topLevelItem(i)->data(0, Qt::UserRole).toString();
  if (choice.layer_ids.isEmpty()) return std::nullopt;
  const QString code = format->currentData().toString();
  QString stem = choice.layer_ids.size() == 1 ? choice.layer_ids.front() : QString("export");
  stem.replace(QRegularExpression("[^A-Za-z0-9_]"), "_");
  choice.file = QFileDialog::getSaveFileName(parent, QObject::tr("Export layers"), stem + "." + code,
                                             QString("%1 (*.%2)").arg(format->currentText(), code));
  if (choice.file.isEmpty()) return std::nullopt;
  choice.options.format = code.toStdString();
  choice.options.crs = code == "kml" ? std::string() : crs->currentText().trimmed().toStdString();
  if (choice.options.crs == QString("EPSG:%1").arg(working_epsg).toStdString()) choice.options.crs.clear();
  choice.options.encoding = encoding->currentText().toStdString();
  choice.options.overwrite = true;  // the file dialog has asked before replacing
  return choice;
}

std::optional<MapExportChoice> askMapExport(QWidget* parent, const QString& default_title) {
  const QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Export map"), "map.pdf", "PDF (*.pdf);;PNG (*.png)");
  if (file.isEmpty()) return std::nullopt;
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Export map"));
  auto* form = new QFormLayout(&dialog);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* title = new QLineEdit(default_title, &dialog);
  auto* paper = new QComboBox(&dialog);
  const std::vector<std::pair<QString, QSizeF>> papers = {{QObject::tr("A4 landscape"), {297, 210}},
                                                          {QObject::tr("A4 portrait"), {210, 297}},
                                                          {QObject::tr("A3 landscape"), {420, 297}},
                                                          {QObject::tr("A3 portrait"), {297, 420}}};
  for (const auto& [name, size] : papers) paper->addItem(name, size);
  auto* scale = new QComboBox(&dialog);
  scale->addItem(QObject::tr("As on screen"), 0.0);
  for (double s : {500.0, 1000.0, 2000.0, 5000.0, 10000.0}) scale->addItem(QString("1:%L1").arg(s, 0, 'f', 0), s);
  auto* dpi = new QDoubleSpinBox(&dialog);
  dpi->setRange(72, 1200);
  dpi->setDecimals(0);
  dpi->setValue(300);
  form->addRow(QObject::tr("Title"), title);
  form->addRow(QObject::tr("Paper"), paper);
  form->addRow(QObject::tr("Scale"), scale);
  form->addRow(QObject::tr("DPI"), dpi);
  okCancel(dialog, form);
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  MapExportChoice choice{file, title->text(), paper->currentData().toSizeF(), dpi->value(), std::nullopt};
  if (scale->currentData().toDouble() > 0) choice.scale = scale->currentData().toDouble();
  return choice;
}

std::optional<geo::MapLayerSpec> askBasemap(QWidget* parent) {
  QDialog dialog(parent);
  dialog.setObjectName("basemap_dialog");
  dialog.setWindowTitle(QObject::tr("Add basemap"));
  auto* form = new QFormLayout(&dialog);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* source = new QComboBox(&dialog);
  const std::vector<geo::MapLayerSpec> presets = geo::basemap_presets();
  for (std::size_t i = 0; i < presets.size(); ++i) source->addItem(QString::fromStdString(presets[i].name), static_cast<int>(i));
  source->addItem(QObject::tr("Tile service by URL (XYZ template or WMTS capabilities)"), -1);
  source->addItem(QObject::tr("Raster file (GeoTIFF, MBTiles, GeoPackage tiles)…"), -2);
  auto* url = new QLineEdit(&dialog);
  url->setPlaceholderText("http://127.0.0.1:8080/{z}/{x}/{y}.png");
  auto* gcj = new QComboBox(&dialog);
  gcj->addItem(QObject::tr("true coordinates (WGS 84 / CGCS2000)"), "none");
  gcj->addItem(QObject::tr("GCJ-02 (AMap, Tencent)"), "gcj02");
  auto* attribution = new QLineEdit(&dialog);
  form->addRow(QObject::tr("Basemap"), source);
  form->addRow(QObject::tr("URL template"), url);
  form->addRow(QObject::tr("Coordinates of the tiles"), gcj);
  form->addRow(QObject::tr("Attribution"), attribution);
  okCancel(dialog, form);
  auto custom_fields = [&] {
    const bool custom = source->currentData().toInt() == -1;
    url->setEnabled(custom);
    gcj->setEnabled(custom);
    attribution->setEnabled(custom);
  };
  QObject::connect(source, &QComboBox::currentIndexChanged, &dialog, custom_fields);
  custom_fields();
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  const int choice = source->currentData().toInt();
  geo::MapLayerSpec spec;
  if (choice == -2) {
    const QString file = QFileDialog::getOpenFileName(parent, QObject::tr("Raster file"), {},
                                                      QObject::tr("Raster (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;All files (*)"));
    if (file.isEmpty()) return std::nullopt;
    spec.kind = geo::MapLayerKind::Raster;
    spec.source = std::filesystem::u8path(file.toStdString());
    spec.id = "raster:" + spec.source.filename().string();
    spec.name = spec.source.filename().string();
    return spec;
  }
  if (choice == -1) {
    const QString text = url->text().trimmed();
    spec.kind = geo::MapLayerKind::Tiles;
    spec.url = text.toStdString();
    if (!geo::is_wmts(spec) && (!text.contains("{x}") || !text.contains("{y}") || !text.contains("{z}"))) {
      QMessageBox::warning(parent, QObject::tr("Add basemap"),
                           QObject::tr("The URL needs {x}, {y} and {z} where the tile's column, row and zoom go, or must be a WMTS "
                                       "capabilities document (…/WMTSCapabilities.xml or …REQUEST=GetCapabilities)."));
      return std::nullopt;
    }
    spec.id = "tiles:" + spec.url;
    spec.name = QUrl(text).host().toStdString() + " " + QObject::tr("tiles").toStdString();
    spec.offset = gcj->currentData().toString() == "gcj02" ? geo::WebMapOffset::Gcj02 : geo::WebMapOffset::None;
    spec.attribution = attribution->text().trimmed().toStdString();
    return spec;
  }
  spec = presets[static_cast<std::size_t>(choice)];
  if (!spec.key_env.empty() && qEnvironmentVariableIsEmpty(spec.key_env.c_str())) {
    bool ok = false;
    const QString key = QInputDialog::getText(parent, QObject::tr("Key for %1").arg(QString::fromStdString(spec.name)),
                                              QObject::tr("This service needs your key (%1). It is kept in this computer's settings, never in the project.")
                                                  .arg(QString::fromStdString(spec.key_env)),
                                              QLineEdit::Normal, {}, &ok);
    if (!ok || key.trimmed().isEmpty()) return std::nullopt;
    QSettings().setValue(QString("keys/%1").arg(QString::fromStdString(spec.key_env)), key.trimmed());
    qputenv(spec.key_env.c_str(), key.trimmed().toUtf8());
  }
  return spec;
}

}  // namespace cp
