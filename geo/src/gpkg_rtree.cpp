#include "gpkg_rtree.h"
#include "sql_quote.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <span>

#include <fmt/format.h>

#include "geo/error.h"

namespace geo::gpkg_rtree {

namespace {

struct DatabaseCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class Connection {
 public:
  Connection(const std::filesystem::path& file, const std::string& table) : file_(file), table_(table) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail("cannot open it to index it");
  }

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write its spatial index");
  }

  Statement prepare(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail("cannot write its spatial index");
    return Statement(raw);
  }

  // Runs a prepared statement with these values bound, ready for the next.
  void run(Statement& s, std::int64_t a, std::int64_t b) {
    sqlite3_bind_int64(s.get(), 1, a);
    sqlite3_bind_int64(s.get(), 2, b);
    step(s);
  }
  void run(Statement& s, std::int64_t a, std::span<const unsigned char> blob) {
    sqlite3_bind_int64(s.get(), 1, a);
    sqlite3_bind_blob(s.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    step(s);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("{} ({})", what, db_ ? sqlite3_errmsg(db_.get()) : "SQLite could not start"),
                {.file = file_.string(), .layer = table_});
  }

 private:
  void step(Statement& s) {
    if (sqlite3_step(s.get()) != SQLITE_DONE) fail("cannot write its spatial index");
    sqlite3_reset(s.get());
  }

  std::filesystem::path file_;
  std::string table_;
  Database db_;
};

// A box as the R*Tree keeps it: 32-bit floats rounded outwards, so that it holds the feature.
struct Cell {
  std::int64_t id;  // a feature id in a leaf, a child node's number above
  float min_x, max_x, min_y, max_y;
};

// Rounded as SQLite's R*Tree rounds a value inserted into it (rtreeValueDown and rtreeValueUp in
// ext/rtree/rtree.c), so that the index holds the boxes an insert through SQLite would hold.
constexpr double kTowardsZero = 1.0 - 1.0 / 8388608.0;
constexpr double kAwayFromZero = 1.0 + 1.0 / 8388608.0;
float down(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) > v ? static_cast<float>(v * (v < 0 ? kAwayFromZero : kTowardsZero)) : f;
}
float up(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) < v ? static_cast<float>(v * (v < 0 ? kTowardsZero : kAwayFromZero)) : f;
}

Cell enclosing(std::int64_t id, std::span<const Cell> cells) {
  Cell out{id, cells[0].min_x, cells[0].max_x, cells[0].min_y, cells[0].max_y};
  for (const Cell& c : cells) {
    out.min_x = std::min(out.min_x, c.min_x);
    out.max_x = std::max(out.max_x, c.max_x);
    out.min_y = std::min(out.min_y, c.min_y);
    out.max_y = std::max(out.max_y, c.max_y);
  }
  return out;
}

// Sort-tile-recursive: the cells in vertical slices by x, each slice by y, then cut into runs of
// `per_node`; every node but the last of a slice full.
std::vector<std::span<const Cell>> pack(std::vector<Cell>& cells, std::size_t per_node) {
  const std::size_t nodes = (cells.size() + per_node - 1) / per_node;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const std::size_t per_slice = slices * per_node;
  auto centre_x = [](const Cell& c) { return static_cast<double>(c.min_x) + c.max_x; };
  auto centre_y = [](const Cell& c) { return static_cast<double>(c.min_y) + c.max_y; };
  std::sort(cells.begin(), cells.end(), [&](const Cell& a, const Cell& b) { return centre_x(a) < centre_x(b); });
  std::vector<std::span<const Cell>> out;
  for (std::size_t s = 0; s < cells.size(); s += per_slice) {
    const auto slice_end = cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), s + per_slice));
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(s), slice_end,
              [&](const Cell& a, const Cell& b) { return centre_y(a) < centre_y(b); });
    for (std::size_t n = s; n < static_cast<std::size_t>(slice_end - cells.begin()); n += per_node)
      out.emplace_back(&cells[n], std::min(per_node, static_cast<std::size_t>(slice_end - cells.begin()) - n));
  }
  return out;
}

// SQLite's node format (ext/rtree/rtree.c): the tree's depth (root only) and the number of cells,
// 16 bits each, then per cell a 64-bit id and four 32-bit floats, all big-endian; every node the
// size of the root.
std::vector<unsigned char> node_bytes(std::span<const Cell> cells, int depth, std::size_t node_size) {
  std::vector<unsigned char> out(node_size, 0);
  auto put = [&out](std::size_t at, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * (bytes - 1 - i)));
  };
  put(0, static_cast<std::uint64_t>(depth), 2);
  put(2, cells.size(), 2);
  std::size_t at = 4;
  for (const Cell& c : cells) {
    put(at, static_cast<std::uint64_t>(c.id), 8);
    at += 8;
    for (const float v : {c.min_x, c.max_x, c.min_y, c.max_y}) {
      put(at, std::bit_cast<std::uint32_t>(v), 4);
      at += 4;
    }
  }
  return out;
}

}  // namespace

