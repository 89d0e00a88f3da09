// Simulation time and calendar dates.
//
// Time is a strong integer type counting seconds since 1970-01-01 00:00 (proleptic Gregorian,
// no time zones, no leap seconds). Integer ticks keep event order exact and reproducible on any
// platform (as OMNeT++'s fixed-point simtime does); one second is far finer than any process.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace qpv {

/// A duration in seconds. Build it from days with Duration::days(); never from a bare number.
class Duration {
 public:
  static constexpr std::int64_t kSecondsPerDay = 86'400;

  constexpr Duration() = default;
  static constexpr Duration seconds(std::int64_t s) { return Duration(s); }
  /// Rounds to the nearest second; `d` in days (may be fractional, e.g. an exponential draw).
  static constexpr Duration days(double d) {
    const double s = d * static_cast<double>(kSecondsPerDay);
    return Duration(static_cast<std::int64_t>(s < 0 ? s - 0.5 : s + 0.5));
  }
  static constexpr Duration whole_days(std::int64_t d) { return Duration(d * kSecondsPerDay); }

  constexpr std::int64_t count_seconds() const { return s_; }
  constexpr double in_days() const { return static_cast<double>(s_) / kSecondsPerDay; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(s_ + o.s_); }
  constexpr Duration operator-(Duration o) const { return Duration(s_ - o.s_); }

 private:
  constexpr explicit Duration(std::int64_t s) : s_(s) {}
  std::int64_t s_ = 0;
};

/// The years a date in an input file may name, inclusive. The model counts months from year 0
/// (month_index()) and dates people's births up to a century before a run starts, so year 1
/// failed only once running ("not a calendar date: -1--3-1"). QPVs date from 2014: 1900 leaves
/// a century before any study for births and warm-up, and 2200 is far past any projection.
inline constexpr int kMinInputYear = 1900;
inline constexpr int kMaxInputYear = 2200;

/// A calendar date (year, month 1-12, day 1-31). Always valid once built via Date::make.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  /// Throws std::invalid_argument for an impossible date (e.g. 2023-02-29).
  static Date make(int year, int month, int day);
  /// Parses "YYYY-MM-DD"; throws std::invalid_argument.
  static Date parse(const std::string& text);
  std::string to_string() const;
  /// Days since 1970-01-01.
  std::int64_t days_since_epoch() const;
  static Date from_days_since_epoch(std::int64_t days);
  /// YYYYMM, the month key used in results files.
  int yyyymm() const { return year * 100 + month; }
  /// This date moved by a number of months (negative: back), the day kept, or the month's last
  /// day if the month is shorter (2024-03-31 plus one month is 2024-04-30).
  Date plus_months(int months) const;

  constexpr auto operator<=>(const Date&) const = default;
};

/// A point in simulated time. Totally ordered; arithmetic only with Duration.
class Time {
 public:
  constexpr Time() = default;
  static constexpr Time from_seconds(std::int64_t s) { return Time(s); }
  static Time at(const Date& d) { return Time(d.days_since_epoch() * Duration::kSecondsPerDay); }

  constexpr std::int64_t seconds_since_epoch() const { return s_; }
  /// The calendar date this instant falls on.
  Date date() const;

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Duration d) const { return Time(s_ + d.count_seconds()); }
  constexpr Time operator-(Duration d) const { return Time(s_ - d.count_seconds()); }
  constexpr Duration operator-(Time o) const { return Duration::seconds(s_ - o.s_); }

  static constexpr Time max() { return Time(INT64_MAX); }
  static constexpr Time min() { return Time(INT64_MIN); }

 private:
  constexpr explicit Time(std::int64_t s) : s_(s) {}
  std::int64_t s_ = 0;
};

/// The mean length of a month in days (a Julian year over 12), to turn rates per month into
/// rates per day.
inline constexpr double kDaysPerMonth = 365.25 / 12.0;

/// Months counted from year 0: year * 12 + (month - 1). Months apart subtract as integers.
constexpr int month_index(const Date& d) {
  return d.year * 12 + (d.month - 1);
}
/// The first day of the month numbered `month_index` (see month_index(), year >= 0).
constexpr Date first_of_month(int month_index) {
  return Date{month_index / 12, month_index % 12 + 1, 1};
}
/// First day of the month after `d`'s month.
Date first_of_next_month(const Date& d);
/// Whole years between two dates (age at `on` of someone born on `birth`).
int whole_years_between(const Date& birth, const Date& on);

}  // namespace qpv
