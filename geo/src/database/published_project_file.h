#pragma once
// The project file of a published project: the original's roles, fields, styles and settings,
// each layer's source the database.
#include <filesystem>
#include <string>
#include <vector>

#include "geo/database.h"

namespace geo {

// connection: without a password. The other files the project names (map layers, household
// tables) stay where they are, named relative to the new file's folder.
void write_published_project_file(const ProjectSpec& spec, const std::filesystem::path& file, const std::string& connection,
                                  const std::string& schema, const std::vector<PublishedTable>& tables);

}  // namespace geo
