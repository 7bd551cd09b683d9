#pragma once
// The dialog a save into a shared database opens when someone else saved the same plots since
// they were read: both versions side by side, and the user's choice.
#include <vector>

#include "geo/database.h"

class QWidget;

namespace cp {

enum class ConflictChoice { KeepMine, TakeTheirs, Cancel };

// Every conflicting feature with the fields either side changed (read, yours, theirs), who saved
// theirs and when. The choice applies to all of them.
ConflictChoice askConflict(QWidget* parent, const std::vector<geo::EditConflict>& conflicts);

}  // namespace cp
