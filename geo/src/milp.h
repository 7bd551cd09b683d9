#pragma once
// A mixed-integer linear programme as siting builds it, kept apart from the solver that proves
// it. The solver is CBC (COIN-OR): on the city's maximal covering it proves the optimum about
// 3× faster than GLPK did; bench/siting_city.sh times both on the same models in every run.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace geo {

struct MilpModel {
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
  bool maximise = false;
  std::vector<double> column_lower, column_upper, objective;
  std::vector<bool> integer;
  std::vector<double> row_lower, row_upper;
  std::vector<int> entry_row, entry_column;  // the constraint matrix as triplets
  std::vector<double> entry_value;

  int add_column(double lower, double upper, double cost, bool is_integer);
  int add_binary(double cost) { return add_column(0.0, 1.0, cost, true); }
  int add_row(double lower, double upper);
  void set(int row, int column, double value);
  int columns() const { return static_cast<int>(objective.size()); }
  int rows() const { return static_cast<int>(row_lower.size()); }
  std::size_t nonzeros() const { return entry_value.size(); }
};


struct MilpSolution {
  bool solved = false;   // a feasible integer solution is at hand
  bool optimal = false;  // ... and proven optimal
  double objective = 0.0;
  std::vector<double> values;  // one per column
};

// With CBC, stopping at the time limit with the best solution found. start: a value for every
// column (those of the integer columns are used: the heuristic's answer), or empty.
MilpSolution solve_milp(const MilpModel& model, double time_limit_s, const std::vector<double>& start = {});

// The model in CPLEX LP format, for another solver to compare against.
void write_lp_file(const MilpModel& model, const std::string& file);

}  // namespace geo
