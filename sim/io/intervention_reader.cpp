#include "sim/io/intervention_reader.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace qpv::io {
namespace {

const Keys kTransportAidKeys = {"kind",
                                "id",
                                "name",
                                "budget_eur_per_year",
                                "aid",
                                "eligibility",
                                "places",
                                "take_up",
                                "start",
                                "end",
                                "qpv",
                                "cost_per_beneficiary_month_eur",
                                "cost_per_licence_eur"};
const Keys kCrecheKeys = {"kind",
                          "id",
                          "name",
                          "budget_eur_per_year",
                          "increase",
                          "places",
                          "start",
                          "reached_by",
                          "ramp",
                          "qpv",
                          "avip_share",
                          "cost_per_place_year_eur",
                          "investment_per_place_eur"};
const Keys kTruckKeys = {
    "kind",  "id",         "name", "budget_eur_per_year", "passages_per_year",
    "dates", "qpv_share",  "mode", "mammography_from",    "capacity_per_passage",
    "reach", "conversion", "qpv",  "cost_per_passage_eur"};

model::QpvSelection read_qpv(const Reader& r, DeferredChecks& checks) {
  auto list = r.strings("qpv");
  if (!list || (list->size() == 1 && (*list)[0].value == "all")) return {};
  model::QpvSelection sel;
  for (auto& s : *list) {
    checks.qpv_codes.push_back(s);
    sel.push_back(s.value);
  }
  return sel;
}

void read_transport_aid(const Reader& r, InterventionDraft& d) {
  r.allow_only(kTransportAidKeys);
  model::TransportAid a;
  const auto aid = r.choice("aid", {"transit_pass", "driving_licence", "car_rental"});
  if (!aid)
    r.fail("aid", "missing key: the aid type (transit_pass, driving_licence or car_rental)");
  a.aid = aid->value == "transit_pass"      ? model::AidType::transit_pass
          : aid->value == "driving_licence" ? model::AidType::driving_licence
                                            : model::AidType::car_rental;
  if (auto el = r.strings("eligibility")) {
    for (const auto& e : *el) {
      static const std::vector<std::string> kOptions = {"job_seekers", "youth",
                                                        "long_term_unemployed"};
      if (std::find(kOptions.begin(), kOptions.end(), e.value) == kOptions.end()) {
        throw InputError(e.origin, r.full("eligibility"),
                         "unknown eligibility \"" + e.value + "\"" +
                             did_you_mean(e.value, kOptions) +
                             "; expected one of: " + join(kOptions));
      }
      a.eligibility.push_back(e.value == "job_seekers" ? model::Eligibility::job_seekers
                              : e.value == "youth"     ? model::Eligibility::youth
                                                       : model::Eligibility::long_term_unemployed);
    }
  } else {
    a.eligibility = {model::Eligibility::job_seekers};
  }
  if (auto v = r.integer("places", 0, 10'000'000)) a.places = v->value;
  if (!a.places && !d.intervention.budget_per_year)
    r.fail("places", "missing key: give places (beneficiaries at a time) or budget_eur_per_year");
  if (auto v = r.share("take_up")) a.take_up = v->value;
  if (auto v = r.date("start")) {
    a.start = v->value;
    d.checks.dates.push_back(*v);
    d.has_start = true;
  }
  if (auto v = r.date("end")) {
    a.end = v->value;
    d.checks.dates.push_back(*v);
    d.has_end = true;
  }
  if (d.has_start && d.has_end && a.end < a.start)
    r.fail("end", "end " + a.end.to_string() + " is before start " + a.start.to_string());
  a.qpv = read_qpv(r, d.checks);
  if (auto v = r.unit_cost("cost_per_beneficiary_month_eur"))
    a.cost_per_beneficiary_month = Cents::from_euros(v->value);
  if (auto v = r.unit_cost("cost_per_licence_eur"))
    a.cost_per_licence = Cents::from_euros(v->value);
  d.intervention.detail = a;
}

void read_creche_places(const Reader& r, InterventionDraft& d) {
  r.allow_only(kCrecheKeys);
  model::CrechePlaces c;
  if (auto v = r.number("increase", 0.0, 10.0, "a relative increase (0.05 = +5 %)"))
    c.increase = v->value;
  if (auto v = r.integer("places", 0, 100'000)) c.places = v->value;
  if (c.increase.has_value() == c.places.has_value())
    r.fail("increase", "give exactly one of increase (relative) or places (absolute)");
  if (auto v = r.date("start")) {
    c.start = v->value;
    d.checks.dates.push_back(*v);
    d.has_start = true;
  }
  const auto reached = r.date("reached_by");
  if (!reached)
    r.fail("reached_by", "missing key: the date the new places are all open (YYYY-MM-DD)");
  c.reached_by = reached->value;
  d.checks.dates.push_back(*reached);
  if (d.has_start && c.reached_by < c.start)
    r.fail("reached_by",
           "reached_by " + c.reached_by.to_string() + " is before start " + c.start.to_string());
  if (auto v = r.choice("ramp", {"linear", "step"}))
    c.ramp = v->value == "step" ? model::Ramp::step : model::Ramp::linear;
  c.qpv = read_qpv(r, d.checks);
  if (auto v = r.share("avip_share")) c.avip_share = v->value;
  if (auto v = r.unit_cost("cost_per_place_year_eur"))
    c.cost_per_place_year = Cents::from_euros(v->value);
  if (auto v = r.unit_cost("investment_per_place_eur"))
    c.investment_per_place = Cents::from_euros(v->value);
  d.intervention.detail = c;
}

void read_screening_truck(const Reader& r, InterventionDraft& d) {
  r.allow_only(kTruckKeys);
  model::ScreeningTruck t;
  if (auto v = r.integer("passages_per_year", 0, 366)) t.passages_per_year = v->value;
  if (const toml::node* n = r.find("dates")) {
    if (!n->is_array()) r.fail("dates", "expected an array of dates, got " + type_name(*n));
    for (const toml::node& el : *n->as_array()) {
      const auto sd = Reader::date_of(r.file(), el, r.full("dates"));
      d.checks.dates.push_back(sd);
      t.dates.push_back(sd.value);
    }
  }
  if (t.passages_per_year.has_value() == !t.dates.empty())
    r.fail("passages_per_year",
           "give exactly one of passages_per_year or dates (an explicit schedule)");
  if (auto v = r.share("qpv_share")) t.qpv_share = v->value;
  if (auto v = r.choice("mode", {"awareness", "mammography"}))
    t.mode =
        v->value == "mammography" ? model::TruckMode::mammography : model::TruckMode::awareness;
  if (auto v = r.date("mammography_from")) {
    t.mammography_from = v->value;
    d.checks.mammography_from = *v;
    d.checks.dates.push_back(*v);
  }
  if (t.mode == model::TruckMode::mammography && !t.mammography_from)
    r.fail("mammography_from",
           "missing key: mode = \"mammography\" needs the date mammography starts on the truck");
  if (auto v = r.integer("capacity_per_passage", 0, 100'000)) t.capacity_per_passage = v->value;
  if (auto v = r.share("reach")) t.reach = v->value;
  if (auto v = r.share("conversion")) t.conversion = v->value;
  t.qpv = read_qpv(r, d.checks);
  if (auto v = r.unit_cost("cost_per_passage_eur"))
    t.cost_per_passage = Cents::from_euros(v->value);
  d.intervention.detail = t;
}

}  // namespace

InterventionDraft read_intervention(const std::string& file, const toml::node& node,
                                    std::size_t index) {
  const std::string prefix = "intervention[" + std::to_string(index) + "]";
  const toml::table& tbl = sub_table(file, node, prefix);
  const Reader r(file, tbl, prefix);
  InterventionDraft d;
  d.origin = origin_of(file, tbl.source());
  const auto kind = r.choice("kind", {"transport_aid", "creche_places", "screening_truck"});
  if (!kind)
    throw InputError(d.origin, prefix + ".kind",
                     "missing key: kind (transport_aid, creche_places or screening_truck)");
  if (auto v = r.string("id")) d.intervention.id = v->value;
  if (auto v = r.string("name")) d.intervention.name = v->value;
  if (auto v = r.budget("budget_eur_per_year"))
    d.intervention.budget_per_year = Cents::from_euros(v->value);
  if (kind->value == "transport_aid")
    read_transport_aid(r, d);
  else if (kind->value == "creche_places")
    read_creche_places(r, d);
  else
    read_screening_truck(r, d);
  return d;
}

std::vector<std::pair<std::string, Keys>> intervention_keys() {
  return {{"transport_aid", kTransportAidKeys},
          {"creche_places", kCrecheKeys},
          {"screening_truck", kTruckKeys}};
}

}  // namespace qpv::io
