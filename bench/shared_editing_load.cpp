// The shared database under load (issue 15): CLIENTS planners edit and review the plots of a
// published project at once for SECONDS. Each edit adds 1 to a random plot's households through
// save_database_edits (optimistic locking); a conflict is settled as a planner would, by reading
// theirs and saving the increment on top. At the end an independent count — the database's own
// households and row versions against the starting ones — must equal the saves the clients
// counted: zero lost updates, or the program exits 1.
//
//   shared_editing_load PROJECT.pg.toml [CLIENTS] [SECONDS] [REVIEW_EVERY_SECONDS]
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "geo/database.h"
#include "geo/plugins.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace {

using Clock = std::chrono::steady_clock;

// Sums of the plots table, read straight from the database with libpq (not through the engine).
struct TableCount {
  double households = 0;
  long long versions_above_one = 0;
  long long rows = 0;
};

TableCount count(const std::string& conninfo, const std::string& table, const std::string& households_column) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c.get()));
  const std::string sql = fmt::format("SELECT coalesce(sum(\"{}\"), 0), sum(row_version - 1), count(*) FROM {}", households_column, table);
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(c.get()));
  return {std::stod(PQgetvalue(r.get(), 0, 0)), std::stoll(PQgetvalue(r.get(), 0, 1)), std::stoll(PQgetvalue(r.get(), 0, 2))};
}

