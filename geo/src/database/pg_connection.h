#pragma once
// libpq behind RAII: one connection per object (libpq's connections are not shared between
// threads), results freed with their object, every failure a geo::Error naming the database
// (its password hidden) and PostgreSQL's SQLSTATE.
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/error.h"

namespace geo {

// PostgreSQL refused a statement: the message and the SQLSTATE it gave ("42501": no right).
class DatabaseError : public Error {
 public:
  DatabaseError(const std::string& problem, Location where, std::string sqlstate)
      : Error(problem, std::move(where)), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  bool no_right() const noexcept { return sqlstate_ == "42501"; }

 private:
  std::string sqlstate_;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : result_(r, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  // The value at row r, column c as PostgreSQL prints it; empty for NULL.
  std::optional<std::string> value(int r, int c) const {
    if (PQgetisnull(result_.get(), r, c)) return std::nullopt;
    return std::string(PQgetvalue(result_.get(), r, c), static_cast<std::size_t>(PQgetlength(result_.get(), r, c)));
  }
  std::string command_tuples() const { return PQcmdTuples(result_.get()); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

class PgConnection {
 public:
  // source: a "PG:" connection string, as a project names its layers' source.
  explicit PgConnection(const std::string& source);
  // Parameters are sent as text, apart from the statement: never spliced into it.
  PgResult exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) const;
  const std::string& shown() const { return shown_; }
  PGconn* raw() const { return conn_.get(); }
  bool is_open() const { return PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::string shown_;
};

// This thread's open connection to the source, opened on first use and again when it was lost:
// a save does not pay for a new connection (and its server process) each time. libpq
// connections are not shared between threads, so each thread keeps its own.
const PgConnection& pooled_connection(const std::string& source);

// BEGIN on construction; ROLLBACK on destruction unless committed: an exception or a lost
// connection leaves the database as it was.
class PgTransaction {
 public:
  explicit PgTransaction(const PgConnection& c) : c_(c) { c_.exec("BEGIN"); }
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  const PgConnection& c_;
  bool done_ = false;
};

}  // namespace geo
