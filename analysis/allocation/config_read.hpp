// Internal to the allocation file's loader (config.cpp, config_checks.cpp): the helpers both
// use, where the values that cross-checks blame were set, and the readers of the sections
// config_checks.cpp holds. Not for other code: load_allocation (config.hpp) is the interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/allocation/config.hpp"
#include "sim/io/toml_reader.hpp"

namespace qpv::analysis::allocation::detail {

/// Where the values blamed by the budget checks were set: the envelope, the QPVs' maximums and
/// the equity floor per resident.
struct Origins {
  io::Sourced<double> envelope;
  struct Qpv {
    std::string code;
    Origin max;
  };
  std::vector<Qpv> qpvs;  ///< the [[qpv]] tables, in file order
  std::optional<io::Sourced<double>> per_resident;
};

inline const io::Keys kObjectiveKeys = {"kind",     "weights",  "statistic",
                                        "quantile", "maximise", "outcome"};
inline const io::Keys kOutcomeKeys = {"id", "weight", "at_least"};
inline const io::Keys kEquityKeys = {"no_qpv_worse_off", "min_eur_per_resident"};
inline const io::Keys kParetoKeys = {"outcomes", "points"};

/// The table `name` of the top table `root`, as a Reader checked against `keys`; none if absent.
std::optional<io::Reader> section(const std::string& file, const toml::table& root,
                                  const std::string& name, const io::Keys& keys);

/// "600,000 €": euros with thousands separators, rounded to the euro.
std::string eur(double v);

/// A boolean value of `key`, if set.
std::optional<io::Sourced<bool>> boolean(const io::Reader& r, const std::string& key);

/// The tables of an array of tables `key` of `table` ([[key]]), refusing anything else.
std::vector<const toml::table*> tables(const std::string& file, const toml::table& table,
                                       const std::string& key, const std::string& full_key);

/// `id` as an outcome of the catalogue, or an InputError at `where`/`key` with find_outcome's
/// problem and the ids one may write.
void check_outcome(const std::string& id, const Origin& where, const std::string& key);

/// [objective] and its [[objective.outcome]] tables.
void read_objective(const std::string& file, const toml::table& root, AllocationConfig& c);
/// [equity].
void read_equity(const std::string& file, const toml::table& root, AllocationConfig& c, Origins& o);
/// [status_quo]: shares of the envelope per lever; equal shares of the levers in play if absent.
void read_status_quo(const std::string& file, const toml::table& root, AllocationConfig& c);
/// [pareto].
void read_pareto(const std::string& file, const toml::table& root, AllocationConfig& c);
/// The envelope against the levers' and the QPVs' bounds and the equity floor: says which
/// constraint binds when they cannot all hold.
void check_budget(const AllocationConfig& c, const Origins& o);

}  // namespace qpv::analysis::allocation::detail
