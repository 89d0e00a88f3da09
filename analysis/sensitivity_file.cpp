// The sensitivity results file (HDF5): write_sensitivity_file, read_sensitivity_file and
// is_sensitivity_file of sensitivity_study.hpp, where the layout is described.

#include <algorithm>

#include "analysis/sensitivity_study.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/netcdf_axes.hpp"

namespace qpv::analysis {
namespace {

using io::column;

const std::string kMeta = "/meta";
const std::string kMorris = "/morris";
const std::string kSobol = "/sobol";

/// The sensitivity file and the scenarios' files, each once (a shared base is listed once).
std::vector<std::pair<std::string, std::string>> study_sources(const SensitivityConfig& c) {
  std::vector<std::pair<std::string, std::string>> sources = c.sources;
  for (const io::Scenario* s : {&c.baseline, c.alternative ? &*c.alternative : nullptr}) {
    if (s == nullptr) continue;
    for (const auto& source : s->sources) {
      const bool listed = std::any_of(sources.begin(), sources.end(),
                                      [&](const auto& seen) { return seen.first == source.first; });
      if (!listed) sources.push_back(source);
    }
  }
  return sources;
}

void write_meta(io::ResultSink& sink, const SensitivityConfig& c) {
  sink.attribute(kMeta, {"kind", std::string("sensitivity")});
  sink.attribute(kMeta, {"qpvsim_version", std::string(version())});
  sink.attribute(kMeta, {"git_commit", std::string(git_commit())});
  sink.attribute(kMeta, {"created_utc", io::utc_now()});
  sink.attribute(kMeta, {"name", c.name});
  sink.attribute(kMeta, {"seed", static_cast<std::int64_t>(c.seed)});
  sink.attribute(kMeta, {"replicates", static_cast<std::int64_t>(c.replicates)});
  sink.attribute(kMeta, {"indicator", std::string(c.indicator->id)});
  sink.attribute(kMeta, {"qpv", c.qpv});
  sink.attribute(kMeta, {"year", static_cast<std::int64_t>(c.year)});
  sink.attribute(kMeta, {"output", std::string(c.alternative ? "difference" : "level")});
  sink.attribute(kMeta, {"method", std::string(method_name(c.method))});
  sink.attribute(kMeta, {"baseline_name", c.baseline.name});
  sink.attribute(kMeta, {"alternative_name", c.alternative ? c.alternative->name : std::string()});
  std::vector<std::string> kinds;
  if (c.alternative)
    for (const auto& i : c.alternative->interventions) kinds.emplace_back(model::kind_name(i));
  sink.strings(kMeta + "/alternative_kinds", kinds);
  const auto sources = study_sources(c);
  using Source = std::pair<std::string, std::string>;
  sink.strings(kMeta + "/files", column(sources, &Source::first),
               {{"description", std::string("the sensitivity file, then "
                                            "the scenarios' files")}});
  sink.strings(kMeta + "/texts", column(sources, &Source::second),
               {{"description", std::string("each file as given")}});
  // The lists' axes (sim/io/netcdf_axes.hpp): each list is the coordinate of its own axis.
  io::describe(sink, kMeta + "/alternative_kinds", "", "types des interventions de l'alternative",
               {});
  io::make_coordinate(sink, kMeta + "/alternative_kinds");
  io::describe(sink, kMeta + "/files", "", "fichiers de l'étude", {});
  io::make_coordinate(sink, kMeta + "/files");
  io::describe(sink, kMeta + "/texts", "", "texte de chaque fichier", {"files"});
}

/// A stage's factors, design and outputs, and its timing; `k` factors. `factor` (rows of
/// /factors) is the coordinate of the factor axis, `row` that of the design's rows; the output is
/// in `unit`, the indicator's.
template <class Stage>
void write_stage_rows(io::ResultSink& sink, const std::string& g, const Stage& s,
                      std::string_view unit) {
  const std::size_t k = s.columns.size();
  sink.integers(g + "/factor", {k}, std::vector<std::int64_t>(s.columns.begin(), s.columns.end()),
                {{"description", std::string("rows of /factors")}});
  sink.doubles(
      g + "/unit", {s.outputs.size(), k},
      std::vector<double>(s.design.unit.data(), s.design.unit.data() + s.design.unit.size()),
      {{"dimensions", std::string("row, factor")}});
  sink.doubles(g + "/output", {s.outputs.size()}, s.outputs);
  io::describe(sink, g + "/factor", "1", "facteur (ligne de /factors)", {});
  io::make_coordinate(sink, g + "/factor");
  io::write_index_coordinate(sink, g + "/row", s.outputs.size(), "ligne du plan d'expérience");
  io::describe(sink, g + "/unit", "1", "plan d'expérience, sur l'échelle des quantiles",
               {"row", "factor"});
  io::describe(sink, g + "/output", unit, "sortie du modèle", {"row"});
}

/// Units and French long_names of a stage's per-factor columns, on the factor axis.
void describe_factors(io::ResultSink& sink, const std::string& g, std::string_view unit,
                      std::initializer_list<std::pair<const char*, const char*>> columns) {
  for (const auto& [name, long_name] : columns)
    io::describe(sink, g + "/" + name, unit, long_name, {"factor"});
}

void write_morris(io::ResultSink& sink, const MorrisStage& s, std::string_view unit) {
  const auto& effects = s.result.factors;
  const std::size_t k = s.columns.size();
  using Effects = gsa::MorrisEffects;
  sink.doubles(kMorris + "/mu", {k}, column(effects, &Effects::mu),
               {{"description", std::string("mean elementary effect, per unit of u (as "
                                            "mu_star)")}});
  sink.doubles(
      kMorris + "/mu_star", {k}, column(effects, &Effects::mu_star),
      {{"description", std::string("mean |elementary effect|: change of the output per unit of the "
                                   "factor's quantile scale u in (0,1); a step moves u by 1/2, so "
                                   "changes the output by mu_star/2 on average")}});
  sink.doubles(kMorris + "/sigma", {k}, column(effects, &Effects::sigma),
               {{"description", std::string("standard deviation of the elementary effects, "
                                            "per unit of u (as mu_star)")}});
  sink.doubles(kMorris + "/mu_star_low", {k},
               column(effects, [](const Effects& e) { return e.mu_star_ci.low; }));
  sink.doubles(kMorris + "/mu_star_high", {k},
               column(effects, [](const Effects& e) { return e.mu_star_ci.high; }));
  write_stage_rows(sink, kMorris, s, unit);
  describe_factors(sink, kMorris, unit,
                   {{"mu", "effet élémentaire moyen"},
                    {"mu_star", "effet élémentaire absolu moyen (mu*)"},
                    {"sigma", "écart-type des effets élémentaires"},
                    {"mu_star_low", "mu*, borne basse de l'intervalle"},
                    {"mu_star_high", "mu*, borne haute de l'intervalle"}});
  sink.attribute(kMorris, {"trajectories", static_cast<std::int64_t>(s.result.trajectories)});
  sink.attribute(kMorris, {"levels", static_cast<std::int64_t>(s.design.levels)});
  sink.attribute(kMorris, {"confidence", s.result.confidence});
  sink.attribute(kMorris, {"seconds", s.seconds});
}

void write_sobol(io::ResultSink& sink, const SobolStage& s, std::string_view unit) {
  const auto& indices = s.result.factors;
  const std::size_t k = s.columns.size();
  using Index = gsa::SobolIndex;
  sink.doubles(kSobol + "/s1", {k}, column(indices, &Index::s1));
  sink.doubles(kSobol + "/st", {k}, column(indices, &Index::st));
  sink.doubles(kSobol + "/s1_low", {k},
               column(indices, [](const Index& e) { return e.s1_ci.low; }));
  sink.doubles(kSobol + "/s1_high", {k},
               column(indices, [](const Index& e) { return e.s1_ci.high; }));
  sink.doubles(kSobol + "/st_low", {k},
               column(indices, [](const Index& e) { return e.st_ci.low; }));
  sink.doubles(kSobol + "/st_high", {k},
               column(indices, [](const Index& e) { return e.st_ci.high; }));
  sink.doubles(kSobol + "/s1_half", {k}, column(indices, &Index::s1_half),
               {{"description", std::string("from the first half of the base samples")}});
  sink.doubles(kSobol + "/st_half", {k}, column(indices, &Index::st_half));
  write_stage_rows(sink, kSobol, s, unit);
  describe_factors(sink, kSobol, "1",
                   {{"s1", "indice de Sobol' du premier ordre"},
                    {"st", "indice de Sobol' total"},
                    {"s1_low", "premier ordre, borne basse"},
                    {"s1_high", "premier ordre, borne haute"},
                    {"st_low", "total, borne basse"},
                    {"st_high", "total, borne haute"},
                    {"s1_half", "premier ordre, première moitié des échantillons"},
                    {"st_half", "total, première moitié des échantillons"}});
  sink.attribute(kSobol, {"base_samples", static_cast<std::int64_t>(s.result.base_rows)});
  sink.attribute(kSobol, {"variance", s.result.variance});
  sink.attribute(kSobol, {"confidence", s.result.confidence});
  sink.attribute(kSobol, {"seconds", s.seconds});
}

/// Reads a sensitivity file's groups; errors name the file.
class SensitivityReader {
 public:
  SensitivityReader(const io::Hdf5Reader& h5, std::string path) : h5_(h5), path_(std::move(path)) {}

