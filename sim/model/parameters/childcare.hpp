// The registry's rows for childcare (sim/model/childcare.hpp): demand for crèche places,
// priorities. In Param order; parameters.cpp joins the tables of this folder.
#pragma once

#include "sim/model/parameters.hpp"

namespace qpv::model {

inline constexpr ParamSpec kChildcareParams[] = {
    {Param::creche_demand_share,
     "creche_demand_share",
     0.6,
     0.0,
     1.0,
     "share",
     {Prior::Kind::beta, 6.0, 4.0},
     "assumption: a majority of families with a child under 3 would use a crèche place if "
     "offered one; wide prior (90 %: 0.33-0.84). Places taken by families who had other care "
     "change no employment, the crowding out that Havnes & Mogstad (2011) found (shared "
     "interventions_reference.csv)",
     "share of children under 3 whose family applies for a crèche place",
     Role::uncertain,
     "part des familles qui demandent une place en crèche"},
    {Param::creche_priority_single_parents,
     "creche_priority_single_parents",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {Prior::Kind::uniform, 0.0, 1.0},
     "policy setting: CAF and communes commonly rank single parents first (CNAF, AVIP charter)",
     "1 if children of single parents come first on the waitlist",
     Role::policy,
     "priorité aux parents isolés en crèche"},
    {Param::creche_priority_job_seekers,
     "creche_priority_job_seekers",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {Prior::Kind::uniform, 0.0, 1.0},
     "policy setting: AVIP crèches reserve places for job-seeking parents (CNAF 2021)",
     "1 if children of job-seeking parents come next on the waitlist",
     Role::policy,
     "priorité aux parents en recherche d'emploi en crèche"},
};

}  // namespace qpv::model
