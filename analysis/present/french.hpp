// French wording shared by every report and the workshop page: typographic spaces, HTML
// escaping, numbers, euros, dates, units and priors written the French way.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "sim/core/time.hpp"

namespace qpv::analysis {

/// A no-break space (U+00A0): between a number and its unit ("12 enfants", "262 000 €").
inline constexpr std::string_view kNoBreakSpace = "\u00a0";
/// A narrow no-break space (U+202F): between groups of digits, before "%" and before ";" in an
/// interval "[1,2 ; 3,4]".
inline constexpr std::string_view kNarrowNoBreakSpace = "\u202f";

/// The months of the year in French, January first.
inline constexpr std::array<std::string_view, 12> kMonthsFr = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

/// `text` with &, <, >, " and ' replaced by entities: safe as HTML or SVG text and inside a
/// quoted attribute value.
std::string escape_html(std::string_view text);

/// A number written the French way: comma decimal separator, a narrow no-break space (U+202F)
/// between groups of three digits, a minus sign (U+2212) for negative values; `plus` writes
/// "+" before positive values. A value that rounds to zero has no sign. NaN or infinite values
/// are written "—" (not available), never "nan" or "inf".
/// Examples: format_fr(262000, 0) = "262 000"; format_fr(0.5, 1, true) = "+0,5".
std::string format_fr(double value, int decimals, bool plus = false);

/// A number with about four significant digits and no trailing zeros ("0,0035", "17",
/// "1 000"), for parameter tables.
std::string format_fr_compact(double value);

/// Euros rounded to three significant digits from 1 000 € up (to the euro below), followed by a
/// no-break space and "€": format_euros_fr(261834) = "262 000 €"; `plus` as in format_fr.
std::string format_euros_fr(double euros, bool plus = false);

/// Two bounds already written, as an interval: "[low ; high]" (narrow no-break space before ;).
std::string interval_text(std::string_view low, std::string_view high);

/// French rule: singular below 2 ("1,5 point", "2 points").
bool plural_for(double shown);
/// The French name of a count unit of the indicator table ("persons": "personnes").
std::string unit_fr(std::string_view unit, bool plural);
/// A prior as written in records ("lognormal(-2.160000, 0.500000)"), in French.
std::string prior_fr(const std::string& prior);

/// A date as "1er janvier 2024"; a date with no valid month as Date::to_string.
std::string date_fr(const Date& d);
/// "2024-01-01" as "1er janvier 2024"; other text as given.
std::string date_fr(const std::string& iso);
/// "2025-06-03T14:05:09Z" as "3 juin 2025 à 14 h 05 (UTC)"; other text as given.
std::string timestamp_fr(const std::string& iso);

}  // namespace qpv::analysis
