#include "review_panel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "../session.h"

namespace cp {

namespace {
enum Column { kPlotColumn, kCommunityColumn, kVerdictColumn, kHouseholdsColumn, kRequiredColumn, kReservedColumn, kShortColumn, kParkingColumn };
}

ReviewPanel::ReviewPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  auto* pack_row = new QHBoxLayout;
  pack_row->addWidget(new QLabel(tr("Rule pack"), this));
  pack_combo_ = new QComboBox(this);
  for (const QString& pack : Session::shippedRulePacks()) pack_combo_->addItem(pack);
  pack_combo_->setCurrentText(session_->rulePack());
  pack_row->addWidget(pack_combo_, 1);
  layout->addLayout(pack_row);
  table_ = new QTableWidget(this);
  table_->setColumnCount(8);
  table_->setHorizontalHeaderLabels({tr("Plot"), tr("Community"), tr("Verdict"), tr("Households"), tr("Required m²"),
                                     tr("Reserved m²"), tr("Short m²"), tr("Parking")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  table_->setSortingEnabled(true);
  table_->setWordWrap(false);
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_);
  setMinimumWidth(430);

  connect(pack_combo_, &QComboBox::currentTextChanged, session_, &Session::setRulePack);
  connect(session_, &Session::reviewed, this, &ReviewPanel::fill);
  connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() != kHouseholdsColumn && item->column() != kReservedColumn) return;
    bool ok = false;
    const double value = item->data(Qt::DisplayRole).toDouble(&ok);
    const auto index = static_cast<std::size_t>(table_->item(item->row(), kPlotColumn)->data(Qt::UserRole).toInt());
    if (ok && value >= 0) session_->editPlot(index, item->column() == kHouseholdsColumn ? "households" : "reserved_office_m2", value);
  });
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
    const int plot = currentPlot();
    if (plot >= 0) emit plotChosen(static_cast<std::size_t>(plot));
  });
}

int ReviewPanel::currentPlot() const {
  const auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return -1;
  const QTableWidgetItem* id = table_->item(rows.front().row(), kPlotColumn);
  return id ? id->data(Qt::UserRole).toInt() : -1;
}

void ReviewPanel::fill() {
  {
    const QSignalBlocker block_pack(pack_combo_);
    pack_combo_->setCurrentText(session_->rulePack());
  }
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(false);
  const auto& review = session_->review();
  table_->setRowCount(review ? static_cast<int>(review->plots.size()) : 0);
  if (!review) return;
  auto number = [](const std::optional<double>& v, bool editable) {
    auto* item = new QTableWidgetItem;
    if (v) item->setData(Qt::DisplayRole, std::round(*v * 10) / 10);
    if (!editable) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
  };
  auto text = [](const QString& t, const QString& tip = {}) {
    auto* item = new QTableWidgetItem(t);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setToolTip(tip.isEmpty() ? t : tip);  // long community names stay readable
    return item;
  };
  for (int r = 0; r < static_cast<int>(review->plots.size()); ++r) {
    const geo::PlotReview& p = review->plots[static_cast<std::size_t>(r)];
    auto* id = text(QString::fromStdString(p.plot_id), QString::fromStdString(p.reason));
    id->setData(Qt::UserRole, static_cast<int>(p.index));
    table_->setItem(r, kPlotColumn, id);
    table_->setItem(r, kCommunityColumn, text(p.community ? QString::fromStdString(review->communities[*p.community].name) : QString("—")));
    auto* verdict = text(verdict_label(p.verdict), QString::fromStdString(p.citation + "\n" + p.reason));
    verdict->setForeground(QColor(geo::verdict_colour(p.verdict)));
    table_->setItem(r, kVerdictColumn, verdict);
    table_->setItem(r, kHouseholdsColumn, number(p.households, true));
    table_->setItem(r, kRequiredColumn, number(p.required_office_m2, false));
    table_->setItem(r, kReservedColumn, number(p.reserved_office_m2, true));
    table_->setItem(r, kShortColumn, number(p.shortfall_m2, false));
    // The parking verdict beside the office space's, where the pack has a parking standard.
    QString parking = QStringLiteral("—");
    if (p.parking)
      parking = p.parking->verdict == geo::Verdict::Short
                    ? tr("short %L1").arg(p.parking->shortfall_spaces.value_or(0), 0, 'f', 0)
                    : verdict_label(p.parking->verdict);
    auto* parking_item = text(parking, p.parking ? QString::fromStdString(p.parking->citation + "\n" + p.parking->reason) : QString());
    if (p.parking) parking_item->setForeground(QColor(geo::verdict_colour(p.parking->verdict)));
    table_->setItem(r, kParkingColumn, parking_item);
  }
  table_->setSortingEnabled(true);
  table_->resizeColumnsToContents();
}

}  // namespace cp
