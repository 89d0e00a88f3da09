#include <catch2/catch.hpp>

#include "sim/core/time.hpp"

using qpv::Date;
using qpv::Duration;
using qpv::Time;

TEST_CASE("dates convert to and from days since the epoch", "[core]") {
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{2024, 1, 1}.days_since_epoch() == 19723);
  CHECK(Date{2024, 3, 1}.days_since_epoch() - Date{2024, 2, 28}.days_since_epoch() == 2);  // leap
  CHECK(Date{2023, 3, 1}.days_since_epoch() - Date{2023, 2, 28}.days_since_epoch() == 1);
  for (std::int64_t d = -800; d < 40000; d += 37) {
    CHECK(Date::from_days_since_epoch(d).days_since_epoch() == d);
  }
}

TEST_CASE("dates are validated and parsed", "[core]") {
  CHECK(Date::parse("2030-12-31") == Date{2030, 12, 31});
  CHECK_THROWS_AS(Date::make(2023, 2, 29), std::invalid_argument);
  CHECK_THROWS_AS(Date::parse("2024-13-01"), std::invalid_argument);
  CHECK_THROWS_AS(Date::parse("2024/01/01"), std::invalid_argument);
  CHECK_THROWS_AS(Date::parse("2024-01-01x"), std::invalid_argument);
  CHECK(Date{2024, 2, 9}.to_string() == "2024-02-09");
  CHECK(Date{2027, 1, 1}.yyyymm() == 202701);
}

TEST_CASE("time is integer seconds, ordered, with day arithmetic", "[core]") {
  const Time t = Time::at(Date{2024, 1, 1});
  CHECK((t + Duration::whole_days(31)).date() == Date{2024, 2, 1});
  CHECK((t - Duration::seconds(1)).date() == Date{2023, 12, 31});
  CHECK(Duration::days(1.5).count_seconds() == 129600);
  CHECK(Duration::days(1e-6).count_seconds() == 0);  // rounds to the nearest second
  CHECK(t < t + Duration::seconds(1));
  CHECK((t + Duration::days(2.25)) - t == Duration::days(2.25));
}

TEST_CASE("calendar arithmetic: ages in whole years, months", "[core]") {
  CHECK(qpv::whole_years_between(Date{2000, 6, 15}, Date{2024, 6, 14}) == 23);
  CHECK(qpv::whole_years_between(Date{2000, 6, 15}, Date{2024, 6, 15}) == 24);
  CHECK(qpv::first_of_next_month(Date{2024, 12, 31}) == Date{2025, 1, 1});
  // Month indices: year * 12 + month - 1, and back to the month's first day.
  CHECK(qpv::month_index(Date{2024, 1, 31}) == 2024 * 12);
  CHECK(qpv::month_index(Date{2025, 3, 1}) - qpv::month_index(Date{2024, 12, 1}) == 3);
  CHECK(qpv::first_of_month(qpv::month_index(Date{2027, 12, 9})) == Date{2027, 12, 1});
  // Adding months keeps the day, or the last day of a shorter month; across years both ways.
  CHECK(Date{2024, 1, 15}.plus_months(1) == Date{2024, 2, 15});
  CHECK(Date{2024, 1, 31}.plus_months(1) == Date{2024, 2, 29});
  CHECK(Date{2023, 1, 31}.plus_months(1) == Date{2023, 2, 28});
  CHECK(Date{2024, 3, 31}.plus_months(-1) == Date{2024, 2, 29});
  CHECK(Date{2024, 1, 1}.plus_months(-12) == Date{2023, 1, 1});
  CHECK(Date{2024, 1, 1}.plus_months(-13) == Date{2022, 12, 1});
  CHECK(Date{2024, 11, 30}.plus_months(3) == Date{2025, 2, 28});
  CHECK(Date{2024, 5, 20}.plus_months(0) == Date{2024, 5, 20});
  CHECK(qpv::kDaysPerMonth * 12 == 365.25);
}