  std::string text(const char* name) const { return io::text_attribute(h5_, kMeta, name); }
  std::int64_t integer(const std::string& group, const char* name) const {
    return std::get<std::int64_t>(h5_.attribute(group, name));
  }
  double number(const std::string& group, const char* name) const {
    return std::get<double>(h5_.attribute(group, name));
  }
  std::vector<double> doubles(const std::string& group, const char* name) const {
    return h5_.doubles(group + "/" + name).values;
  }
  /// A stage's factors: indices into /factors, checked.
  std::vector<std::size_t> columns(const std::string& g, std::size_t factors) const {
    std::vector<std::size_t> out;
    for (std::int64_t v : h5_.integers(g + "/factor").values) {
      if (v < 0 || static_cast<std::size_t>(v) >= factors)
        throw InputError(Origin{path_}, g + "/factor", "a factor index outside /factors");
      out.push_back(static_cast<std::size_t>(v));
    }
    return out;
  }

  void read_meta(SensitivityRecord& r) const {
    r.name = text("name");
    r.qpvsim_version = text("qpvsim_version");
    r.git_commit = text("git_commit");
    r.created_utc = text("created_utc");
    r.indicator = text("indicator");
    r.qpv = text("qpv");
    r.output = text("output");
    r.method = text("method");
    r.baseline_name = text("baseline_name");
    r.alternative_name = text("alternative_name");
    r.alternative_kinds = h5_.strings(kMeta + "/alternative_kinds");
    r.seed = integer(kMeta, "seed");
    r.replicates = integer(kMeta, "replicates");
    r.year = integer(kMeta, "year");
    r.files = h5_.strings(kMeta + "/files");
    r.texts = h5_.strings(kMeta + "/texts");
    r.factor_names = h5_.strings("/factors/name");
    r.factor_distributions = h5_.strings("/factors/distribution");
  }

