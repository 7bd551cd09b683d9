#include "database/pg_connection.h"

#include <map>

#include "geo/database.h"

namespace geo {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

PgConnection::PgConnection(const std::string& source)
    : conn_(PQconnectdb(libpq_conninfo(source).c_str()), &PQfinish), shown_(redact_connection(source)) {
  if (!conn_) throw Error("cannot connect: out of memory", {.file = shown_});
  if (PQstatus(conn_.get()) != CONNECTION_OK) throw Error("cannot connect: " + trimmed(PQerrorMessage(conn_.get())), {.file = shown_});
  // Text the engine sends and reads is UTF-8 whatever the server's locale.
  PQsetClientEncoding(conn_.get(), "UTF8");
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) const {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* raw = PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
  PgResult r(raw);
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
  if (PQstatus(conn_.get()) != CONNECTION_OK)
    throw DatabaseError("the connection was lost (" + trimmed(PQerrorMessage(conn_.get())) + "); the database keeps nothing of an unfinished save",
                        {.file = shown_}, "08006");
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string message = primary ? primary : trimmed(PQerrorMessage(conn_.get()));
  if (detail) message += " (" + std::string(detail) + ")";
  throw DatabaseError("the database refused: " + message, {.file = shown_}, state ? state : "");
}

namespace {

std::map<std::string, std::unique_ptr<PgConnection>>& this_threads_connections() {
  thread_local std::map<std::string, std::unique_ptr<PgConnection>> open;
  return open;
}

}  // namespace

const PgConnection& pooled_connection(const std::string& source) {
  auto& c = this_threads_connections()[source];
  if (!c || !c->is_open()) c = std::make_unique<PgConnection>(source);
  return *c;
}


PgTransaction::~PgTransaction() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (...) {
    // A lost connection has ended the transaction on the server already.
  }
}

}  // namespace geo
