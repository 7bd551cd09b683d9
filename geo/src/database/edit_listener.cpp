// Others' saves, heard through LISTEN/NOTIFY on a connection of the listener's own.
#include <sstream>

#include "database/pg_connection.h"
#include "geo/database.h"

namespace geo {

struct EditListener::Impl {
  std::string source;
  PgConnection connection;
  explicit Impl(const std::string& s) : source(s), connection(s) {}
};

EditListener::EditListener(const std::string& source) : impl_(std::make_unique<Impl>(source)) {
  impl_->connection.exec("LISTEN cplan_edits");
}

EditListener::~EditListener() = default;

int EditListener::socket() const { return PQsocket(impl_->connection.raw()); }

std::vector<EditNotice> EditListener::take() {
  std::vector<EditNotice> out;
  PGconn* c = impl_->connection.raw();
  if (!PQconsumeInput(c)) return out;  // a lost connection: no more notices (a refresh still reads all)
  while (PGnotify* n = PQnotifies(c)) {
    std::unique_ptr<PGnotify, decltype(&PQfreemem)> notice(n, &PQfreemem);
    std::istringstream payload(notice->extra);
    EditNotice e;
    payload >> e.table >> e.fid >> e.by;
    if (payload) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace geo
