// The main window's dialogs that end in a file or a new plot: the printed map, layer exports,
// the approval package, a drawn plot's figures.
#include "main_window.h"

#include <QApplication>
#include <QDate>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QMessageBox>
#include <QTreeWidget>

#include "dialogs/layer_dialogs.h"
#include "map_layout.h"
#include "panels/layer_tree_panel.h"
#include "panels/review_panel.h"

namespace cp {

bool MainWindow::exportMap(const QString& file, const QString& title, QSizeF page_mm, double dpi, QString* error,
                           std::optional<double> scale) {
  const geo::Project* project = session_->project();
  if (!project) return false;
  MapLayout layout;
  layout.title = title;
  layout.page_mm = page_mm;
  layout.dpi = dpi;
  layout.scale = scale;
  layout.subtitle = tr("CRS: EPSG:%1 · %2 · Community Planner").arg(project->working_epsg).arg(QDate::currentDate().toString(Qt::ISODate));
  // The legend lists what the map shows, top of the map first, with the layer tree's classes.
  const double scale_now = canvas_->scaleDenominator();
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
    const MapLayerEntry* e = session_->layer(item->data(0, Qt::UserRole + 1).toString());
    if (!e || !e->visible || !e->style.shown_at(scale ? *scale : scale_now)) continue;
    const bool point = is_point_layer(*e->data);
    if (item->childCount() == 0) {
      layout.legend.push_back({e->name, e->style.fill, e->style.stroke, point});
      continue;
    }
    for (int k = 0; k < item->childCount(); ++k) {
      const QTreeWidgetItem* child = item->child(k);
      const QColor colour = child->data(0, Qt::UserRole + 2).value<QColor>();
      layout.legend.push_back({e->name + ": " + child->text(0), colour, point ? Qt::white : Qt::black, point});
    }
  }
  QStringList sources;
  for (const auto& layer : canvas_->layers())
    if (!layer.data->attribution.isEmpty() && !sources.contains(layer.data->attribution)) sources << layer.data->attribution;
  if (!sources.isEmpty()) layout.attribution = "© " + sources.join(" · ");
  const QRectF extent = canvas_->view().visible(canvas_->size());
  return export_map(file, layout, canvas_->layers(), extent, error);
}

void MainWindow::chooseMapExport() {
  const geo::Project* project = session_->project();
  if (!project) return;
  const auto choice = askMapExport(this, tr("Plot review — %1").arg(QString::fromStdString(project->spec.name)));
  if (!choice) return;
  QString error;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const bool ok = exportMap(choice->file, choice->title, choice->page_mm, choice->dpi, &error, choice->scale);
  QApplication::restoreOverrideCursor();
  if (!ok) QMessageBox::warning(this, tr("Export failed"), choice->file + ": " + error);
}

void MainWindow::chooseLayerExport(const QString& ticked) {
  const geo::Project* project = session_->project();
  if (!project) return;
  std::vector<std::pair<QString, QString>> layers;
  if (session_->review()) layers.emplace_back("review_plots", tr("Plots with their review (verdicts, rules)"));
  for (const MapLayerEntry& e : session_->layers()) layers.emplace_back(e.id, e.name);
  const QString first = ticked.isEmpty() && session_->review() ? QString("review_plots") : ticked;
  if (const auto choice = askLayerExport(this, layers, first, project->working_epsg))
    session_->startLayerExport(choice->layer_ids, choice->file, choice->options);
}

void MainWindow::chooseApprovalPackage() {
  const auto& review = session_->review();
  if (!review) return;
  QStringList choices{tr("All plots")};
  for (const auto& p : review->plots) choices << QString::fromStdString(p.plot_id);
  int current = 0;
  if (const int plot = review_panel_->currentPlot(); plot >= 0)
    for (std::size_t i = 0; i < review->plots.size(); ++i)
      if (review->plots[i].index == static_cast<std::size_t>(plot)) current = static_cast<int>(i) + 1;
  bool ok = false;
  const QString choice = QInputDialog::getItem(this, tr("Approval package"), tr("Plot"), choices, current, false, &ok);
  if (!ok) return;
  const bool all = choice == choices.front();
  const QString file = QFileDialog::getSaveFileName(this, tr("Approval package"), all ? "approval.pdf" : choice + ".pdf", "PDF (*.pdf)");
  if (file.isEmpty()) return;
  session_->startApprovalPackage(all ? QStringList() : QStringList{choice}, file);
}

void MainWindow::askPlotAttributes(const QPolygonF& ring) {
  // Window-modal but without a nested event loop: the map keeps drawing behind it.
  auto* dialog = new QDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setObjectName("new_plot_dialog");
  dialog->setWindowTitle(tr("New plot"));
  auto* form = new QFormLayout(dialog);
  auto spin = [dialog](double value, double max) {
    auto* s = new QDoubleSpinBox(dialog);
    s->setRange(0, max);
    s->setDecimals(0);
    s->setValue(value);
    return s;
  };
  auto* households = spin(500, 100000);
  auto* gfa = spin(55000, 10000000);
  auto* reserved = spin(150, 100000);
  form->addRow(tr("Households"), households);
  form->addRow(tr("Gross floor area m²"), gfa);
  form->addRow(tr("Reserved office m²"), reserved);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  connect(dialog, &QDialog::accepted, this, [this, ring, households, gfa, reserved] {
    session_->addPlot(ring, households->value(), gfa->value(), reserved->value());
  });
  dialog->open();
}

}  // namespace cp
