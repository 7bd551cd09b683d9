#include "milp.h"

#include <Cbc_C_Interface.h>
#include <CoinError.hpp>
#include <CoinFinite.hpp>
#include <CoinLpIO.hpp>
#include <CoinPackedMatrix.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "geo/error.h"

namespace geo {

int MilpModel::add_column(double lower, double upper, double cost, bool is_integer) {
  column_lower.push_back(lower);
  column_upper.push_back(upper);
  objective.push_back(cost);
  integer.push_back(is_integer);
  return columns() - 1;
}

int MilpModel::add_row(double lower, double upper) {
  row_lower.push_back(lower);
  row_upper.push_back(upper);
  return rows() - 1;
}

void MilpModel::set(int row, int column, double value) {
  entry_row.push_back(row);
  entry_column.push_back(column);
  entry_value.push_back(value);
}

namespace {

// The model as CBC and CoinUtils take it: the matrix by columns, infinite bounds as COIN_DBL_MAX.
struct CoinForm {
  CoinPackedMatrix matrix;
  std::vector<double> column_lower, column_upper, row_lower, row_upper;

  explicit CoinForm(const MilpModel& m)
      : matrix(true, m.entry_row.data(), m.entry_column.data(), m.entry_value.data(), static_cast<CoinBigIndex>(m.nonzeros())),
        column_lower(coin_bounds(m.column_lower)),
        column_upper(coin_bounds(m.column_upper)),
        row_lower(coin_bounds(m.row_lower)),
        row_upper(coin_bounds(m.row_upper)) {
    matrix.setDimensions(m.rows(), m.columns());  // trailing empty rows or columns still count
  }

 private:
  static std::vector<double> coin_bounds(std::vector<double> v) {
    for (double& x : v)
      if (std::isinf(x)) x = x > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX;
    return v;
  }
};

}  // namespace

MilpSolution solve_milp(const MilpModel& m, double time_limit_s, const std::vector<double>& start) {
  if (!start.empty() && start.size() != static_cast<std::size_t>(m.columns()))
    throw Error("a MILP start must give one value per column");
  const std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)> cbc(Cbc_newModel(), &Cbc_deleteModel);
  const CoinForm coin(m);
  Cbc_loadProblem(cbc.get(), m.columns(), m.rows(), coin.matrix.getVectorStarts(), coin.matrix.getIndices(),
                  coin.matrix.getElements(), coin.column_lower.data(), coin.column_upper.data(), m.objective.data(),
                  coin.row_lower.data(), coin.row_upper.data());
  for (int j = 0; j < m.columns(); ++j)
    if (m.integer[static_cast<std::size_t>(j)]) Cbc_setInteger(cbc.get(), j);
  Cbc_setObjSense(cbc.get(), m.maximise ? -1.0 : 1.0);
  Cbc_setLogLevel(cbc.get(), 0);
  Cbc_setMaximumSeconds(cbc.get(), time_limit_s);
  if (!start.empty()) {
    std::vector<int> index;
    std::vector<double> value;
    for (int j = 0; j < m.columns(); ++j)
      if (m.integer[static_cast<std::size_t>(j)]) index.push_back(j), value.push_back(start[static_cast<std::size_t>(j)]);
    Cbc_setMIPStartI(cbc.get(), static_cast<int>(index.size()), index.data(), value.data());
  }
  Cbc_solve(cbc.get());
  MilpSolution out;
  const double* best = Cbc_bestSolution(cbc.get());
  if (!best || Cbc_isAbandoned(cbc.get())) return out;
  out.solved = true;
  out.optimal = Cbc_isProvenOptimal(cbc.get()) != 0;
  out.objective = Cbc_getObjValue(cbc.get());
  out.values.assign(best, best + m.columns());
  return out;
}

void write_lp_file(const MilpModel& model, const std::string& file) {
  const CoinForm coin(model);
  // LP files minimise: a maximisation is written as the minimisation of its negation.
  std::vector<double> cost = model.objective;
  if (model.maximise)
    for (double& c : cost) c = -c;
  std::vector<char> is_integer(model.integer.begin(), model.integer.end());
  CoinLpIO lp;
  lp.setInfinity(COIN_DBL_MAX);
  lp.setLpDataWithoutRowAndColNames(coin.matrix, coin.column_lower.data(), coin.column_upper.data(), cost.data(),
                                    is_integer.data(), coin.row_lower.data(), coin.row_upper.data());
  const std::string staged = file + ".partial";
  // CoinLpIO given a name it cannot open throws its own exception type; given an open file it
  // only writes, and the reason for a failure to open is the system's.
  std::unique_ptr<FILE, decltype(&std::fclose)> out(std::fopen(staged.c_str(), "w"), &std::fclose);
  if (!out) throw Error(std::string("cannot write the LP model: ") + std::strerror(errno), {.file = file});
  int written = -1;
  try {
    written = lp.writeLp(out.get(), false);
  } catch (const CoinError&) {
    written = -1;
  }
  const bool failed = written != 0 || std::ferror(out.get()) != 0;
  if (std::fclose(out.release()) != 0 || failed) {
    std::filesystem::remove(staged);
    throw Error("cannot write the LP model (disk full?)", {.file = file});
  }
  std::error_code ec;
  std::filesystem::rename(staged, file, ec);
  if (ec) {
    std::filesystem::remove(staged);
    throw Error("cannot write the LP model: " + ec.message(), {.file = file});
  }
}

}  // namespace geo
