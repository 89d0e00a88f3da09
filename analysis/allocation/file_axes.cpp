// The axes of the allocation results file as netCDF-4 readers see them (sim/io/netcdf_axes.hpp):
// once file.cpp has written every array, each group gets the coordinate variables of its axes
// (candidate, lever, qpv, year, outcome, replicate...) and every array is attached to them, with
// `units` and a French `long_name`. The arrays themselves are left as file.cpp wrote them.

#include <numeric>

#include "analysis/allocation/file.hpp"
#include "sim/io/netcdf_axes.hpp"

namespace qpv::analysis::allocation {
namespace {

using io::describe;

/// One array of a group: its name, its unit ("" for none: values with units of their own), its
/// French long_name and its axes.
struct Column {
  const char* name;
  const char* unit;
  const char* long_name;
  std::vector<std::string_view> dims;
};

void describe_all(io::ResultSink& sink, const std::string& group,
                  std::initializer_list<Column> columns) {
  for (const Column& c : columns) describe(sink, group + "/" + c.name, c.unit, c.long_name, c.dims);
}

void names(io::ResultSink& sink, const std::string& path, const std::vector<std::string>& values,
           const std::string& long_name) {
  sink.strings(path, values, {{"long_name", long_name}});
  io::make_coordinate(sink, path);
}

std::vector<std::string> lever_names() {
  std::vector<std::string> out;
  for (const model::LeverSpec& spec : model::kLeverSpecs) out.emplace_back(spec.name);
  return out;
}

std::vector<std::string> qpv_codes(const AllocationConfig& c) {
  std::vector<std::string> out;
  for (const model::Qpv& q : c.baseline.territory.qpvs) out.push_back(q.code);
  return out;
}

std::vector<std::string> outcome_ids(const Study& s) {
  std::vector<std::string> out;
  for (const Outcome& o : s.outcomes) out.push_back(o.id);
  return out;
}

/// /meta, /objective, /territory, /levers and /outcomes.
void describe_settings(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  describe(sink, "/meta/files", "", "fichiers de l'étude", {});
  io::make_coordinate(sink, "/meta/files");
  describe(sink, "/meta/texts", "", "texte de chaque fichier", {"files"});
  io::write_index_coordinate(sink, "/objective/term", c.objective.terms.size(),
                             "terme de l'objectif");
  describe_all(sink, "/objective",
               {{"outcome", "", "résultat visé", {"term"}},
                {"weight", "", "poids", {"term"}},
                {"floor", "", "seuil", {"term"}}});
  names(sink, "/territory/qpv", qpv_codes(c), "code du QPV");
  describe_all(sink, "/territory",
               {{"qpv_code", "", "code du QPV", {"qpv"}},
                {"qpv_name", "", "nom du QPV", {"qpv"}},
                {"population", "persons", "population", {"qpv"}}});
  names(sink, "/levers/lever", lever_names(), "levier");
  names(sink, "/levers/qpv", qpv_codes(c), "code du QPV");
  describe_all(sink, "/levers",
               {{"name", "", "levier", {"lever"}},
                {"label_fr", "", "nom du levier", {"lever"}},
                {"in_play", "1", "levier en jeu (1) ou non (0)", {"lever"}},
                {"unit_cost_eur", "euros a year", "coût annuel d'une unité de capacité", {"lever"}},
                {"min_eur", "euros a year", "minimum par an", {"lever"}},
                {"max_eur", "euros a year", "maximum par an", {"lever"}},
                {"committed_eur", "euros a year", "engagé par an", {"lever"}},
                {"need", "", "besoin (règle de ciblage)", {"lever", "qpv"}}});
  names(sink, "/outcomes/outcome", outcome_ids(s), "résultat");
  describe_all(sink, "/outcomes",
               {{"id", "", "résultat", {"outcome"}},
                {"label_fr", "", "nom du résultat", {"outcome"}},
                {"unit", "", "unité", {"outcome"}}});
}

/// /candidates: every allocation evaluated.
void describe_candidates(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  const std::string g = "/candidates";
  const std::size_t reps = s.evaluations.empty() ? 0 : s.evaluations.front().objective.size();
  std::vector<std::int64_t> years(static_cast<std::size_t>(c.last_year - c.first_year + 1));
  std::iota(years.begin(), years.end(), std::int64_t{c.first_year});
  io::write_index_coordinate(sink, g + "/candidate", s.evaluations.size(), "allocation évaluée");
  names(sink, g + "/lever", lever_names(), "levier");
  names(sink, g + "/qpv", qpv_codes(c), "code du QPV");
  sink.integers(g + "/year", {years.size()}, years, io::cf_attributes("1", "année"));
  io::make_coordinate(sink, g + "/year");
  names(sink, g + "/outcome", outcome_ids(s), "résultat");
  io::write_index_coordinate(sink, g + "/replicate", reps, "futur simulé (réplication)");
  describe(sink, g + "/coordinates", "", "coordonnées de la recherche", {});
  io::make_coordinate(sink, g + "/coordinates");
  describe_all(
      sink, g,
      {{"phase", "", "étape de l'étude", {"candidate"}},
       {"label", "", "nom de l'allocation", {"candidate"}},
       {"binding", "", "contrainte la plus proche", {"candidate"}},
       {"statistic", "", "valeur de l'objectif", {"candidate"}},
       {"violation", "1", "dépassement des contraintes", {"candidate"}},
       {"feasible", "1", "admissible (1) ou non (0)", {"candidate"}},
       {"eur", "euros a year", "euros par an", {"candidate", "lever", "qpv", "year"}},
       {"capacity", "", "capacité", {"candidate", "lever", "qpv"}},
       {"planned_eur", "euros a year", "dépense prévue par an", {"candidate", "lever", "qpv"}},
       {"spent_eur", "euros a year", "dépense simulée par an", {"candidate", "lever"}},
       {"x", "", "point de la recherche", {"candidate", "coordinates"}},
       {"outcome_mean", "", "résultat, moyenne", {"candidate", "outcome"}},
       {"outcome_q05", "", "résultat, quantile 5 %", {"candidate", "outcome"}},
       {"outcome_q95", "", "résultat, quantile 95 %", {"candidate", "outcome"}},
       {"objective", "", "objectif par futur simulé", {"candidate", "replicate"}},
       {"objective_by_qpv", "", "objectif par QPV", {"candidate", "qpv"}}});
}

/// /curves, /pareto, /reevaluation and /dependence.
void describe_results(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  io::write_index_coordinate(sink, "/curves/curve", s.curves.size(), "courbe");
  io::write_index_coordinate(sink, "/curves/step", c.curve_fractions.size(), "point de la courbe");
  describe_all(
      sink, "/curves",
      {{"lever", "", "levier", {"curve"}},
       {"fraction", "share", "part de l'enveloppe", {"curve", "step"}},
       {"candidate", "1", "allocation évaluée (ligne de /candidates)", {"curve", "step"}}});
  if (!s.pareto.empty()) {
    io::write_index_coordinate(sink, "/pareto/point", s.pareto.size(), "point de la frontière");
    io::write_index_coordinate(sink, "/pareto/constraint", c.pareto.outcomes.size() - 1,
                               "contrainte");
    describe(sink, "/pareto/outcomes", "", "résultats de la frontière", {});
    io::make_coordinate(sink, "/pareto/outcomes");
    describe_all(sink, "/pareto",
                 {{"epsilon", "", "seuils", {"point", "constraint"}},
                  {"candidate", "1", "allocation évaluée (ligne de /candidates)", {"point"}},
                  {"found", "1", "trouvé (1) ou non (0)", {"point"}}});
  }
  const std::string g = "/reevaluation";
  const std::size_t fresh = s.reevaluated.empty() ? 0 : s.reevaluated.front().objective.size();
  io::write_index_coordinate(sink, g + "/row", s.reevaluated.size(), "allocation réévaluée");
  io::write_index_coordinate(sink, g + "/replicate", fresh, "futur simulé (nouveau)");
  names(sink, g + "/outcome", outcome_ids(s), "résultat");
  names(sink, g + "/lever", lever_names(), "levier");
  describe_all(
      sink, g,
      {{"label", "", "nom de l'allocation", {"row"}},
       {"candidate", "1", "allocation évaluée (ligne de /candidates)", {"row"}},
       {"statistic", "", "valeur de l'objectif", {"row"}},
       {"probability_better", "1", "probabilité que la recommandation fasse mieux", {"row"}},
       {"objective", "", "objectif par futur simulé", {"row", "replicate"}},
       {"outcome_mean", "", "résultat, moyenne", {"row", "outcome"}},
       {"outcome_q05", "", "résultat, quantile 5 %", {"row", "outcome"}},
       {"outcome_q95", "", "résultat, quantile 95 %", {"row", "outcome"}},
       {"spent_eur", "euros a year", "dépense simulée par an", {"row", "lever"}}});
  describe(sink, "/dependence/parameter", "", "paramètre", {});
  io::make_coordinate(sink, "/dependence/parameter");
  names(sink, "/dependence/lever", lever_names(), "levier");
  describe_all(
      sink, "/dependence",
      {{"label_fr", "", "nom du paramètre", {"parameter"}},
       {"correlation", "1", "corrélation avec le gain", {"parameter"}},
       {"median", "", "médiane du paramètre", {"parameter"}},
       {"candidate_low", "1", "meilleure allocation, paramètre bas", {"parameter"}},
       {"candidate_high", "1", "meilleure allocation, paramètre haut", {"parameter"}},
       {"shares_low", "share", "parts de l'enveloppe, paramètre bas", {"parameter", "lever"}},
       {"shares_high", "share", "parts de l'enveloppe, paramètre haut", {"parameter", "lever"}}});
}

}  // namespace

void write_allocation_axes(io::ResultSink& sink, const AllocationConfig& c, const Study& s) {
  describe_settings(sink, c, s);
  describe_candidates(sink, c, s);
  describe_results(sink, c, s);
}

}  // namespace qpv::analysis::allocation
