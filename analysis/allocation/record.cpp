// Reading an allocation results file back (record.hpp; the layout is in file.hpp).

#include "analysis/allocation/record.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace qpv::analysis::allocation {
namespace {

const std::string kMeta = "/meta";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Reads datasets and attributes of one file; every error names the file and the dataset.
class Reader {
 public:
  Reader(const io::Hdf5Reader& h5, std::string path) : h5_(h5), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw InputError(Origin{path_}, where, what);
  }

  std::string text(const char* name) const { return io::text_attribute(h5_, kMeta, name); }
  std::string text_or(const char* name, std::string fallback) const {
    return h5_.has_attribute(kMeta, name) ? text(name) : fallback;
  }
  std::int64_t integer(const char* name) const {
    const io::AttributeValue v = h5_.attribute(kMeta, name);
    if (!std::holds_alternative<std::int64_t>(v))
      fail(kMeta, fmt::format("{} is not an integer", name));
    return std::get<std::int64_t>(v);
  }
  std::size_t count(const char* name) const {
    const std::int64_t v = integer(name);
    if (v < 0) fail(kMeta, fmt::format("{} is negative", name));
    return static_cast<std::size_t>(v);
  }
  double number(const char* name) const {
    const io::AttributeValue v = h5_.attribute(kMeta, name);
    if (std::holds_alternative<double>(v)) return std::get<double>(v);
    if (std::holds_alternative<std::int64_t>(v))
      return static_cast<double>(std::get<std::int64_t>(v));
    fail(kMeta, fmt::format("{} is not a number", name));
  }
  double number_or(const char* name, double fallback) const {
    return h5_.has_attribute(kMeta, name) ? number(name) : fallback;
  }

