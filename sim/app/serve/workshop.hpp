// The workshop (`qpvsim serve`): what the web page's levers mean as a scenario file, and what a
// comparison shows on the page.
//
// A request from the page names lever values and QPV codes, never a file or a territory. It
// becomes the text of a scenario file (the file "Enregistrer ce scénario" downloads): a variant
// of the embedded Valenciennes baseline whose interventions are those of the embedded lever
// scenarios (transport_aid.toml, creche_plus5.toml, screening_truck.toml) with the page's
// values in place of theirs. That text is loaded by the scenario loader like any file, so the
// page's values pass the same checks as a file's; the loader's errors are translated into
// French for the page, keeping the key. Every statistic shown is computed with the functions of
// analysis/comparison.hpp and written with the report's French formatting.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/io/scenario.hpp"

namespace qpv::app::serve {

/// A request the server will not run: the HTTP status, a French message for the page, the
/// request key it concerns ("screening_truck.passages_per_year"; empty if none) and the
/// technical detail in English (the scenario loader's message; may be empty).
class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string message_fr, std::string key = {}, std::string detail = {});
  int status() const { return status_; }
  const std::string& message_fr() const { return message_; }
  const std::string& key() const { return key_; }
  const std::string& detail() const { return detail_; }

 private:
  int status_;
  std::string message_, key_, detail_;
};

/// The scenario file a request describes, and which request lever each of its
/// [[intervention]] tables comes from (for error messages).
struct ScenarioDraft {
  std::string toml;
  /// Per [[intervention]] in the file, in order: "transport_aid", "creche_places",
  /// "screening_truck".
  std::vector<std::string> levers;
  /// Per [[intervention]], its French label ("Camion de dépistage — Camion de prévention santé
  /// en QPV").
  std::vector<std::string> labels;
};

/// The French version of a scenario loader message (InputError::problem()), for the page.
std::string problem_fr(const std::string& problem);

/// The embedded Valenciennes baseline, the lever templates and the page's vocabulary.
/// Read-only once built: safe to share between threads.
class Workshop {
 public:
  /// Loads the embedded baseline and lever scenarios. @throws InputError if one does not load.
  Workshop();

  const io::Scenario& baseline() const { return baseline_; }

  /// What the page needs before any run (GET /api/config): the QPVs by commune with the
  /// communes' positions for the schematic map, each lever's settings with the default values
  /// of its template, the horizon and the year results are given for.
  nlohmann::json config() const;

  /// The scenario file of a request's levers:
  ///   {"qpv": "all" | [codes], "levers": {"transport_aid": [{"aid": ..., "places": ...}],
  ///    "creche_places": {"increase": ..., "reached_by": ...},
  ///    "screening_truck": {"passages_per_year": ..., "qpv_share": ...}}}
  /// A lever left out is not used; values left out keep the template's.
  /// @throws RequestError (422) for a value of the wrong kind or a key the page may not set.
  ScenarioDraft draft(const nlohmann::json& request) const;

  /// Loads the draft's text with the scenario loader, as the file it is, and checks that it can
  /// be compared with the baseline. @throws RequestError (422) with the loader's error in
  /// French, keyed by lever ("screening_truck.passages_per_year").
  io::Scenario load(const ScenarioDraft& draft) const;

  /// What a comparison of the baseline (scenario 0) and the workshop's scenario (1) shows on
  /// the page: headline indicators with their difference in the last year, in numbers and in
  /// French words, per QPV, month by month, spending and cost per result.
  nlohmann::json results(const analysis::Comparison& c) const;

 private:
  /// One [[intervention]] table of a lever's template file: its keys in the loader's order,
  /// each with its value written as TOML, and the same values as JSON for the page.
  struct Template {
    std::string lever;  ///< "transport_aid", "creche_places" or "screening_truck"
    std::string file;   ///< the embedded file it comes from
    std::vector<std::pair<std::string, std::string>> fields;
    nlohmann::json values;
  };
  const Template* find_template(const std::string& lever, const std::string& aid = {}) const;

  io::Scenario baseline_;
  std::vector<Template> templates_;
  nlohmann::json communes_;
};

/// The origin name of the workshop's scenario in errors, provenance and results ("atelier").
inline constexpr const char* kWorkshopOrigin = "atelier.toml";

}  // namespace qpv::app::serve
