#include "sim/core/time.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace qpv {
namespace {

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Date Date::make(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    throw std::invalid_argument("not a calendar date: " + std::to_string(year) + "-" +
                                std::to_string(month) + "-" + std::to_string(day));
  }
  return Date{year, month, day};
}

Date Date::parse(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
    throw std::invalid_argument("expected a date YYYY-MM-DD, got \"" + text + "\"");
  }
  return make(y, m, d);
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain).
std::int64_t Date::days_since_epoch() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date Date::from_days_since_epoch(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Date Time::date() const {
  std::int64_t days = s_ / Duration::kSecondsPerDay;
  if (s_ < 0 && s_ % Duration::kSecondsPerDay != 0) --days;
  return Date::from_days_since_epoch(days);
}

Date Date::plus_months(int months) const {
  const Date first = first_of_month(month_index(*this) + months);
  return Date{first.year, first.month, std::min(day, days_in_month(first.year, first.month))};
}

Date first_of_next_month(const Date& d) {
  return d.month == 12 ? Date{d.year + 1, 1, 1} : Date{d.year, d.month + 1, 1};
}

int whole_years_between(const Date& birth, const Date& on) {
  int years = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
  return years;
}

}  // namespace qpv