void write_index(const std::filesystem::path& file, const std::string& table, const std::string& geometry_column,
                 const std::string& fid_column, std::vector<IndexedBox> boxes) {
  Connection db(file, table);
  const std::string rtree = "rtree_" + table + "_" + geometry_column;
  db.exec("BEGIN");
  db.exec(fmt::format("CREATE VIRTUAL TABLE {} USING rtree(id, minx, maxx, miny, maxy)", sql_identifier(rtree)));
  std::size_t node_size = 0;
  {
    Statement size = db.prepare(fmt::format("SELECT length(data) FROM {} WHERE nodeno = 1", sql_identifier(rtree + "_node")));
    if (sqlite3_step(size.get()) == SQLITE_ROW) node_size = static_cast<std::size_t>(sqlite3_column_int64(size.get(), 0));
  }
  constexpr std::size_t kCellBytes = 8 + 4 * 4;
  if (node_size < 4 + 2 * kCellBytes) db.fail("SQLite made an R*Tree node of an unexpected size");
  const std::size_t per_node = (node_size - 4) / kCellBytes;

  std::vector<Cell> cells;
  cells.reserve(boxes.size());
  for (const auto& b : boxes) cells.push_back({b.fid, down(b.box.min_x), up(b.box.max_x), down(b.box.min_y), up(b.box.max_y)});
  boxes = {};
  Statement node = db.prepare(fmt::format("INSERT OR REPLACE INTO {}(nodeno, data) VALUES (?, ?)", sql_identifier(rtree + "_node")));
  Statement rowid = db.prepare(fmt::format("INSERT INTO {}(rowid, nodeno) VALUES (?, ?)", sql_identifier(rtree + "_rowid")));
  Statement parent = db.prepare(fmt::format("INSERT INTO {}(nodeno, parentnode) VALUES (?, ?)", sql_identifier(rtree + "_parent")));
  // Bottom up: each level's nodes become the cells of the level above, until one node holds
  // them all, the root (always node 1).
  int depth = 0;
  std::int64_t next_number = 2;
  auto adopt = [&](std::span<const Cell> children, std::int64_t number) {
    for (const Cell& child : children) db.run(depth == 0 ? rowid : parent, child.id, number);
  };
  while (cells.size() > per_node) {
    std::vector<Cell> above;
    for (const auto& children : pack(cells, per_node)) {
      const std::int64_t number = next_number++;
      db.run(node, number, node_bytes(children, 0, node_size));
      adopt(children, number);
      above.push_back(enclosing(number, children));
    }
    cells = std::move(above);
    ++depth;
  }
  db.run(node, 1, node_bytes(cells, depth, node_size));
  adopt(cells, 1);

  // The extension's triggers, as the GeoPackage standard gives them (http://www.geopackage.org/spec120/#extension_rtree).
  const std::string t = sql_identifier(table), c = sql_identifier(geometry_column), i = sql_identifier(fid_column), r = sql_identifier(rtree);
  auto trigger = [&](const std::string& suffix) { return sql_identifier(rtree + "_" + suffix); };
  const std::string insert_new = fmt::format("INSERT OR REPLACE INTO {0} VALUES (NEW.{1}, ST_MinX(NEW.{2}), ST_MaxX(NEW.{2}), "
                                             "ST_MinY(NEW.{2}), ST_MaxY(NEW.{2}));",
                                             r, i, c);
  db.exec(fmt::format("CREATE TRIGGER {} AFTER INSERT ON {} WHEN (new.{} NOT NULL AND NOT ST_IsEmpty(NEW.{})) BEGIN {} END",
                      trigger("insert"), t, c, c, insert_new));
  db.exec(fmt::format("CREATE TRIGGER {} AFTER UPDATE OF {} ON {} WHEN OLD.{} = NEW.{} AND (NEW.{} NOTNULL AND NOT ST_IsEmpty(NEW.{})) "
                      "BEGIN {} END",
                      trigger("update1"), c, t, i, i, c, c, insert_new));
  db.exec(fmt::format("CREATE TRIGGER {} AFTER UPDATE OF {} ON {} WHEN OLD.{} = NEW.{} AND (NEW.{} ISNULL OR ST_IsEmpty(NEW.{})) "
                      "BEGIN DELETE FROM {} WHERE id = OLD.{}; END",
                      trigger("update2"), c, t, i, i, c, c, r, i));
  db.exec(fmt::format("CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.{} != NEW.{} AND (NEW.{} NOTNULL AND NOT ST_IsEmpty(NEW.{})) "
                      "BEGIN DELETE FROM {} WHERE id = OLD.{}; {} END",
                      trigger("update3"), t, i, i, c, c, r, i, insert_new));
  db.exec(fmt::format("CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.{} != NEW.{} AND (NEW.{} ISNULL OR ST_IsEmpty(NEW.{})) "
                      "BEGIN DELETE FROM {} WHERE id IN (OLD.{}, NEW.{}); END",
                      trigger("update4"), t, i, i, c, c, r, i, i));
  db.exec(fmt::format("CREATE TRIGGER {} AFTER DELETE ON {} WHEN old.{} NOT NULL BEGIN DELETE FROM {} WHERE id = OLD.{}; END",
                      trigger("delete"), t, c, r, i));
  db.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
          "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  Statement extension = db.prepare("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                                   "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  sqlite3_bind_text(extension.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(extension.get(), 2, geometry_column.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(extension.get()) != SQLITE_DONE) db.fail("cannot register its spatial index");
  db.exec("COMMIT");
}

}  // namespace geo::gpkg_rtree
