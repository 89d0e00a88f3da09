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
//
// The class is defined in three files, one per job: workshop.cpp (the embedded baseline, the
// lever templates, the page's configuration, loading a scenario text), workshop_draft.cpp (the
// page's request -> the scenario file's TOML) and workshop_view.cpp (a comparison -> the JSON
// the page reads). The French problems are in problems.hpp.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/app/serve/problems.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/levers.hpp"

namespace qpv::app::serve {

/// The origin name of the workshop's scenario in errors, provenance and results ("atelier").
inline constexpr const char* kWorkshopOrigin = "atelier.toml";

/// The baseline every workshop scenario is a variant of.
inline constexpr const char* kBaselineFile = "embedded:valenciennes/baseline.toml";

/// A lever of the page: its template file and the keys the page may set, all of them keys of
/// the scenario loader for that intervention kind (scenarios/README.md).
struct PageLever {
  std::string_view id, file;
  std::vector<std::string> settable;
  /// The panel's title (model::LeverSpec::panel_fr).
  std::string_view label_fr() const { return model::lever_spec(*model::find_lever(id)).panel_fr; }
};

/// The page's levers, in the page's order.
const std::array<PageLever, 3>& page_levers();
/// The page lever `id` ("screening_truck"), or nullptr.
const PageLever* find_page_lever(std::string_view id);

/// One [[intervention]] table of a lever's template file: its keys in the loader's order,
/// each with its value written as TOML, and the same values as JSON for the page.
struct LeverTemplate {
  std::string lever;  ///< "transport_aid", "creche_places" or "screening_truck"
  std::string file;   ///< the embedded file it comes from
  std::vector<std::pair<std::string, std::string>> fields;
  nlohmann::json values;
};

/// The [[intervention]] tables of a page lever's template file (workshop_draft.cpp).
std::vector<LeverTemplate> read_lever_templates(const PageLever& lever);

/// The text of the scenario file a page request describes, and which request lever each of its
/// [[intervention]] tables comes from (for error messages).
struct ScenarioText {
  std::string toml;
  /// Per [[intervention]] in the file, in order: "transport_aid", "creche_places",
  /// "screening_truck".
  std::vector<std::string> levers;
  /// Per [[intervention]], its French label ("Camion de dépistage — Camion de prévention santé
  /// en QPV").
  std::vector<std::string> labels;
};

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

  /// The scenario file of a request's levers (workshop_draft.cpp):
  ///   {"qpv": "all" | [codes], "levers": {"transport_aid": [{"aid": ..., "places": ...}],
  ///    "creche_places": {"increase": ..., "reached_by": ...},
  ///    "screening_truck": {"passages_per_year": ..., "qpv_share": ...}}}
  /// A lever left out is not used; values left out keep the template's.
  /// @throws RequestError (422) for a value of the wrong kind or a key the page may not set.
  ScenarioText scenario_text(const nlohmann::json& request) const;

  /// Loads the scenario text with the scenario loader, as the file it is, and checks that it
  /// can be compared with the baseline. @throws RequestError (422) with the loader's error in
  /// French, keyed by lever ("screening_truck.passages_per_year").
  io::Scenario load(const ScenarioText& text) const;

  /// What a comparison of the baseline (scenario 0) and the workshop's scenario (1) shows on
  /// the page (workshop_view.cpp): headline indicators with their difference in the last year,
  /// in numbers and in French words, per QPV, month by month, spending and cost per result.
  nlohmann::json results(const analysis::Comparison& c) const;

 private:
  /// The template of `lever` for the aid type `aid` (the lever's first template if none has it).
  const LeverTemplate* find_template(const std::string& lever, const std::string& aid = {}) const;

  io::Scenario baseline_;
  std::vector<LeverTemplate> templates_;
  nlohmann::json communes_;
};

}  // namespace qpv::app::serve
