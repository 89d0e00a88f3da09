// The pieces of the allocation report (report.hpp), shared by its files: how outcomes, the
// objective and euros are written, the paired comparison of the recommendation with a
// re-evaluated row, the charts of its own (heat map, frontier) and its sections. Internal to the
// report.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/allocation/record.hpp"
#include "analysis/present/page.hpp"
#include "analysis/stats.hpp"

namespace qpv::analysis::allocation::report {

// Okabe-Ito colours, as in the other reports: one per lever, in lever order.
inline constexpr std::array<std::string_view, 3> kLeverColors = {"#0072b2", "#e69f00", "#009e73"};
inline constexpr std::string_view kRecommendationColor = "#d55e00";
inline constexpr std::string_view kGrey = "#9a9a9a";
std::string lever_color(std::size_t lever);

/// A section of the page (the kit's: present/page.hpp).
using page::section_heading;
using page::SectionRef;
inline constexpr std::array<SectionRef, 7> kSections = {{
    {"synthese", "Synthèse"},
    {"courbes", "Courbes budget-réponse"},
    {"repartition", "La répartition recommandée"},
    {"frontiere", "La frontière"},
    {"equite", "Gains par QPV et équité"},
    {"methode", "Méthode et provenance"},
    {"dependance", "Ce dont dépend la recommandation"},
}};

// ---------------------------------------------------------------------------------------------
// Wording and figures (report_wording.cpp)

/// How a quantity is written: values are multiplied by `scale`, written with `decimals`, then
/// the unit (plain text). Euros are written by format_euros_fr instead (`euros`).
struct Shown {
  double scale = 1;
  int decimals = 0;
  std::string unit;      ///< plural, as axes write it
  std::string unit_one;  ///< singular, for values below 2 ("1,5 année")
  bool euros = false;
};
/// Outcome `o` of the record, for values up to `largest` in absolute value (before scaling).
Shown outcome_shown(const AllocationRecord& r, std::size_t o, double largest);
/// The objective (euros with weights = "euros", else a score or the maximised outcome).
Shown objective_shown(const AllocationRecord& r, double largest);
/// A value ("12,3 années", "+1 250 000 €"), an interval ("[−2,1 ; 4,5]"), as plain text.
std::string value_text(const Shown& s, double v, bool plus = false);
std::string interval_of(const Shown& s, double low, double high, bool plus = false);
/// How sums of euros up to `largest` are plotted: in euros, thousands or millions of euros.
struct EuroScale {
  double k = 1;
  std::string unit;  ///< "euros", "milliers d'euros", "millions d'euros"
};
EuroScale euro_scale(double largest, double millions_from = 5e5);
/// "12 futurs sur 20", "1 futur sur 20", "aucun des 20 futurs".
std::string futures_fr(std::size_t n, std::size_t m);
/// "35 %" (a share of 0.35).
std::string percent_text(double share, int decimals = 0);
/// What the objective is, in a phrase: "la valeur des résultats en euros (25 000 € par année
/// d'emploi en plus, ...)".
std::string objective_fr(const AllocationRecord& r);

/// Levers in play, in lever order.
std::vector<std::size_t> levers_in_play(const AllocationRecord& r);
double lever_total(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever);
double qpv_total(const AllocationRecord& r, const CandidateRecord& c, std::size_t q);
/// Summed over the QPVs: capacity and planned euros of one lever.
double lever_capacity(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever);
double lever_planned(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever);
/// What a lever's euros buy, in words: "14 places de crèche", "22 passages du camion par an".
std::string buys_fr(const AllocationRecord& r, const CandidateRecord& c, std::size_t lever);
/// A candidate's lever shares, "Aide à la mobilité 45 %, Places en crèche 50 %, ...".
std::string shares_fr(const AllocationRecord& r, const CandidateRecord& c);
/// "QN05920M — Verrerie - Square République" as plain text.
std::string qpv_fr(const AllocationRecord& r, std::size_t q);

/// The re-evaluated row of the status quo, if any.
std::optional<std::size_t> status_quo_row(const AllocationRecord& r);
/// What a re-evaluated row is, after "fait mieux que": "le statu quo", "la règle « ... »", "le
/// candidat n° 2 de la recherche".
std::string versus_fr(const AllocationRecord& r, std::size_t row);
/// The same after "à": "au statu quo", "à la règle « ... »".
std::string to_versus_fr(const AllocationRecord& r, std::size_t row);

/// The recommendation against re-evaluated row `row`, fresh replicate by fresh replicate.
struct Paired {
  std::vector<double> differences;  ///< recommendation - row, per fresh replicate
  std::size_t better = 0, ties = 0;
  Distribution d;
  bool identical() const { return ties == differences.size(); }
};
Paired paired_with_recommendation(const AllocationRecord& r, std::size_t row);
/// The quantiles (k + 0.5) / 20 of the values, for a 20-dot quantile plot.
std::vector<double> twenty_quantiles(std::vector<double> values);
double mean_of(const std::vector<double>& v);

/// What the intervals include and leave out (plain text).
std::string intervals_include_fr(const AllocationRecord& r);
/// Why the comparisons run on fresh futures (the winner's curse), with the recommendation's
/// objective on the search's futures and on the fresh ones (plain text).
std::string winners_curse_fr(const AllocationRecord& r);

// ---------------------------------------------------------------------------------------------
// Charts of this report (report_charts.cpp)

/// The lever x QPV table of euros a year of candidate `c`, cells shaded by amount.
std::string heat_table(const AllocationRecord& r, const CandidateRecord& c);
/// The frontier: outcome `ox` across, `oy` up (means on the search's replicates); the other
/// candidates in grey, the frontier's points joined, the recommendation and the status quo
/// marked.
std::string frontier_chart(const AllocationRecord& r, std::size_t ox, std::size_t oy);

// ---------------------------------------------------------------------------------------------
// Sections (report_summary.cpp, report_curves.cpp, report_split.cpp, report_method.cpp)

std::string summary_section(const AllocationRecord& r);
std::string curves_section(const AllocationRecord& r);
std::string split_section(const AllocationRecord& r);
std::string frontier_section(const AllocationRecord& r);
std::string equity_section(const AllocationRecord& r);
std::string method_section(const AllocationRecord& r);
std::string dependence_section(const AllocationRecord& r);

}  // namespace qpv::analysis::allocation::report
