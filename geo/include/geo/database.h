#pragma once
// Projects whose layers live in a PostgreSQL/PostGIS database, shared by a bureau's planners and
// street offices. A layer's source is then GDAL's connection string, "PG:service=planning" or
// "PG:host=... dbname=...": libpq's keys, so that a service file (~/.pg_service.conf), ~/.pgpass
// and PGPASSWORD supply the password. A password is never written into a project file.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "geo/error.h"
#include "geo/feedback.h"
#include "geo/project.h"

namespace geo {

// "PG:..." names a database, not a file (GDAL's prefix, any case).
bool is_database_source(std::string_view source);

// The connection string with its password (key password=, or a URI's user:password@) shown as
// "***": what a message, a log or a report may print.
std::string redact_connection(std::string_view source);

// The connection string without its password: what a project file may hold.
std::string without_password(std::string_view source);

// libpq's own connection string for a "PG:" source: GDAL's prefix and GDAL's own keys (schemas=,
// tables=, active_schema=) taken out.
std::string libpq_conninfo(std::string_view source);

// A database layer as a project names it, "schema.table" or "table" (in public): its parts, and
// "schema.table" as PostgreSQL's notices and messages name it.
struct TableName {
  std::string schema, table;
  std::string shown() const { return schema + "." + table; }
};
TableName table_name_of(const std::string& layer);

// Every row of a published table carries these, kept by a trigger on every insert and update,
// from cplan, the map application or QGIS alike: a save that finds another version than the one
// it read would overwrite someone else's change, and is refused as a conflict.
inline constexpr const char* kRowVersionColumn = "row_version";
inline constexpr const char* kEditedByColumn = "edited_by";
inline constexpr const char* kEditedAtColumn = "edited_at";

struct PublishOptions {
  std::string target;             // "PG:service=planning" or "PG:host=... dbname=..."
  std::string schema = "public";  // created when missing
  bool overwrite = false;         // replace tables of the same names, else refuse to touch them
  // The project file written for the published project: the same roles, fields, styles and
  // settings, each layer's source the database. Empty: none written.
  std::filesystem::path project_file;
};

struct PublishedTable {
  std::optional<Role> role;    // a role's layer, or
  // or another layer the project reads: a [[map_layers]] id, "households.residential_areas",
  // "households.calibration.zones"
  std::string other_layer;
  std::string table;    // schema-qualified where the schema is not public
  std::size_t features = 0;
};

struct PublishReport {
  std::string target;  // redacted
  std::vector<PublishedTable> tables;
  std::filesystem::path project_file;
  std::vector<std::string> notes;
};

// Copies every layer of a project (and the vector layers its map shows beside them) into the
// database as it is in its source (fields under their
// own names, geometries in the source's CRS, feature ids kept), each with a spatial index, the
// row version columns and their trigger, and its style in the layer_styles table QGIS reads.
// All of it in one transaction: a failure or a cancel leaves the database as it was.
PublishReport publish_project(const ProjectSpec& spec, const PublishOptions& options, Feedback* feedback = nullptr);

}  // namespace geo

namespace geo {

// One field of a feature two people edited: what was read, what this user made of it, what the
// database holds now.
struct FieldConflict {
  std::string field;  // the model's name ("households"), or the table's for its other fields
  Value original, mine, theirs;
};

// A feature this save would have overwritten: someone else saved it after it was read.
struct EditConflict {
  std::int64_t fid = 0;
  bool deleted = false;             // deleted meanwhile
  std::int64_t their_version = 0;   // the row's version now
  std::string edited_by, edited_at;  // who saved it last, and when
  std::vector<FieldConflict> fields;  // the fields either side changed, both versions
  bool my_shape_changed = false;
};

// Thrown by a save that found conflicts: nothing of it was written.
class EditConflicts : public Error {
 public:
  EditConflicts(std::vector<EditConflict> conflicts, const std::string& where);
  const std::vector<EditConflict>& conflicts() const noexcept { return conflicts_; }

 private:
  std::vector<EditConflict> conflicts_;
};

// How the user settled the conflicts of an earlier attempt.
struct ConflictResolution {
  // Keep mine: saved over the version the user was shown (fid -> that version), so that a
  // third change since then is still a conflict.
  std::map<std::int64_t, std::int64_t> keep_mine;
  // Take theirs: this user's edit of these features is dropped.
  std::set<std::int64_t> take_theirs;
};

// Saves a role's edits to its table in one transaction, each changed feature only if its row
// version is still the one read: else nothing is written and EditConflicts says which features
// and how. A refusal by the database's rights names the table and the right.
std::size_t save_database_edits(const Project& project, Role role, const LayerData& loaded, const LayerData& edited,
                                const ConflictResolution& resolution = {}, std::vector<std::int64_t>* saved_fids = nullptr);

}  // namespace geo

namespace geo {

// The bureau's privilege model for a published project, set up by the database's owner:
// - cplan_planner: reads every table, edits plots (adds, changes, deletes);
// - cplan_street_office: reads every table, edits facilities and parking only within the
//   communities of its street (row-level security: the communities' street field against the
//   street_offices table, which maps each login to its street);
// - nobody edits rule packs in the database: they are files (plugins/rules), reviewed like code.
// The owner keeps every right (PostgreSQL exempts a table's owner from its row-level security).
struct RoleModel {
  std::vector<std::string> planners;                              // logins made planners
  std::vector<std::pair<std::string, std::string>> street_offices;  // login, street (as the communities' street field holds it)
};

// The SQL that sets the model up (idempotent: run again, it replaces the policies and adds the
// logins), for a DBA to read or run.
std::vector<std::string> role_model_sql(const ProjectSpec& spec, const RoleModel& model);

// Runs it in one transaction on the project's database, connected as the project says or, given
// connection ("PG:... user=owner"), as the database's owner.
void apply_role_model(const ProjectSpec& spec, const RoleModel& model, const std::string& connection = {});

}  // namespace geo

namespace geo {

// A save by someone else, heard through the database's notifications (the row-version trigger
// sends one for every insert and update of a published table).
struct EditNotice {
  std::string table;  // schema.table
  std::int64_t fid = 0;
  std::string by;     // the login that saved it
};

// Listens for saves on a project's database, without blocking: the map application watches
// socket() and calls take() when it is readable. The user's own saves are heard too: the caller
// knows them (save_database_edits lists the features it wrote) and leaves them out.
class EditListener {
 public:
  explicit EditListener(const std::string& source);
  ~EditListener();
  EditListener(const EditListener&) = delete;
  EditListener& operator=(const EditListener&) = delete;
  int socket() const;
  std::vector<EditNotice> take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geo

namespace geo {

struct Coverage;

// The straight-line part of a coverage computed in the database: each residential building's
// distance from its centroid to the nearest facility's, in the working CRS, by PostGIS's
// nearest-neighbour search (KNN over a GiST index), for the buildings and facilities the engine
// selected (households, kinds and set-aside features as it read them). Fills euclid_m of every
// building. Refused where the database holds other features than the engine uses: pieces merged
// on load, web-map offsets.
void straight_line_in_database(const Project& project, Coverage& coverage, Feedback* feedback = nullptr);

}  // namespace geo