// One row of a layer as its own layer: what a save of one plot compares and writes.
geo::LayerData one_row(const geo::LayerData& layer, std::size_t i) {
  geo::LayerData out;
  out.role = layer.role;
  out.field_sources = layer.field_sources;
  out.fids = {layer.fids[i]};
  out.geometries = {layer.geometries[i]};
  out.invalid_reasons = {layer.invalid_reasons[i]};
  for (const auto& [name, column] : layer.columns) out.columns[name] = {column[i]};
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: shared_editing_load PROJECT.pg.toml [CLIENTS] [SECONDS] [REVIEW_EVERY_SECONDS]\n";
    return 2;
  }
  const std::filesystem::path project_file = argv[1];
  const int clients = argc > 2 ? std::stoi(argv[2]) : 8;
  const double seconds = argc > 3 ? std::stod(argv[3]) : 60;
  const double review_every = argc > 4 ? std::stod(argv[4]) : 15;
  try {
    const geo::ProjectSpec spec = geo::read_project(project_file);
    const geo::LayerSpec* plots_spec = spec.find(geo::Role::Plots);
    if (!plots_spec || !geo::is_database_source(plots_spec->source.string())) throw geo::Error("the project's plots are not in a database");
    const std::string conninfo = geo::libpq_conninfo(plots_spec->source.string());
    const geo::Project first = geo::load_project(spec, nullptr, {.roles = {geo::Role::Plots}});
    const std::string households_column = first.layer(geo::Role::Plots)->field_sources.at("households");
    const geo::TableName name = geo::table_name_of(plots_spec->layer);
    const std::string table = fmt::format("\"{}\".\"{}\"", name.schema, name.table);
    const TableCount before = count(conninfo, table, households_column);
    const geo::RulePack pack = geo::load_rule_pack(geo::resolve_rule_pack("national"));

    std::atomic<long long> saves{0}, conflicts{0}, reviews{0}, failures{0};
    std::mutex results_mutex;
    std::vector<double> save_ms, review_s;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::thread> threads;
    for (int client = 0; client < clients; ++client)
      threads.emplace_back([&, client] {
        std::mt19937_64 random(static_cast<std::uint64_t>(client) * 7919 + 1);
        // Each planner reads the plots once, and again after each review, as the map does.
        geo::Project project = geo::load_project(spec, nullptr, {.roles = {geo::Role::Plots}});
        auto next_review = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(review_every * (1 + client) / clients));
        std::vector<double> my_saves, my_reviews;
        // What this planner saved since reading: the map shows its own saves at once.
        std::map<std::int64_t, std::pair<geo::Value, std::int64_t>> saved_here;
        while (Clock::now() < deadline) {
          if (Clock::now() >= next_review) {
            const auto t0 = Clock::now();
            project = geo::load_project(spec);
            saved_here.clear();
            const geo::Review review = geo::review_plots(project, pack);
            if (review.plots.size() != project.layer(geo::Role::Plots)->size()) ++failures;
            my_reviews.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
            ++reviews;
            next_review = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(review_every));
          }
          const geo::LayerData& plots = *project.layer(geo::Role::Plots);
          const std::size_t i = std::uniform_int_distribution<std::size_t>(0, plots.size() - 1)(random);
          geo::LayerData loaded = one_row(plots, i);
          if (auto it = saved_here.find(loaded.fids[0]); it != saved_here.end()) {
            loaded.columns.at("households").at(0) = it->second.first;
            loaded.columns.at(geo::kRowVersionColumn).at(0) = it->second.second;
          }
          geo::ConflictResolution resolution;
          for (;;) {
            geo::LayerData edited = loaded;
            const double now = loaded.number(0, "households").value_or(0);
            edited.columns.at("households").at(0) = static_cast<std::int64_t>(now) + 1;
            const auto t0 = Clock::now();
            try {
              geo::save_database_edits(project, geo::Role::Plots, loaded, edited, resolution);
              const auto base = resolution.keep_mine.empty() ? std::get<std::int64_t>(loaded.columns.at(geo::kRowVersionColumn).at(0))
                                                             : resolution.keep_mine.begin()->second;
              saved_here[loaded.fids[0]] = {edited.columns.at("households").at(0), base + 1};
              my_saves.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
              ++saves;
              break;
            } catch (const geo::EditConflicts& e) {
              // Theirs is the base now: the increment goes on top of it, over their version.
              ++conflicts;
              const geo::EditConflict& c = e.conflicts().front();
              for (const auto& f : c.fields)
                if (f.field == "households") loaded.columns.at("households").at(0) = f.theirs;
              resolution.keep_mine = {{c.fid, c.their_version}};
            } catch (const std::exception& e) {
              ++failures;
              std::cerr << "client " << client << ": " << e.what() << "\n";
              break;
            }
          }
        }
        std::lock_guard lock(results_mutex);
        save_ms.insert(save_ms.end(), my_saves.begin(), my_saves.end());
        review_s.insert(review_s.end(), my_reviews.begin(), my_reviews.end());
      });
    const auto started = Clock::now();
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

    const TableCount after = count(conninfo, table, households_column);
    const double added = after.households - before.households;
    const long long versions = after.versions_above_one - before.versions_above_one;
    const bool none_lost = added == static_cast<double>(saves.load()) && versions == saves.load() && after.rows == before.rows;
    std::cout << fmt::format(
        "| clients | seconds | saves | saves/s | conflicts settled | save p50 | save p95 | reviews (mean) | lost updates |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        "| {} | {:.1f} | {} | {:.1f} | {} | {:.1f} ms | {:.1f} ms | {} ({:.2f} s) | {} |\n",
        clients, elapsed, saves.load(), static_cast<double>(saves.load()) / elapsed, conflicts.load(), percentile(save_ms, 0.5),
        percentile(save_ms, 0.95), reviews.load(),
        review_s.empty() ? 0.0 : std::accumulate(review_s.begin(), review_s.end(), 0.0) / static_cast<double>(review_s.size()),
        none_lost ? "0" : "SOME");
    std::cout << fmt::format(
        "independent count ({} rows): households {} → {} (+{}), row versions +{}; the clients counted {} saves\n", after.rows,
        before.households, after.households, added, versions, saves.load());
    if (failures > 0) std::cerr << failures.load() << " failure(s)\n";
    return none_lost && failures == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "shared_editing_load: " << e.what() << "\n";
    return 2;
  }
}
