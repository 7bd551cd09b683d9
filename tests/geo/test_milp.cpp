// The MILP layer under siting: CBC's answers against enumeration of every 0/1 assignment, and the
// LP file read back by CBC to the same optimum.
#include <Cbc_C_Interface.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>

#include <unistd.h>

#include "geo/error.h"
#include "milp.h"

namespace {

using geo::MilpModel;

// Every assignment of the binary columns (the model must have only binaries): the best
// objective among the feasible, or nothing when none is.
std::optional<double> enumerate_optimum(const MilpModel& m) {
  const int n = m.columns();
  std::optional<double> best;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    std::vector<double> activity(static_cast<std::size_t>(m.rows()), 0.0);
    for (std::size_t e = 0; e < m.nonzeros(); ++e)
      if (mask & (1u << m.entry_column[e])) activity[static_cast<std::size_t>(m.entry_row[e])] += m.entry_value[e];
    bool feasible = true;
    for (int r = 0; r < m.rows(); ++r) {
      const auto i = static_cast<std::size_t>(r);
      feasible = feasible && activity[i] >= m.row_lower[i] - 1e-9 && activity[i] <= m.row_upper[i] + 1e-9;
    }
    if (!feasible) continue;
    double value = 0;
    for (int j = 0; j < n; ++j)
      if (mask & (1u << j)) value += m.objective[static_cast<std::size_t>(j)];
    if (!best || (m.maximise ? value > *best : value < *best)) best = value;
  }
  return best;
}

MilpModel random_model(std::mt19937& rng, bool maximise) {
  std::uniform_int_distribution<int> coefficient(1, 9), columns(4, 10), rows(1, 4);
  MilpModel m;
  m.maximise = maximise;
  const int n = columns(rng);
  for (int j = 0; j < n; ++j) m.add_binary(coefficient(rng));
  for (int r = rows(rng); r > 0; --r) {
    double total = 0;
    std::vector<std::pair<int, double>> entries;
    for (int j = 0; j < n; ++j)
      if (rng() % 2) entries.emplace_back(j, coefficient(rng)), total += entries.back().second;
    // A knapsack row when maximising, a covering row when minimising.
    const int row = maximise ? m.add_row(-MilpModel::kInfinity, std::floor(total / 2)) : m.add_row(std::ceil(total / 3), MilpModel::kInfinity);
    for (const auto& [j, a] : entries) m.set(row, j, a);
  }
  return m;
}

TEST(Milp, RandomBinaryProgrammesMatchEnumeration) {
  std::mt19937 rng(20261203);
  for (int trial = 0; trial < 60; ++trial) {
    const MilpModel m = random_model(rng, trial % 2 == 0);
    const std::optional<double> expected = enumerate_optimum(m);
    const geo::MilpSolution got = geo::solve_milp(m, 10.0);
    ASSERT_EQ(got.solved, expected.has_value()) << "trial " << trial;
    if (!expected) continue;
    EXPECT_TRUE(got.optimal) << "trial " << trial;
    EXPECT_NEAR(got.objective, *expected, 1e-6) << "trial " << trial;
    // The values given back are an assignment with that objective.
    double value = 0;
    for (int j = 0; j < m.columns(); ++j) value += m.objective[static_cast<std::size_t>(j)] * got.values[static_cast<std::size_t>(j)];
    EXPECT_NEAR(value, *expected, 1e-6) << "trial " << trial;
  }
}

TEST(Milp, AStartIsTakenAndTheOptimumStillFound) {
  // max 5a + 4b + 3c, 2a + 3b + c <= 5, 4a + b + 2c <= 11, 3a + 4b + 2c <= 8: a and b, 9
  // (a, b and c break the first row; a and c give 8).
  MilpModel m;
  m.maximise = true;
  const int a = m.add_binary(5), b = m.add_binary(4), c = m.add_binary(3);
  const double rows[3][4] = {{2, 3, 1, 5}, {4, 1, 2, 11}, {3, 4, 2, 8}};
  for (const auto& r : rows) {
    const int row = m.add_row(-MilpModel::kInfinity, r[3]);
    m.set(row, a, r[0]), m.set(row, b, r[1]), m.set(row, c, r[2]);
  }
  const geo::MilpSolution got = geo::solve_milp(m, 10.0, {1.0, 0.0, 1.0});  // a worse start: a and c
  ASSERT_TRUE(got.optimal);
  EXPECT_DOUBLE_EQ(got.objective, 9.0);
  EXPECT_EQ(got.values, (std::vector<double>{1.0, 1.0, 0.0}));
  EXPECT_THROW(geo::solve_milp(m, 10.0, {1.0}), geo::Error);
}

TEST(Milp, InfeasibleIsNotSolved) {
  MilpModel m;
  const int x = m.add_binary(1), y = m.add_binary(1);
  const int row = m.add_row(3.0, MilpModel::kInfinity);  // x + y >= 3 cannot hold
  m.set(row, x, 1), m.set(row, y, 1);
  EXPECT_FALSE(geo::solve_milp(m, 10.0).solved);
}

TEST(Milp, TheLpFileIsTheSameProgramme) {
  std::mt19937 rng(7);
  const auto dir = std::filesystem::temp_directory_path() / ("cplan-milp-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (int trial = 0; trial < 10; ++trial) {
    MilpModel m = random_model(rng, trial % 2 == 0);
    m.add_column(0.0, 2.5, 1.0, false);  // a continuous column with bounds, to be written too
    const int row = m.add_row(-MilpModel::kInfinity, 2.0);
    m.set(row, m.columns() - 1, 1.0);
    const geo::MilpSolution direct = geo::solve_milp(m, 10.0);
    const auto file = dir / "model.lp";
    geo::write_lp_file(m, file.string());
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));
    const std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)> read(Cbc_newModel(), &Cbc_deleteModel);
    ASSERT_EQ(Cbc_readLp(read.get(), file.c_str()), 0);
    EXPECT_EQ(Cbc_getNumCols(read.get()), m.columns());
    EXPECT_EQ(Cbc_getNumRows(read.get()), m.rows());
    EXPECT_EQ(Cbc_getNumElements(read.get()), static_cast<int>(m.nonzeros()));
    Cbc_setLogLevel(read.get(), 0);
    Cbc_solve(read.get());
    if (!direct.solved) {
      EXPECT_FALSE(Cbc_isProvenOptimal(read.get())) << "trial " << trial;
      continue;
    }
    ASSERT_TRUE(Cbc_isProvenOptimal(read.get())) << "trial " << trial;
    // The file minimises; a maximisation is written as its negation.
    EXPECT_NEAR(Cbc_getObjValue(read.get()), m.maximise ? -direct.objective : direct.objective, 1e-6) << "trial " << trial;
  }
  std::filesystem::remove_all(dir);
}

TEST(Milp, AnLpFileThatCannotBeWrittenIsAnErrorNamingIt) {
  MilpModel m;
  m.add_binary(1);
  const std::string file = "/nonexistent-cplan-folder/model.lp";
  try {
    geo::write_lp_file(m, file);
    FAIL() << "no error";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(file + ".partial"));
}

}  // namespace
