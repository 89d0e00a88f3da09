#include "sim/io/territory_io.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

#include "sim/io/csv.hpp"
#include "sim/io/embedded.hpp"

namespace qpv::io {
namespace {

using model::Marginals;

/// One variable of marginals.csv: its categories, whether they form a distribution that must
/// sum to 1, and where each category's value goes.
struct Variable {
  std::string name;
  std::vector<std::string> categories;
  bool distribution;
  std::function<double&(Marginals&, std::size_t)> slot;
};

template <std::size_t N>
std::vector<std::string> names(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

const std::vector<Variable>& variables() {
  static const std::vector<Variable> vars = {
      {"age", names(model::kAgeBandNames), true,
       [](Marginals& m, std::size_t i) -> double& { return m.age[i]; }},
      {"household_type", names(model::kHouseholdTypeNames), true,
       [](Marginals& m, std::size_t i) -> double& { return m.household_type[i]; }},
      {"diploma", names(model::kDiplomaNames), true,
       [](Marginals& m, std::size_t i) -> double& { return m.diploma[i]; }},
      {"activity", names(model::kActivityNames), true,
       [](Marginals& m, std::size_t i) -> double& { return m.activity[i]; }},
      {"car", {"with_car"}, false, [](Marginals& m, std::size_t) -> double& { return m.car; }},
      {"licence",
       {"holder"},
       false,
       [](Marginals& m, std::size_t) -> double& { return m.licence; }},
      {"health_limitation",
       {"15-64", "65+"},
       false,
       [](Marginals& m, std::size_t i) -> double& {
         return i == 0 ? m.health_15_64 : m.health_65_plus;
       }},
      {"fixed_term",
       {"fixed_term"},
       false,
       [](Marginals& m, std::size_t) -> double& { return m.fixed_term; }},
      {"single_parent_female",
       {"female"},
       false,
       [](Marginals& m, std::size_t) -> double& { return m.single_parent_female; }},
      {"informal_care",
       {"available"},
       false,
       [](Marginals& m, std::size_t) -> double& { return m.informal_care; }},
      {"transit_unaffordable",
       {"yes"},
       false,
       [](Marginals& m, std::size_t) -> double& { return m.transit_unaffordable; }},
  };
  return vars;
}

std::vector<model::Qpv> load_qpvs(const std::string& file) {
  const CsvTable t(file, read_text(file));
  t.require_columns({"code", "name", "communes", "population", "population_source",
                     "transit_access", "transit_access_source", "creche_places",
                     "creche_places_source"});
  if (t.rows().size() > model::kMaxQpvs)
    throw InputError(t.origin(t.rows()[model::kMaxQpvs]), "",
                     "more than " + std::to_string(model::kMaxQpvs) +
                         " QPV rows, the most a territory may have (France has about 1,600)");
  std::vector<model::Qpv> qpvs;
  for (const CsvRow& row : t.rows()) {
    model::Qpv q;
    q.code = t.at(row, "code");
    q.name = t.at(row, "name");
    if (q.code.empty()) throw InputError(t.origin(row), "code", "empty QPV code");
    for (const auto& existing : qpvs) {
      if (existing.code == q.code)
        throw InputError(t.origin(row), "code", "QPV code " + q.code + " appears twice");
    }
    std::stringstream communes(t.at(row, "communes"));
    for (std::string c; std::getline(communes, c, ';');) {
      if (!c.empty()) q.communes.push_back(c);
    }
    for (const char* column :
         {"population_source", "transit_access_source", "creche_places_source"}) {
      if (t.at(row, column).empty())
        throw InputError(t.origin(row), column,
                         "every figure needs a source (or \"assumption: ...\")");
    }
    q.population = t.count(row, "population", model::kMaxQpvPopulation,
                           "residents a QPV may have: each is simulated");
    q.population_source = t.at(row, "population_source");
    q.transit_access = t.share(row, "transit_access");
    q.creche_places = t.count(row, "creche_places", q.population,
                              "the QPV's population: places are for its children");
    qpvs.push_back(std::move(q));
  }
  if (qpvs.empty()) throw InputError(Origin{file}, "", "no QPV rows");
  return qpvs;
}

/// A value of marginals.csv and its line.
struct Entry {
  double value;
  int line;
};
/// (qpv or "*", variable index) -> category index -> entry
using Given = std::map<std::pair<std::string, std::size_t>, std::map<std::size_t, Entry>>;

/// The rows of marginals.csv, each checked (known QPV, variable and category, a source, given
/// once).
Given read_given(const CsvTable& t, const std::vector<model::Qpv>& qpvs) {
  std::vector<std::string> codes;
  for (const auto& q : qpvs) codes.push_back(q.code);
  std::vector<std::string> var_names;
  for (const auto& v : variables()) var_names.push_back(v.name);
  Given given;
  for (const CsvRow& row : t.rows()) {
    const std::string& qpv = t.at(row, "qpv");
    if (qpv != "*" && std::find(codes.begin(), codes.end(), qpv) == codes.end()) {
      throw InputError(t.origin(row), "qpv",
                       "unknown QPV code \"" + qpv + "\"" + did_you_mean(qpv, codes) +
                           "; expected * or a code of qpv.csv");
    }
    const std::string& var = t.at(row, "variable");
    const auto vit = std::find(var_names.begin(), var_names.end(), var);
    if (vit == var_names.end()) {
      throw InputError(t.origin(row), "variable",
                       "unknown variable \"" + var + "\"" + did_you_mean(var, var_names) +
                           "; expected one of " + join(var_names));
    }
    const auto vi = static_cast<std::size_t>(vit - var_names.begin());
    const Variable& v = variables()[vi];
    const std::string& cat = t.at(row, "category");
    const auto cit = std::find(v.categories.begin(), v.categories.end(), cat);
    if (cit == v.categories.end()) {
      throw InputError(t.origin(row), "category",
                       "unknown category \"" + cat + "\" for " + var +
                           did_you_mean(cat, v.categories) + "; expected one of " +
                           join(v.categories));
    }
    if (t.at(row, "source").empty())
      throw InputError(t.origin(row), "source",
                       "every value needs a source (or \"assumption: ...\")");
    auto& slot = given[{qpv, vi}];
    const auto ci = static_cast<std::size_t>(cit - v.categories.begin());
    if (slot.count(ci)) {
      throw InputError(t.origin(row), "category",
                       var + "/" + cat + " for " + qpv + " is already given on line " +
                           std::to_string(slot[ci].line));
    }
    slot[ci] = Entry{t.share(row, "value"), row.line};
  }
  return given;
}

/// The factor that brings the categories of `v` given for `who` to a sum of exactly 1 (1 for a
/// variable that is not a distribution). @throws InputError if a category is missing or a
/// distribution does not sum to 1 within 0.005.
double checked_scale(const std::string& file, const Variable& v, const std::string& who,
                     const std::map<std::size_t, Entry>& cats) {
  const int line = cats.begin()->second.line;
  for (std::size_t ci = 0; ci < v.categories.size(); ++ci) {
    if (!cats.count(ci)) {
      throw InputError(Origin{file, line}, "category",
                       "category " + v.categories[ci] + " of " + v.name + " is missing for " + who +
                           " (a variable's categories are given together)");
    }
  }
  if (!v.distribution) return 1.0;
  double sum = 0;
  for (const auto& [ci, e] : cats) sum += e.value;
  if (std::abs(sum - 1.0) > 0.005) {
    throw InputError(Origin{file, line}, "value",
                     "the categories of " + v.name + " for " + who + " sum to " +
                         std::to_string(sum) + ", expected 1 (within 0.005)");
  }
  // Distributions within tolerance are rescaled to sum to exactly 1, so that the synthesis
  // targets of every dimension have the same total.
  return 1.0 / sum;
}

void load_marginals(const std::string& file, std::vector<model::Qpv>& qpvs) {
  const CsvTable t(file, read_text(file));
  t.require_columns({"qpv", "variable", "category", "value", "source"});
  const Given given = read_given(t, qpvs);
  for (std::size_t vi = 0; vi < variables().size(); ++vi) {
    const Variable& v = variables()[vi];
    for (std::size_t q = 0; q <= qpvs.size(); ++q) {
      const std::string who = q == 0 ? "*" : qpvs[q - 1].code;
      const auto it = given.find({who, vi});
      if (it == given.end()) {
        if (q == 0)
          throw InputError(
              Origin{file}, "variable",
              "no default (qpv *) for variable " + v.name + "; every variable needs one");
        continue;
      }
      const auto& cats = it->second;
      const double scale = checked_scale(file, v, who, cats);
      // The default goes to every QPV first; an override then replaces it for one QPV.
      for (std::size_t target = 0; target < qpvs.size(); ++target) {
        if (q != 0 && target != q - 1) continue;
        for (const auto& [ci, e] : cats) v.slot(qpvs[target].marginals, ci) = e.value * scale;
      }
    }
  }
}

}  // namespace

model::Territory load_territory(const std::string& dir) {
  model::Territory territory;
  std::string folder = dir;
  while (folder.size() > 1 && folder.ends_with('/')) folder.pop_back();
  const std::string base = folder + "/";
  territory.name =
      std::filesystem::path(
          folder.substr(folder.starts_with(kEmbeddedPrefix) ? kEmbeddedPrefix.size() : 0))
          .lexically_normal()
          .filename()
          .string();
  if (territory.name.empty()) territory.name = "territory";
  territory.qpvs = load_qpvs(base + "qpv.csv");
  load_marginals(base + "marginals.csv", territory.qpvs);
  return territory;
}

}  // namespace qpv::io
