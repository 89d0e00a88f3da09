// The registry's rows for transport aid (sim/model/transport_aid.hpp): training, aids, take-up,
// transit. In Param order; parameters.cpp joins the tables of this folder.
#pragma once

#include "sim/model/parameters.hpp"

namespace qpv::model {

inline constexpr ParamSpec kTransportAidParams[] = {
    {Param::licence_training_months,
     "licence_training_months",
     6.0,
     0.5,
     36.0,
     "months",
     {Prior::Kind::uniform, 3.0, 12.0},
     "assumption: driving-school training with funding takes about six months (Le Gallo, "
     "L'Horty & Petit 2017, '10 000 permis pour réussir')",
     "mean time from funding to the driving test",
     Role::uncertain,
     "durée de la formation au permis financée"},
    {Param::licence_pass_probability,
     "licence_pass_probability",
     0.6,
     0.0,
     1.0,
     "probability",
     {Prior::Kind::beta, 6.0, 4.0},
     "assumption: a majority of funded learners obtain the licence within the programme (Le "
     "Gallo, L'Horty & Petit 2017, RCT of a 1,000 EUR voucher: weak employment effects; shared "
     "interventions_reference.csv); wide prior, 90 %: 0.33-0.84",
     "probability that a funded learner obtains the licence",
     Role::uncertain,
     "taux de réussite au permis financé"},
    {Param::licence_training_search_mult,
     "licence_training_search_mult",
     0.7,
     0.0,
     1.0,
     "ratio",
     {Prior::Kind::uniform, 0.4, 1.0},
     "Le Gallo, L'Horty & Petit (2017, shared interventions_reference.csv): job search slows "
     "while learning (lock-in effect); size assumed, the prior reaches 1 (no lock-in)",
     "offer-rate multiplier for a job seeker while in licence training",
     Role::uncertain,
     "ralentissement de la recherche d'emploi pendant le permis"},
    {Param::transit_pass_months,
     "transit_pass_months",
     12.0,
     1.0,
     60.0,
     "months",
     {Prior::Kind::uniform, 6.0, 12.0},
     "assumption: a yearly pass renewed by a new enrolment; shorter use is possible. The "
     "effect of transit subsidies fades (Franklin 2018; Abebe et al. 2021: none after four "
     "years; shared interventions_reference.csv)",
     "duration of a transit-pass aid",
     Role::uncertain,
     "durée de l'abonnement de transport solidaire"},
    {Param::car_rental_months,
     "car_rental_months",
     6.0,
     1.0,
     36.0,
     "months",
     {Prior::Kind::uniform, 3.0, 12.0},
     "assumption: solidarity garages rent for a few months, until a first wage allows a car",
     "duration of a solidarity car rental",
     Role::uncertain,
     "durée de la location solidaire de voiture"},
    {Param::aid_take_up_transit_pass,
     "aid_take_up_transit_pass",
     0.7,
     0.0,
     1.0,
     "probability",
     {Prior::Kind::beta, 7.0, 3.0},
     "assumption: most eligible job seekers offered a free pass take it; no local figure "
     "(90 % prior range 0.44-0.89)",
     "probability that an eligible person offered a transit pass takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours à l'abonnement de transport"},
    {Param::aid_take_up_driving_licence,
     "aid_take_up_driving_licence",
     0.5,
     0.0,
     1.0,
     "probability",
     {Prior::Kind::beta, 5.0, 5.0},
     "assumption: about half of those offered licence funding start the training (it takes "
     "months of lessons); Le Gallo, L'Horty & Petit (2017) report incomplete take-up of the "
     "voucher (90 % prior range 0.24-0.76)",
     "probability that an eligible person offered driving-licence funding takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours au financement du permis"},
    {Param::aid_take_up_car_rental,
     "aid_take_up_car_rental",
     0.6,
     0.0,
     1.0,
     "probability",
     {Prior::Kind::beta, 6.0, 4.0},
     "assumption: a rental costs about 5 EUR a day, so not every licence holder offered one "
     "takes it (90 % prior range 0.33-0.84)",
     "probability that an eligible person offered a solidarity car rental takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours à la location solidaire de voiture"},
    {Param::transit_access_offset,
     "transit_access_offset",
     0.0,
     -1.0,
     1.0,
     "share points",
     {Prior::Kind::uniform, -0.15, 0.15},
     "assumption: the transit_access of each QPV in qpv.csv comes from three assumed tiers, "
     "with no published figure (scenarios/territories/README.md); every QPV's value is moved "
     "by this offset, kept within [0, 1]",
     "shift of the share of job offers reachable by public transport, added to every QPV's "
     "transit_access",
     Role::uncertain,
     "accessibilité des emplois en transports en commun"},
};

}  // namespace qpv::model
