// French wording: HTML escaping, numbers, euros, intervals, units, priors and dates.
#include "analysis/present/french.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

namespace qpv::analysis {
namespace {

constexpr std::string_view kMinus = "\u2212";

/// "1er janvier 2024": the first of the month is written "1er". `month` is 1-12.
std::string day_month_year_fr(int day, int month, int year) {
  return fmt::format("{}{} {} {}", day, day == 1 ? "er" : "", kMonthsFr[month - 1], year);
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string format_fr(double value, int decimals, bool plus) {
  if (!std::isfinite(value)) return "—";
  decimals = std::clamp(decimals, 0, 12);
  const std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  const std::size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  std::string out = zero ? "" : value < 0 ? std::string(kMinus) : plus ? "+" : "";
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += kNarrowNoBreakSpace;
    out += whole[i];
  }
  if (point != std::string::npos) out += "," + digits.substr(point + 1);
  return out;
}

std::string format_fr_compact(double value) {
  if (!std::isfinite(value)) return "—";
  const double a = std::fabs(value);
  if (a < 1e15 && a == std::round(a)) return format_fr(value, 0);
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  std::string s = format_fr(value, std::clamp(3 - magnitude, 0, 10));
  if (s.find(',') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == ',') s.pop_back();
  }
  return s;
}

std::string format_euros_fr(double euros, bool plus) {
  if (!std::isfinite(euros)) return "—";
  double rounded = std::round(euros);
  const double a = std::fabs(euros);
  if (a >= 1000) {
    const double unit = std::pow(10.0, std::floor(std::log10(a)) - 2);
    rounded = std::round(euros / unit) * unit;
  }
  return format_fr(rounded, 0, plus) + std::string(kNoBreakSpace) + "€";
}

std::string interval_text(std::string_view low, std::string_view high) {
  return fmt::format("[{}{}; {}]", low, kNarrowNoBreakSpace, high);
}

/// French rule: singular below 2 ("1,5 point", "2 points").
bool plural_for(double shown) {
  return std::isfinite(shown) && std::fabs(shown) >= 2;
}

/// The French name of a count unit of the indicator table.
std::string unit_fr(std::string_view unit, bool plural) {
  if (unit == "persons") return plural ? "personnes" : "personne";
  if (unit == "children") return plural ? "enfants" : "enfant";
  if (unit == "persons per month") return plural ? "personnes par mois" : "personne par mois";
  return std::string(unit);
}

/// A prior as written in records ("lognormal(-2.160000, 0.500000)"), in French.
std::string prior_fr(const std::string& prior) {
  const std::size_t open = prior.find('('), comma = prior.find(','), close = prior.rfind(')');
  if (open == std::string::npos || comma == std::string::npos || close == std::string::npos ||
      !(open < comma && comma < close))
    return prior;
  const std::string kind = prior.substr(0, open);
  double a = 0, b = 0;
  try {
    a = std::stod(prior.substr(open + 1, comma - open - 1));
    b = std::stod(prior.substr(comma + 1, close - comma - 1));
  } catch (const std::exception&) {
    return prior;
  }
  const std::string fa = format_fr_compact(a), fb = format_fr_compact(b);
  if (kind == "uniform") return fmt::format("uniforme entre {} et {}", fa, fb);
  if (kind == "normal") return fmt::format("normale (moyenne {}, écart-type {})", fa, fb);
  if (kind == "lognormal")
    return fmt::format("log-normale (μ = {}, σ = {} sur le logarithme)", fa, fb);
  if (kind == "beta") return fmt::format("bêta ({} ; {})", fa, fb);
  return prior;
}

std::string date_fr(const Date& d) {
  if (d.month < 1 || d.month > 12) return d.to_string();
  return day_month_year_fr(d.day, d.month, d.year);
}

std::string date_fr(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
  return day_month_year_fr(d, m, y);
}

/// "2025-06-03T14:05:09Z" as "3 juin 2025 à 14 h 05 (UTC)".
std::string timestamp_fr(const std::string& iso) {
  int y = 0, mo = 0, d = 0, hh = 0, mm = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &hh, &mm) != 5 || mo < 1 ||
      mo > 12)
    return iso;
  return fmt::format("{} à {} h {:02d} (UTC)", day_month_year_fr(d, mo, y), hh, mm);
}

}  // namespace qpv::analysis
