// The validation table of the dossier (analysis/dossier.hpp): one row per kind of validation
// of the ISPOR-SMDM structure, naming the tests and the commands that show it.

#include "analysis/dossier.hpp"

namespace qpv::analysis {
namespace {

const std::vector<ValidationRow> kRows = {
    {"Face validity",
     "Do the model's structure, rules and results make sense to people who know the QPV and "
     "the levers?",
     "Every process has a page stating its rules, parameters, sources and assumptions "
     "(docs/model, section 7); the report names the structural choices its intervals leave "
     "out; the Valenciennes baseline stays within plausible bounds of population, employment, "
     "crèche coverage and screening coverage.",
     "",
     {"the Valenciennes baseline is plausible",
      "The report says what its intervals include and what they leave out"},
     {"qpvsim params --markdown", "qpvsim population scenarios/valenciennes/baseline.toml"},
     "Not yet reviewed by the contract's field teams (PLIE, CAF, CPAM): their review is the "
     "next step of face validity."},
    {"Verification: extreme values",
     "At extremes where the answer is known without running the model, does the code give it?",
     "No offers give no hires; offers that need a car, for people who cannot drive, are all "
     "refused for mobility; offers no barrier blocks are all taken; unlimited crèche places "
     "leave no waitlist; a truck without passages screens nobody and changes nothing, bit for "
     "bit; transport aid without budget costs nothing and changes nothing; a closed population "
     "changes only by its deaths. Each test also checks that it is not vacuous.",
     "[verification]",
     {},
     {},
     "Extremes check the mechanisms one at a time on the tiny territory, not their combined "
     "magnitude."},
    {"Verification: rules and accounting",
     "Does each process do what its page says?",
     "Unit tests of each rule (barriers in order, renewals, waitlist priorities, truck "
     "capacity, aid places and budgets), accounting identities (population, the all-QPV "
     "partition is the sum of the QPVs), money in exact cents.",
     "",
     {"barriers are checked in order: mobility, childcare, health",
      "a chain of fixed-term renewals lasts as long as one event per contract would",
      "the waitlist serves single parents first, AVIP places go to job-seeking parents",
      "a truck passage screens at most its capacity and nobody up to date",
      "spending stays within the yearly budget share and equals the unit costs",
      "population accounting: start + births + arrivals - deaths - departures = end",
      "the all-QPV partition is the sum of the QPVs", "money is exact integer cents"},
     {"./build/tests/qpvsim_tests \"[model]\""},
     "Unit tests check rules as written: a rule that is wrong on its page is wrong in the "
     "code too (face validity's part)."},
    {"Verification: reproducibility and code health",
     "Same inputs, same bits? Does the code run clean under sanitizers?",
     "The same seed gives the same bits for 1 and 2 threads (runs, comparisons, calibrations, "
     "sensitivity analyses) and for 1, 2 and 3 MPI ranks (ctest entry mpi.identical: "
     "comparisons, a calibration, a sensitivity analysis); CI builds the suite with "
     "AddressSanitizer and UndefinedBehaviorSanitizer and runs it.",
     "[determinism]",
     {"the posterior is the same for 1 and 2 threads",
      "a study gives the same bits on 1 and 2 threads, and resumes from its checkpoint"},
     {".ci/run", "ctest --test-dir build -L mpi"},
     "-"},
    {"Calibration",
     "Do the calibrated parameters reproduce the observed figures, and can the method recover "
     "known parameters?",
     "ABC-SMC fits the 10 targets of calibration/valenciennes/targets.toml (each within its "
     "tolerance, stated with its source); the posterior is embedded and drawn by every run; the "
     "calibration report shows the posterior predictive check of every target. On data "
     "simulated with known parameters the method recovers them.",
     "",
     {"ABC-SMC recovers known parameters from data simulated with them",
      "The calibration report shows every target with its posterior predictive mean"},
     {"qpvsim calibrate calibration/valenciennes/calibration.toml -o posterior.h5 --report "
      "calage.html"},
     "Several targets are national or territory-wide figures adjusted to QPV residents by "
     "stated assumptions; the tolerances widen accordingly."},
    {"External validation on held-out figures",
     "Does the model reproduce observed figures it was not fitted to?",
     "`--holdout ID` leaves a target out of the fit; it is still simulated and the report "
     "shows it beside the fitted ones.",
     "",
     {"a held-out target is left out of the distance and checked after",
      "The calibration report marks held-out targets"},
     {"qpvsim calibrate calibration/valenciennes/calibration.toml --holdout "
      "employment_rate_15_64 -o holdout.h5 --report holdout.html"},
     "Few local figures exist: each held-out one weakens the fit, and a leave-one-out over the "
     "10 targets (about 17 minutes each on 2 cores) is not run by CI. The indicators by age, "
     "diploma and job seekers' mobility are there to be checked against France Travail and "
     "INSEE figures for these QPV when they are obtained."},
    {"Comparison with a simple model",
     "Does the agent-based model agree with a simpler model where the two should agree?",
     "With every barrier lifted and the offer rate the same for every profile, the labour "
     "market is a continuous-time Markov chain on four states (permanent, fixed-term, job "
     "seeker, inactive): its quarterly transition probabilities, computed in closed form from "
     "the same parameters, match the agent-based model's transition indicators; with the "
     "barriers on, the agent-based model hires fewer job seekers than the chain.",
     "[simple-model]",
     {},
     {},
     "Agreement with the chain checks the event machinery, not the barriers' magnitudes; no "
     "other model of these QPV exists to compare with."},
    {"Uncertainty and sensitivity",
     "Which uncertainties do the intervals hold, and which parameters drive an effect?",
     "Under `uncertainty = \"full\"` (the default) each replicate draws the calibrated "
     "parameters from the posterior and the uncertain ones from priors that reach the "
     "published 'no effect'; `qpvsim sensitivity` ranks parameters by Morris elementary "
     "effects and estimates Sobol' indices, whose code gives the Ishigami function's analytic "
     "indices.",
     "[uncertainty]",
     {"the study's Sobol' indices of the Ishigami function match the closed form",
      "Morris mu* ranks the g-function's factors by importance",
      "common random numbers: paired differences spread far less than unpaired ones"},
     {"qpvsim sensitivity scenarios/valenciennes/sensitivity_transport_aid.toml -o "
      "sensibilite.h5 --report sensibilite.html"},
     "The report's methods page names the structural choices no interval quantifies: QPV "
     "simulated independently, each an equal share of the 44,700 residents, offers that "
     "displace nobody in a 2024 economy, a fixed order of barriers, fixed unit costs, "
     "calibration and futures drawing the uncertain parameters independently, priors that are "
     "a reading of published studies."},
    {"Predictive validation",
     "Did the model predict what then happened?",
     "Not yet possible: it needs figures observed after the model was fitted. When the 2025-26 "
     "figures of the mid-term review come, the 2024 baseline's projection of them is the test.",
     "",
     {},
     {"qpvsim run scenarios/valenciennes/baseline.toml -o baseline.h5"},
     "-"},
};

}  // namespace

const std::vector<ValidationRow>& validation_rows() {
  return kRows;
}

}  // namespace qpv::analysis
