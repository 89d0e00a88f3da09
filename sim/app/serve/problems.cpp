#include "sim/app/serve/problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <string_view>

#include "sim/core/error.hpp"

namespace qpv::app::serve {

RequestError::RequestError(int status, std::string message_fr, std::string key, std::string detail)
    : std::runtime_error(message_fr),
      status_(status),
      message_(std::move(message_fr)),
      key_(std::move(key)),
      detail_(std::move(detail)) {}

std::string did_you_mean_fr(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string m = closest_match(word, candidates);
  return m.empty() ? "" : fmt::format(" (vouliez-vous dire « {} » ?)", m);
}

std::string join_fr(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

namespace {

/// "1.5" as "1,5".
std::string decimal_fr(std::string s) {
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

using Words = std::vector<std::pair<std::string_view, std::string_view>>;

/// The French of `what` in `words`, or `what` itself when it has none.
std::string translated(const std::string& what, const Words& words) {
  for (const auto& [en, fr] : words)
    if (what == en) return std::string(fr);
  return what;
}

/// The loader's words for what it expected, in French.
std::string expected_fr(const std::string& what) {
  static const Words kWords = {
      {"a whole number", "un nombre entier"},
      {"a share", "une part (un nombre de 0 à 1)"},
      {"a relative increase (0.05 = +5 %)", "une hausse relative (0,05 = +5 %)"},
      {"an amount in euros >= 0", "un montant en euros positif ou nul"},
      {"a number", "un nombre"},
      {"a string", "un texte"},
      {"a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)"},
      {"an array of strings", "une liste de textes"},
      {"strings in the array", "des textes dans la liste"},
      {"an array of dates", "une liste de dates"},
  };
  if (what.starts_with("a number (")) return "un nombre";
  return translated(what, kWords);
}

/// The loader's names of TOML types, in French.
std::string type_fr(const std::string& what) {
  static const Words kWords = {
      {"a table", "une table"},
      {"an array", "une liste"},
      {"a string", "un texte"},
      {"an integer", "un nombre entier"},
      {"a decimal number", "un nombre décimal"},
      {"a boolean", "un booléen (vrai ou faux)"},
      {"a date", "une date"},
      {"a time", "une heure"},
      {"a date-time", "une date et heure"},
      {"nothing", "rien"},
  };
  return translated(what, kWords);
}

/// " (did you mean 'x'?)" inside a loader message, as French.
std::string suggestion_fr(const std::string& text) {
  static const std::regex kMean(R"( \(did you mean '([^']*)'\?\))");
  std::smatch m;
  if (std::regex_search(text, m, kMean))
    return fmt::format(" (vouliez-vous dire « {} » ?)", m[1].str());
  return "";
}

}  // namespace

std::string problem_fr(const std::string& problem) {
  std::smatch m;
  static const std::regex kBadDate(
      R"(^(not a calendar date: (.+)|expected a date YYYY-MM-DD, got (.+))$)");
  if (std::regex_match(problem, m, kBadDate)) {
    return fmt::format("date invalide : {} (format attendu : AAAA-MM-JJ)",
                       m[2].matched ? m[2].str() : m[3].str());
  }
  static const std::regex kRange(R"(^expected (.+) in \[([^,\]]+), ([^\]]+)\], got (.+)$)");
  if (std::regex_match(problem, m, kRange)) {
    return fmt::format("valeur hors des limites (attendu : {} de {} à {} ; reçu : {})",
                       expected_fr(m[1].str()), decimal_fr(m[2].str()), decimal_fr(m[3].str()),
                       decimal_fr(m[4].str()));
  }
  static const std::regex kType(R"(^expected (.+), got (.+)$)");
  if (std::regex_match(problem, m, kType)) {
    return fmt::format("type de valeur incorrect (attendu : {} ; reçu : {})",
                       expected_fr(m[1].str()), type_fr(m[2].str()));
  }
  static const std::regex kUnknownValue(
      R"re(^unknown (value|eligibility) "([^"]*)".*; expected one of: (.+)$)re");
  if (std::regex_match(problem, m, kUnknownValue)) {
    return fmt::format("valeur « {} » inconnue{} ; valeurs possibles : {}", m[2].str(),
                       suggestion_fr(problem), m[3].str());
  }
  static const std::regex kQpv(R"re(^unknown QPV code "([^"]*)".*$)re");
  if (std::regex_match(problem, m, kQpv)) {
    return fmt::format(
        "code de quartier « {} » inconnu{} ; codes possibles : ceux des 15 QPV du "
        "territoire",
        m[1].str(), suggestion_fr(problem));
  }
  static const std::regex kHorizon(R"(^date (\S+) is outside the run horizon (\S+) to (\S+)$)");
  if (std::regex_match(problem, m, kHorizon)) {
    return fmt::format("la date {} est hors de la période simulée (du {} au {})", m[1].str(),
                       m[2].str(), m[3].str());
  }
  static const std::regex kBefore(R"(^(\w+) (\S+) is before start (\S+)$)");
  if (std::regex_match(problem, m, kBefore)) {
    return fmt::format("la date {} est antérieure à la date de début {}", m[2].str(), m[3].str());
  }
  static const std::regex kMammography(R"(^mammography date is before the run start (\S+)$)");
  if (std::regex_match(problem, m, kMammography)) {
    return fmt::format("la date de la mammographie est antérieure au début de la simulation ({})",
                       m[1].str());
  }
  if (problem.starts_with("missing key: give places"))
    return "indiquez un nombre de places ou un budget annuel";
  if (problem.starts_with("missing key: the aid type"))
    return "indiquez le type d'aide (transit_pass, driving_licence ou car_rental)";
  if (problem.starts_with("missing key: the date the new places"))
    return "indiquez la date à laquelle toutes les nouvelles places sont ouvertes";
  if (problem.starts_with("give exactly one of increase"))
    return "indiquez soit une hausse relative (increase), soit un nombre de places (places)";
  if (problem.starts_with("give exactly one of passages_per_year"))
    return "indiquez soit un nombre de passages par an, soit un calendrier de dates";
  if (problem.starts_with("unknown key")) return "réglage inconnu" + suggestion_fr(problem);
  return "valeur refusée";
}

std::string status_fr(int status) {
  switch (status) {
    case 400:
      return "Requête invalide.";
    case 404:
      return "Adresse inconnue sur ce serveur.";
    case 405:
      return "Méthode non prise en charge à cette adresse.";
    case 408:
      return "La requête a mis trop de temps à arriver.";
    case 413:
      return "Requête trop volumineuse.";
    case 414:
      return "Adresse trop longue.";
    case 415:
      return "Le corps de la requête doit être du JSON (Content-Type: application/json).";
    case 429:
      return "Trop de calculs en cours ; réessayez dans quelques secondes.";
    case 503:
      return "Le serveur s'arrête.";
    default:
      return status >= 500 ? "Erreur interne du serveur." : "Requête refusée.";
  }
}

}  // namespace qpv::app::serve