  /// A string dataset of `n` values (any length if n is npos).
  std::vector<std::string> strings(const std::string& path, std::size_t n = npos) const {
    std::vector<std::string> v = h5_.strings(path);
    if (n != npos && v.size() != n)
      fail(path, fmt::format("{} values where {} were expected", v.size(), n));
    return v;
  }
  std::vector<std::string> strings_or_empty(const std::string& path) const {
    return h5_.exists(path) ? strings(path) : std::vector<std::string>{};
  }
  std::vector<double> doubles(const std::string& path, std::size_t n) const {
    std::vector<double> v = h5_.doubles(path).values;
    if (v.size() != n) bad_size(path, v.size(), n);
    return v;
  }
  std::vector<double> doubles_or_empty(const std::string& path, std::size_t n) const {
    return h5_.exists(path) ? doubles(path, n) : std::vector<double>{};
  }
  std::vector<std::int64_t> integers(const std::string& path, std::size_t n) const {
    std::vector<std::int64_t> v = h5_.integers(path).values;
    if (v.size() != n) bad_size(path, v.size(), n);
    return v;
  }
  /// A dataset of `n` rows of `width` values each, as rows.
  std::vector<std::vector<double>> rows(const std::string& path, std::size_t n,
                                        std::size_t width) const {
    const std::vector<double> flat = doubles(path, n * width);
    std::vector<std::vector<double>> out(n);
    for (std::size_t i = 0; i < n; ++i)
      out[i].assign(flat.begin() + static_cast<std::ptrdiff_t>(i * width),
                    flat.begin() + static_cast<std::ptrdiff_t>((i + 1) * width));
    return out;
  }
  /// The number of columns of a 2-D dataset of `n` rows.
  std::size_t width(const std::string& path, std::size_t n) const {
    const auto shape = h5_.doubles(path).shape;
    if (shape.size() != 2 || shape[0] != n)
      fail(path, fmt::format("expected {} rows in a 2-D dataset", n));
    return shape[1];
  }
  /// A candidate index, checked against the candidates read.
  std::size_t candidate(const std::string& path, std::int64_t v, std::size_t candidates) const {
    if (v < 0 || static_cast<std::size_t>(v) >= candidates)
      fail(path, fmt::format("candidate {} is not a row of /candidates ({} rows)", v, candidates));
    return static_cast<std::size_t>(v);
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  [[noreturn]] void bad_size(const std::string& path, std::size_t got, std::size_t n) const {
    fail(path, fmt::format("{} values where {} were expected", got, n));
  }

  const io::Hdf5Reader& h5_;
  std::string path_;
};

void read_meta(const Reader& in, const io::Hdf5Reader& h5, AllocationRecord& r) {
  r.name = in.text("name");
  r.qpvsim_version = in.text("qpvsim_version");
  r.git_commit = in.text("git_commit");
  r.created_utc = in.text("created_utc");
  r.targeting = in.text("targeting");
  r.statistic = in.text("statistic");
  r.objective = in.text("objective");
  r.weights = in.text_or("weights", "");
  r.maximise = in.text_or("maximise", "");
  r.quantile = in.number_or("quantile", 0.1);
  r.uncertainty = in.text_or("uncertainty", "");
  r.parameters_posterior = static_cast<std::size_t>(in.number_or("parameters_posterior", 0));
  r.parameters_prior = static_cast<std::size_t>(in.number_or("parameters_prior", 0));
  r.exponent = in.number_or("exponent", kNaN);
  r.step = in.number_or("step", kNaN);
  r.max_evaluations = static_cast<std::size_t>(in.number_or("max_evaluations", 0));
  r.no_qpv_worse_off = in.number_or("no_qpv_worse_off", 0) != 0;
  r.min_eur_per_resident = in.number_or("min_eur_per_resident", 0);
  r.seed = static_cast<std::uint64_t>(in.integer("seed"));
  r.fresh_seed = static_cast<std::uint64_t>(in.integer("fresh_seed"));
  r.replicates = in.count("replicates");
  r.fresh_replicates = in.count("fresh_replicates");
  r.envelope_eur = in.number("envelope_eur_per_year");
  r.first_year = static_cast<int>(in.integer("first_year"));
  r.last_year = static_cast<int>(in.integer("last_year"));
  if (r.last_year < r.first_year) in.fail(kMeta, "last_year is before first_year");
  r.recommended = in.count("recommended");
  r.model_runs = in.count("model_runs");
  r.resumed_runs = static_cast<std::size_t>(in.number_or("resumed_runs", 0));
  r.seconds_curves = in.number("seconds_curves");
  r.seconds_search = in.number("seconds_search");
  r.seconds_pareto = in.number("seconds_pareto");
  r.seconds_reevaluation = in.number("seconds_reevaluation");
  r.wall_seconds = in.number_or("wall_seconds", kNaN);
  r.files = in.strings(kMeta + "/files");
  r.texts = in.strings(kMeta + "/texts", r.files.size());
  if (h5.exists("/objective/outcome")) {
    r.objective_outcomes = in.strings("/objective/outcome");
    r.objective_weights = in.doubles("/objective/weight", r.objective_outcomes.size());
    r.objective_floors = in.doubles("/objective/floor", r.objective_outcomes.size());
  }
}

void read_levels(const Reader& in, AllocationRecord& r) {
  r.qpv_codes = in.strings("/territory/qpv_code");
  r.qpv_names = in.strings("/territory/qpv_name", r.qpvs());
  r.population = in.integers("/territory/population", r.qpvs());
  r.lever_names = in.strings("/levers/name");
  const std::size_t levers = r.levers();
  r.lever_labels = in.strings("/levers/label_fr", levers);
  for (const std::int64_t v : in.integers("/levers/in_play", levers)) r.in_play.push_back(v != 0);
  r.unit_cost_eur = in.doubles("/levers/unit_cost_eur", levers);
  r.lever_min_eur = in.doubles_or_empty("/levers/min_eur", levers);
  r.lever_max_eur = in.doubles_or_empty("/levers/max_eur", levers);
  r.lever_committed_eur = in.doubles_or_empty("/levers/committed_eur", levers);
  r.outcome_ids = in.strings("/outcomes/id");
  r.outcome_labels = in.strings("/outcomes/label_fr", r.outcome_ids.size());
  r.outcome_units = in.strings("/outcomes/unit", r.outcome_ids.size());
}

void read_candidates(const Reader& in, AllocationRecord& r) {
  const std::string g = "/candidates/";
  const std::vector<std::string> phase = in.strings(g + "phase");
  const std::size_t n = phase.size(), L = r.levers(), Q = r.qpvs(), O = r.outcome_ids.size();
  const auto years = static_cast<std::size_t>(r.years());
  const auto label = in.strings(g + "label", n), binding = in.strings(g + "binding", n);
  const auto statistic = in.doubles(g + "statistic", n), violation = in.doubles(g + "violation", n);
  const auto feasible = in.integers(g + "feasible", n);
  const auto eur = in.rows(g + "eur", n, L * Q * years);
  const auto capacity = in.rows(g + "capacity", n, L * Q);
  const auto planned = in.rows(g + "planned_eur", n, L * Q);
  const auto spent = in.rows(g + "spent_eur", n, L);
  r.coordinates = in.strings(g + "coordinates");
  const auto x = in.rows(g + "x", n, r.coordinates.size());
  const auto mean = in.rows(g + "outcome_mean", n, O), q05 = in.rows(g + "outcome_q05", n, O),
             q95 = in.rows(g + "outcome_q95", n, O);
  const auto objective = in.rows(g + "objective", n, n ? in.width(g + "objective", n) : 0);
  const auto by_qpv = in.rows(g + "objective_by_qpv", n, Q);
  for (std::size_t i = 0; i < n; ++i) {
    CandidateRecord c{phase[i],     label[i],         binding[i],   statistic[i],
                      violation[i], feasible[i] != 0, {},           capacity[i],
                      planned[i],   spent[i],         x[i],         mean[i],
                      q05[i],       q95[i],           objective[i], by_qpv[i]};
    // Euros a year, the same every year as written today: their mean over the years.
    c.eur.assign(L * Q, 0.0);
    for (std::size_t k = 0; k < L * Q; ++k)
      for (std::size_t y = 0; y < years; ++y)
        c.eur[k] += eur[i][k * years + y] / static_cast<double>(years);
    r.candidates.push_back(std::move(c));
  }
  if (r.recommended >= n) in.fail(kMeta, "recommended is not a row of /candidates");
}

void read_curves(const Reader& in, AllocationRecord& r) {
  const std::vector<std::string> lever = in.strings("/curves/lever");
  const std::size_t n = lever.size();
  const std::size_t f = n ? in.width("/curves/fraction", n) : 0;
  const auto fraction = in.rows("/curves/fraction", n, f);
  const auto candidate = in.integers("/curves/candidate", n * f);
  for (std::size_t i = 0; i < n; ++i) {
    CurveRecord c;
    bool known = false;
    for (std::size_t l = 0; l < r.levers(); ++l)
      if (r.lever_names[l] == lever[i]) c.lever = l, known = true;
    if (!known) in.fail("/curves/lever", "unknown lever \"" + lever[i] + "\"");
    c.fractions = fraction[i];
    for (std::size_t k = 0; k < f; ++k)
      c.candidates.push_back(
          in.candidate("/curves/candidate", candidate[i * f + k], r.candidates.size()));
    r.curves.push_back(std::move(c));
  }
}

void read_reevaluation(const Reader& in, AllocationRecord& r) {
  const std::string g = "/reevaluation/";
  const std::vector<std::string> label = in.strings(g + "label");
  const std::size_t n = label.size(), O = r.outcome_ids.size();
  const auto candidate = in.integers(g + "candidate", n);
  const auto statistic = in.doubles(g + "statistic", n);
  const auto better = in.doubles(g + "probability_better", n);
  const auto objective = in.rows(g + "objective", n, n ? in.width(g + "objective", n) : 0);
  const auto mean = in.rows(g + "outcome_mean", n, O), q05 = in.rows(g + "outcome_q05", n, O),
             q95 = in.rows(g + "outcome_q95", n, O);
  const auto spent = in.rows(g + "spent_eur", n, r.levers());
  for (std::size_t i = 0; i < n; ++i)
    r.reevaluation.push_back(
        {label[i], in.candidate(g + "candidate", candidate[i], r.candidates.size()), statistic[i],
         better[i], objective[i], mean[i], q05[i], q95[i], spent[i]});
  if (n == 0) in.fail(g + "label", "no candidate was re-evaluated");
}

void read_pareto(const Reader& in, const io::Hdf5Reader& h5, AllocationRecord& r) {
  if (!h5.exists("/pareto/outcomes")) return;
  r.pareto_outcomes = in.strings("/pareto/outcomes");
  for (const std::string& id : r.pareto_outcomes)
    if (!r.outcome(id)) in.fail("/pareto/outcomes", "\"" + id + "\" is not in /outcomes/id");
  const std::vector<std::int64_t> candidate = h5.integers("/pareto/candidate").values;
  const std::size_t n = candidate.size();
  const std::size_t k = r.pareto_outcomes.empty() ? 0 : r.pareto_outcomes.size() - 1;
  const auto epsilon = in.rows("/pareto/epsilon", n, k);
  const auto found = in.integers("/pareto/found", n);
  for (std::size_t i = 0; i < n; ++i)
    r.pareto.push_back({epsilon[i],
                        in.candidate("/pareto/candidate", candidate[i], r.candidates.size()),
                        found[i] != 0});
}

void read_dependence(const Reader& in, const io::Hdf5Reader& h5, AllocationRecord& r) {
  if (!h5.exists("/dependence/parameter")) return;
  const std::vector<std::string> name = in.strings("/dependence/parameter");
  const std::vector<std::string> label = in.strings("/dependence/label_fr");
  const std::size_t n = name.size();
  const std::vector<double> correlation = h5.doubles("/dependence/correlation").values;
  const std::vector<double> median = h5.doubles("/dependence/median").values;
  const std::vector<std::int64_t> low = h5.integers("/dependence/candidate_low").values;
  const std::vector<std::int64_t> high = h5.integers("/dependence/candidate_high").values;
  if (label.size() != n || correlation.size() != n || median.size() != n || low.size() != n ||
      high.size() != n)
    in.fail("/dependence", "its datasets do not have one row per parameter");
  for (std::size_t i = 0; i < n; ++i)
    r.dependence.push_back(
        {name[i], label[i], correlation[i], median[i],
         in.candidate("/dependence/candidate_low", low[i], r.candidates.size()),
         in.candidate("/dependence/candidate_high", high[i], r.candidates.size())});
}

}  // namespace

std::optional<std::size_t> AllocationRecord::outcome(const std::string& id) const {
  for (std::size_t i = 0; i < outcome_ids.size(); ++i)
    if (outcome_ids[i] == id) return i;
  return std::nullopt;
}

bool is_allocation_file(const std::string& path) {
  return io::file_kind(path) == "allocation";
}

AllocationRecord read_allocation_file(const std::string& path) {
  if (!is_allocation_file(path))
    throw InputError(Origin{path}, "allocation",
                     "not an allocation file (expected one written by qpvsim allocate)");
  const io::Hdf5Reader h5(path);
  const Reader in(h5, path);
  AllocationRecord r;
  r.file = path;
  read_meta(in, h5, r);
  read_levels(in, r);
  read_candidates(in, r);
  read_curves(in, r);
  read_reevaluation(in, r);
  read_pareto(in, h5, r);
  read_dependence(in, h5, r);
  return r;
}

}  // namespace qpv::analysis::allocation
