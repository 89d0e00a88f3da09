// An allocation as a scenario file that `qpvsim compare` reruns (plan.hpp, scenario_text).

#include <fmt/format.h>

#include "analysis/allocation/plan.hpp"

namespace qpv::analysis::allocation {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string euros(Cents c) {
  return fmt::format("{}.{:02d}", c.count() / 100, c.count() % 100);
}

std::string qpv_list(const model::QpvSelection& qpv) {
  std::string out = "[";
  for (std::size_t i = 0; i < qpv.size(); ++i) out += (i ? ", " : "") + quoted(qpv[i]);
  return out + "]";
}

void write_transport_aid(std::string& out, const model::TransportAid& a) {
  static constexpr const char* kAid[] = {"transit_pass", "driving_licence", "car_rental"};
  static constexpr const char* kEligibility[] = {"job_seekers", "youth", "long_term_unemployed"};
  out += fmt::format("aid = \"{}\"\n", kAid[static_cast<int>(a.aid)]);
  std::string el;
  for (std::size_t i = 0; i < a.eligibility.size(); ++i)
    el += fmt::format("{}\"{}\"", i ? ", " : "", kEligibility[static_cast<int>(a.eligibility[i])]);
  out += "eligibility = [" + el + "]\n";
  if (a.take_up) out += fmt::format("take_up = {}\n", *a.take_up);
  out += fmt::format("start = {}\nend = {}\nqpv = {}\n", a.start.to_string(), a.end.to_string(),
                     qpv_list(a.qpv));
  if (a.cost_per_beneficiary_month.count() > 0)
    out += "cost_per_beneficiary_month_eur = " + euros(a.cost_per_beneficiary_month) + "\n";
  if (a.cost_per_licence.count() > 0)
    out += "cost_per_licence_eur = " + euros(a.cost_per_licence) + "\n";
}

void write_creche(std::string& out, const model::CrechePlaces& c) {
  out += fmt::format("places = {}\nstart = {}\nreached_by = {}\nramp = \"{}\"\nqpv = {}\n",
                     c.places.value_or(0), c.start.to_string(), c.reached_by.to_string(),
                     c.ramp == model::Ramp::step ? "step" : "linear", qpv_list(c.qpv));
  out += fmt::format("avip_share = {}\n", c.avip_share);
  out += "cost_per_place_year_eur = " + euros(c.cost_per_place_year) + "\n";
  if (c.investment_per_place.count() > 0)
    out += "investment_per_place_eur = " + euros(c.investment_per_place) + "\n";
}

void write_truck(std::string& out, const model::ScreeningTruck& t) {
  std::string dates;
  for (std::size_t i = 0; i < t.dates.size(); ++i)
    dates += (i ? ", " : "") + t.dates[i].to_string();
  out += "dates = [" + dates + "]\n";
  out += fmt::format("qpv_share = {}\nmode = \"{}\"\n", t.qpv_share,
                     t.mode == model::TruckMode::mammography ? "mammography" : "awareness");
  if (t.mammography_from) out += "mammography_from = " + t.mammography_from->to_string() + "\n";
  out += fmt::format("capacity_per_passage = {}\n", t.capacity_per_passage);
  if (t.reach) out += fmt::format("reach = {}\n", *t.reach);
  if (t.conversion) out += fmt::format("conversion = {}\n", *t.conversion);
  out += "qpv = " + qpv_list(t.qpv) + "\n";
  out += "cost_per_passage_eur = " + euros(t.cost_per_passage) + "\n";
}

}  // namespace

std::string scenario_text(const AllocationConfig& c, const Allocation& a,
                          const std::string& base_path, const std::string& title) {
  std::string out = fmt::format(
      "# Written by qpvsim allocate from {}: the allocation below as interventions, one per lever\n"
      "# (aid type) and QPV, over {}-{}. Rerun beside the baseline with\n"
      "#   qpvsim compare <baseline> <this file> --seed {} --replicates {}\n"
      "# (the seed and replicates of the re-evaluation) for the figures the allocation report "
      "gives.\n",
      c.file, c.first_year, c.last_year, c.seed + 1, c.fresh_replicates);
  out += "base = " + quoted(base_path) + "\n\n[scenario]\nname = " + quoted(title) + "\n";
  for (const model::Intervention& i : interventions(c, a)) {
    out += fmt::format("\n[[intervention]]\nkind = \"{}\"\nid = {}\nname = {}\n",
                       model::kind_name(i), quoted(i.id), quoted(i.name));
    if (i.budget_per_year) out += "budget_eur_per_year = " + euros(*i.budget_per_year) + "\n";
    if (const auto* aid = std::get_if<model::TransportAid>(&i.detail))
      write_transport_aid(out, *aid);
    else if (const auto* creche = std::get_if<model::CrechePlaces>(&i.detail))
      write_creche(out, *creche);
    else if (const auto* truck = std::get_if<model::ScreeningTruck>(&i.detail))
      write_truck(out, *truck);
  }
  return out;
}

}  // namespace qpv::analysis::allocation
