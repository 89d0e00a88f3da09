// The rules of French organised cancer screening, as pure functions: who is eligible and when
// a person is up to date. Sources: Institut national du cancer (INCa) programme descriptions.
//   breast:     women 50-74, a mammography every 2 years;
//   cervical:   women 25-65, a cytology every 3 years from 25 to 29, an HPV test every 5 years
//               from 30 (since 2019);
//   colorectal: women and men 50-74, a stool test every 2 years.
#pragma once

#include "sim/core/time.hpp"
#include "sim/model/population.hpp"

namespace qpv::model {

/// Ages (inclusive) a programme invites.
struct ScreeningAges {
  int first, last;
};
constexpr ScreeningAges screening_ages(Programme prog) {
  switch (prog) {
    case Programme::breast:
      return {50, 74};
    case Programme::cervical:
      return {25, 65};
    case Programme::colorectal:
      return {50, 74};
  }
  return {0, -1};
}

/// The breast and cervical programmes invite women only.
constexpr bool screening_for(Programme prog, Sex sex) {
  return prog == Programme::colorectal || sex == Sex::female;
}

constexpr bool screening_eligible(Programme prog, Sex sex, int age) {
  const ScreeningAges ages = screening_ages(prog);
  // Bitwise: for people in random order each part is a coin flip, a branch often wrong.
  return screening_for(prog, sex) & (age >= ages.first) & (age <= ages.last);
}

/// Length of the programme's cycle for a person of that age, in days.
constexpr std::int64_t screening_interval_days(Programme prog, int age) {
  switch (prog) {
    case Programme::breast:
      return 2 * 365;
    case Programme::cervical:
      return age < 30 ? 3 * 365 : 5 * 365;
    case Programme::colorectal:
      return 2 * 365;
  }
  return 0;
}

/// Screened within the programme's interval before `now`.
inline bool screening_up_to_date(Programme prog, int age, Time last, Time now) {
  return last != Time::min() &&
         now - last < Duration::whole_days(screening_interval_days(prog, age));
}

}  // namespace qpv::model