  MorrisStage read_morris(std::size_t factors) const {
    MorrisStage s;
    s.columns = columns(kMorris, factors);
    const auto mu = doubles(kMorris, "mu"), mu_star = doubles(kMorris, "mu_star"),
               sigma = doubles(kMorris, "sigma"), low = doubles(kMorris, "mu_star_low"),
               high = doubles(kMorris, "mu_star_high");
    for (std::size_t i = 0; i < s.columns.size(); ++i)
      s.result.factors.push_back({mu.at(i), mu_star.at(i), sigma.at(i), {low.at(i), high.at(i)}});
    s.result.trajectories = static_cast<std::size_t>(integer(kMorris, "trajectories"));
    s.result.confidence = number(kMorris, "confidence");
    s.outputs = doubles(kMorris, "output");
    s.seconds = number(kMorris, "seconds");
    return s;
  }

  SobolStage read_sobol(std::size_t factors) const {
    SobolStage s;
    s.columns = columns(kSobol, factors);
    auto d = [&](const char* name) { return doubles(kSobol, name); };
    const auto s1 = d("s1"), st = d("st"), s1_low = d("s1_low"), s1_high = d("s1_high"),
               st_low = d("st_low"), st_high = d("st_high"), s1_half = d("s1_half"),
               st_half = d("st_half");
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      s.result.factors.push_back({s1.at(i),
                                  st.at(i),
                                  {s1_low.at(i), s1_high.at(i)},
                                  {st_low.at(i), st_high.at(i)},
                                  s1_half.at(i),
                                  st_half.at(i)});
    }
    s.result.base_rows = static_cast<std::size_t>(integer(kSobol, "base_samples"));
    s.result.variance = number(kSobol, "variance");
    s.result.confidence = number(kSobol, "confidence");
    s.outputs = d("output");
    s.seconds = number(kSobol, "seconds");
    return s;
  }

 private:
  const io::Hdf5Reader& h5_;
  std::string path_;
};

}  // namespace

void write_sensitivity_file(const std::string& path, const SensitivityConfig& c,
                            const std::vector<StudyFactor>& factors, const StudyResult& r) {
  io::Hdf5Sink sink(path);
  write_meta(sink, c);
  sink.strings("/factors/name",
               column(factors, [](const StudyFactor& f) { return f.factor.name; }));
  sink.strings("/factors/distribution", column(factors, &StudyFactor::distribution));
  io::write_index_coordinate(sink, "/factors/factor", factors.size(), "facteur");
  io::describe(sink, "/factors/name", "", "paramètre", {"factor"});
  io::describe(sink, "/factors/distribution", "", "loi du facteur", {"factor"});
  if (r.morris) write_morris(sink, *r.morris, c.indicator->unit);
  if (r.sobol) write_sobol(sink, *r.sobol, c.indicator->unit);
  sink.commit();
}

bool is_sensitivity_file(const std::string& path) {
  return io::file_kind(path) == "sensitivity";
}

SensitivityRecord read_sensitivity_file(const std::string& path) {
  if (!is_sensitivity_file(path))
    throw InputError(Origin{path}, "sensitivity",
                     "not a sensitivity file (expected one written by qpvsim sensitivity)");
  const io::Hdf5Reader h5(path);
  const SensitivityReader reader(h5, path);
  SensitivityRecord r;
  r.file = path;
  reader.read_meta(r);
  if (h5.exists(kMorris)) r.morris = reader.read_morris(r.factor_names.size());
  if (h5.exists(kSobol)) r.sobol = reader.read_sobol(r.factor_names.size());
  return r;
}

}  // namespace qpv::analysis
