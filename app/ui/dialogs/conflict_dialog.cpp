#include "dialogs/conflict_dialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cp {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ConflictDialog", text); }
QString shown(const geo::Value& v) {
  const std::string s = geo::value_to_string(v);
  return s.empty() ? tr("(empty)") : QString::fromStdString(s);
}

}  // namespace

ConflictChoice askConflict(QWidget* parent, const std::vector<geo::EditConflict>& conflicts) {
  QDialog dialog(parent);
  dialog.setObjectName("conflict_dialog");
  dialog.setWindowTitle(tr("Someone else saved these plots"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* intro = new QLabel(tr("Since you opened the project, %n plot(s) you changed were saved by someone else. "
                              "Nothing of your save was written yet. Keep your version (it replaces theirs), "
                              "take theirs (your change of these plots is dropped, your other changes are saved), "
                              "or cancel and decide later.")
                               .replace("%n", QString::number(conflicts.size())),
                           &dialog);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* table = new QTreeWidget(&dialog);
  table->setObjectName("conflicts");
  table->setHeaderLabels({tr("Feature / field"), tr("When read"), tr("Yours"), tr("Theirs")});
  table->setRootIsDecorated(true);
  for (const auto& c : conflicts) {
    auto* feature = new QTreeWidgetItem(table);
    feature->setText(0, tr("feature %1").arg(c.fid));
    if (c.deleted) {
      feature->setText(3, tr("deleted"));
      continue;
    }
    feature->setText(3, tr("version %1, saved by %2 at %3")
                            .arg(c.their_version)
                            .arg(QString::fromStdString(c.edited_by), QString::fromStdString(c.edited_at).left(19)));
    for (const auto& f : c.fields) {
      auto* row = new QTreeWidgetItem(feature);
      row->setText(0, QString::fromStdString(f.field));
      row->setText(1, shown(f.original));
      row->setText(2, shown(f.mine));
      row->setText(3, shown(f.theirs));
    }
    if (c.my_shape_changed) {
      auto* row = new QTreeWidgetItem(feature);
      row->setText(0, tr("shape"));
      row->setText(2, tr("changed"));
    }
    feature->setExpanded(true);
  }
  table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(table);
  auto* buttons = new QDialogButtonBox(&dialog);
  QPushButton* mine = buttons->addButton(tr("Keep mine"), QDialogButtonBox::AcceptRole);
  mine->setObjectName("keep_mine");
  QPushButton* theirs = buttons->addButton(tr("Take theirs"), QDialogButtonBox::AcceptRole);
  theirs->setObjectName("take_theirs");
  QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
  cancel->setObjectName("cancel");
  cancel->setDefault(true);  // a stray Enter overwrites nobody
  ConflictChoice choice = ConflictChoice::Cancel;
  QObject::connect(mine, &QPushButton::clicked, &dialog, [&] {
    choice = ConflictChoice::KeepMine;
    dialog.accept();
  });
  QObject::connect(theirs, &QPushButton::clicked, &dialog, [&] {
    choice = ConflictChoice::TakeTheirs;
    dialog.accept();
  });
  QObject::connect(cancel, &QPushButton::clicked, &dialog, &QDialog::reject);
  layout->addWidget(buttons);
  dialog.resize(640, 360);
  dialog.exec();
  return choice;
}

}  // namespace cp
