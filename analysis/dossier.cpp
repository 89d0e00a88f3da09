#include "analysis/dossier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <utility>

#include "sim/io/embedded.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/priors.hpp"

namespace qpv::analysis {

/// docs/model/*.md, embedded at build time (analysis/CMakeLists.txt), named "docs/model/<page>".
const std::vector<io::EmbeddedFile>& model_pages();

namespace {

using model::Param;

/// A process of the model: its page in docs/model, its code and its parameters (a range of the
/// registry, which lists them process by process).
struct Process {
  std::string_view name;
  std::string_view page;
  std::string_view code;
  Param first;  ///< first parameter of the process in the registry (count_: none)
  Param last;   ///< last one, inclusive
};

constexpr std::array<Process, 7> kProcesses = {{
    {"Population synthesis", "population_synthesis.md", "sim/model/synthesis.*, sim/model/ipf.*",
     Param::count_, Param::count_},
    {"Labour market with barriers", "labour_market.md", "sim/model/labour_market.*",
     Param::offer_rate, Param::initial_search_months_mean},
    {"Health, organised screening and the truck", "screening.md", "sim/model/screening.*",
     Param::screening_uptake_breast, Param::truck_conversion},
    {"Transport aid", "transport_aid.md", "sim/model/transport_aid.*",
     Param::licence_training_months, Param::transit_access_offset},
    {"Childcare: crèche pools and waitlists", "childcare.md", "sim/model/childcare.*",
     Param::creche_demand_share, Param::creche_priority_job_seekers},
    {"Demography and residential moves", "demography.md", "sim/model/demography.*",
     Param::fertility_tfr, Param::licence_acquisition_rate},
    {"Indicators", "indicators.md", "sim/model/indicators.hpp, sim/model/indicators/",
     Param::count_, Param::count_},
}};

/// The command that runs the test case `name` alone: Catch2 reads a ',' in a filter as "or", so
/// it is escaped.
std::string test_reference(std::string_view name) {
  std::string filter;
  for (const char c : name) filter += c == ',' ? std::string("\\,") : std::string(1, c);
  return fmt::format("`./build/tests/qpvsim_tests \"{}\"`", filter);
}

std::string section_purpose() {
  return R"(## 1. Purpose and patterns

**Purpose.** qpvsim tells the policy staff of Valenciennes Métropole, before the 2027 mid-term
review of the *Contrat Quartiers 2030*, what each lever of the contract changes for the 44,700
residents of the 15 priority neighbourhoods (QPV) from 2024 to 2030, and at what cost: transport
aid (transit pass, funded driving licence, solidarity car rental), more crèche places, more
passages of the cancer-screening truck. Levers act on mechanisms (a licence obtained, a crèche
place, a truck passage); outcomes (employment, crèche coverage, screening coverage, cost per
result) emerge from the barriers those mechanisms lift. Every answer is a paired difference
between scenarios with a 90 % interval that says which uncertainties it holds.

**Patterns the model must reproduce** (the calibration targets of
`calibration/valenciennes/targets.toml`, from `data/observed_figures.csv`): the 40 % employment
rate of 15-64 year-olds in the QPV, 64 % of households with a car, breast, cervical and
colorectal screening participation about a quarter below the territory's 52 %, 52 % and 20 %,
and the quarterly transitions between employment, job search and inactivity (INSEE,
*Transitions*, scaled for QPV residents). Each target's note states how the figure was adjusted
to the model's population and why.

)";
}

std::string section_entities() {
  return R"(## 2. Entities, state variables and scales

**Persons** (`sim/model/population.hpp`, `Persons`, one column per variable): household, date
of birth and age in whole years, sex, diploma (none, CAP-BEP, bac, higher), activity (employed,
job seeker, inactive, student, retired, child), contract (permanent, fixed-term), driving
licence, long-term health limitation, whether transit fares are a barrier, crèche place (children
under 3), start of the current job search, refusals per barrier (count, date of the last, and
whether the current search holds a mobility refusal), last screening per programme, low health
literacy, truck awareness, transport aid held (programme, end date, transit pass, rental car,
licence training), whether the person is a resident of the start date (the cohort), alive and
resident flags.

**Households** (`Households`): type (single person, couple, couple with children, single
parent, other), members, car, informal childcare available, whether it lives in the QPV, date
of the last hire of a member (moves out follow jobs). The crèche waitlist is held by the
childcare process, one per QPV pool.

**QPV** (`sim/model/territory.hpp`, from `scenarios/territories/valenciennes`): population,
marginals of the synthetic population, transit access (share of job offers reachable by public
transport), crèche places.

**Scales.** Time is continuous, in integer seconds from 2024-01-01; events at the same time are
taken in insertion order. Runs start `warmup_months` (12) before the start date, 2024-01-01,
and end on 2030-12-31; indicators are recorded on the first day of every month, per QPV and for
the 15 together. Space is not explicit: each QPV is a well-mixed population whose geography
enters through its transit access and its crèche pool. One replicate simulates every resident:
no sampling weights.

)";
}

std::string section_processes() {
  return R"(## 3. Process overview and scheduling

A run is `replicates × QPV` independent tasks (`sim/model/simulation.cpp`), run in parallel
(TBB threads, MPI ranks). Each task synthesises its QPV's population, then runs one
discrete-event loop (`sim/model/partition_run.cpp`, on `sim/engine/event_queue.hpp`): events
are taken in time order, ties in insertion order. Each process owns a range of event kinds
(`sim/model/partition.hpp`, `EventRange`):

| process | events | monthly step |
|---|---|---|
| labour market | `job_offer`, `search_exit`, `search_entry`, `contract_end`, `job_loss`, `reassess` (one pending event per person: the earliest of their competing risks) | none |
| screening | `truck_passage` | invitations of each programme's cycle and their uptake |
| transport aid | `licence_test` | enrolment of eligible job seekers within places and budget; ends of aids |
| demography | `death` | ageing, births, ends of studies, licences learnt, moves out, newcomers |
| childcare | none | places opened by the lever, admissions from the waitlist, children leaving at school age |

On the first of every month the processes take their monthly step in a fixed order:
demography, childcare, transport aid, screening; then the month's indicators are recorded, and
every three months the quarterly transitions. A person whose circumstances change (a job, a
crèche place, a licence) has their pending labour-market event drawn again from the new rates;
waiting times are exponential, so this is exact.

)";
}

std::string section_design_concepts() {
  return R"(## 4. Design concepts

**Basic principles.** Peripheral barriers to employment (mobility, childcare, health) explain
part of the employment gap of QPV residents where offers exist (the Contrat Quartiers 2030's
diagnosis); a lever can only act through a barrier. Organised screening uptake falls with
distance to care and low health literacy.

**Emergence.** Employment rates, refusal shares, crèche coverage and waitlists, screening
coverage and costs per result emerge from individual events; nothing sets an outcome directly.

**Adaptation.** Job seekers who refuse offers do not change strategy; discouragement is a
higher rate of leaving job search (and a lower rate of entering it) when childcare or health is
a barrier.

**Objectives.** None: agents follow rules, they do not optimise.

**Learning.** None.

**Prediction.** None: agents do not anticipate.

**Sensing.** An offer's acceptance reads the person's own state and their household's (car,
another adult at home, informal care, children's crèche places).

**Interaction.** Within a household (a partner at home covers childcare; a car serves every
licence holder; moves are by household); through shared, limited resources: crèche places from
a waitlist in priority order, aid places and budget, the truck's capacity per passage. No
interaction between QPVs: each is simulated alone (a structural choice, named in the report).

**Stochasticity.** Every draw comes from a generator whose state is derived from a key (seed,
replicate, QPV, process) and, for people, the person, so results do not depend on thread or
process counts and two scenarios run with the same seed share their draws (common random
numbers). Under `uncertainty = "full"` each replicate also draws every calibrated parameter from
the posterior and every uncertain one from its prior (section 7 and `sim/model/uncertainty.*`).

**Collectives.** Households; each QPV's crèche pool.

**Observation.** The indicators of section 6, monthly per QPV and for the 15 QPV together,
flows (hires, screenings, spending) per month and year, in an HDF5 results file with its
provenance (scenario texts, seed, each replicate's parameter vector and where each value came
from). Comparisons report paired differences, their 90 % interval and the share of replicates
where the lever does better.

)";
}

std::string section_initialisation() {
  return R"(## 5. Initialisation

Each replicate synthesises each QPV's households and residents from the territory's marginals
(`docs/model/population_synthesis.md`): number of households from the age structure, household
types, members' ages and sexes, then diploma, activity, contract, licence, car, health
limitation, fare barrier and informal care by iterative proportional fitting on joint tables
where the marginals interact, integerised exactly. Screening histories start at the steady state
of each programme's invitation rule; job seekers' search durations are drawn. The 12 months of
warm-up let the 12-month indicators build their history. Synthesis draws from its own streams,
so every scenario of a comparison starts from the same population (it is synthesised once).
`qpvsim population SCENARIO` prints the synthetic marginals beside their targets.

)";
}

std::string section_input_data() {
  return R"(## 6. Input data

The model reads no time series during a run. Its inputs are the territory (embedded in the
binary from `scenarios/territories/valenciennes`: `qpv.csv` with each QPV's population, transit
access and crèche places, and `marginals.csv` with the marginals of the synthetic population,
each with its source), the scenario files (`scenarios/valenciennes/*.toml`: the levers, their
costs and dates), the parameter registry (section 7) and the calibrated posterior
(`calibration/valenciennes/posterior.csv`). The observed figures, their sources and the
published effect sizes of the levers are in the project's shared `data/` folder.

The indicators written to results files:

| id | label (French, as officials read it) | unit | definition |
|---|---|---|---|
)";
}

std::string indicator_rows() {
  std::string out;
  for (const auto& s : model::indicator_specs())
    out += fmt::format("| `{}` | {} | {} | {} |\n", s.id, s.label_fr, s.unit, s.definition);
  return out + "\n";
}

/// The text of the model page `page` (docs/model/<page>).
std::string_view page_text(std::string_view page) {
  for (const io::EmbeddedFile& f : model_pages())
    if (f.name.substr(f.name.rfind('/') + 1) == page) return f.text;
  throw std::logic_error("dossier: docs/model/" + std::string(page) + " is not embedded");
}

/// A page's links made relative to docs/ instead of docs/model/: "x.md" becomes "model/x.md",
/// "../../y" becomes "../y"; web addresses and anchors are kept.
std::string rebase_links(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != ']' || i + 1 >= text.size() || text[i + 1] != '(') continue;
    out += '(';
    i += 2;
    const std::string_view target = text.substr(i);
    if (target.substr(0, 3) == "../")
      i += 3;  // one folder up fewer
    else if (target.substr(0, 4) != "http" && target.substr(0, 1) != "#")
      out += "model/";
    --i;  // the loop's ++i comes back to the target's first character
  }
  return out;
}

/// The summary of a page: its first paragraph after the title, links rebased.
std::string page_summary(std::string_view text) {
  const std::size_t title_end = text.find('\n');
  std::size_t start = text.find_first_not_of('\n', title_end);
  if (title_end == std::string_view::npos || start == std::string_view::npos) return "";
  const std::size_t end = text.find("\n\n", start);
  return rebase_links(text.substr(start, end == std::string_view::npos ? end : end - start));
}

/// The page's section headings ("## ..."), joined by "; ".
std::string page_sections(std::string_view text) {
  std::string out;
  for (std::size_t at = text.find("\n## "); at != std::string_view::npos;
       at = text.find("\n## ", at + 1)) {
    const std::size_t from = at + 4;
    const std::size_t to = text.find('\n', from);
    out += (out.empty() ? "" : "; ") + std::string(text.substr(from, to - from));
  }
  return out;
}

std::string section_submodels() {
  std::string out = R"(## 7. Submodels

Each process has a page in `docs/model/` (what it models, its events, its rules, its
parameters with sources, its assumptions) and its code in `sim/model/`. Below, each page's
summary as the page words it, its sections, and the parameters of the registry the process
reads.

)";
  for (const Process& p : kProcesses) {
    const std::string_view text = page_text(p.page);
    std::string params;
    if (p.first != Param::count_) {
      for (auto i = static_cast<std::size_t>(p.first); i <= static_cast<std::size_t>(p.last); ++i)
        params += fmt::format("{}`{}`", params.empty() ? "" : ", ", model::param_specs()[i].name);
    } else {
      params = "none of the registry";
    }
    const std::string sections = page_sections(text);
    out += fmt::format(
        "### {}\n\n{}\n\nPage: [docs/model/{}](model/{}){}. Code: `{}`. "
        "Parameters: {}.\n\n",
        p.name, page_summary(text), p.page, p.page, sections.empty() ? "" : " (" + sections + ")",
        p.code, params);
  }
  std::array<int, 3> roles{};
  for (const auto& s : model::param_specs()) ++roles[static_cast<std::size_t>(s.role)];
  out += fmt::format(
      "### Parameters\n\nThe registry (`sim/model/parameters/`, one table per process, printed by "
      "`qpvsim params "
      "--markdown`) holds {} parameters: {} calibrated (drawn from the posterior of the "
      "Valenciennes calibration), {} uncertain (drawn from their priors in each replicate under "
      "`uncertainty = \"full\"`, the default), {} policy settings (never drawn). Each has a "
      "unit, a default, a range, a prior and a source; where a value is an assumption, its "
      "source says so.\n\n",
      model::kParamCount, roles[0], roles[1], roles[2]);
  return out + parameters_markdown() + "\n";
}

/// A Markdown table cell: newlines and pipes would break the row.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

/// The test cases of `tests` that hold `tag`; throws if the list has no entry for the tag.
const std::vector<std::string>& tagged(const TestList& tests, const std::string& tag) {
  const auto it = tests.by_tag.find(tag);
  if (it == tests.by_tag.end())
    throw std::invalid_argument("the test list has no entry for the tag " + tag);
  return it->second;
}

std::string validation_section(const TestList& tests) {
  std::string table = R"(# Part 2. Validation

In the structure of the ISPOR-SMDM Modeling Good Research Practices Task Force (Eddy et al.
2012, *Model transparency and validation*): face validity, verification, calibration, external
validation, comparison with other models (cross validation) and predictive validation. The
table says what each kind asks and what shows it; below it, each row's tests (every test case
of its tag when it has one; each runs alone with the command given, and ctest runs them all)
and the commands that reproduce it.

| kind | question | what shows it | limits |
|---|---|---|---|
)";
  std::string evidence;
  for (const ValidationRow& r : validation_rows()) {
    table += fmt::format("| {} | {} | {} | {} |\n", cell(r.kind), cell(r.question), cell(r.done),
                         cell(r.limits));
    std::vector<std::string> names;
    if (!r.tag.empty()) {
      names = tagged(tests, std::string(r.tag));
      if (names.empty())
        throw std::invalid_argument("no test case has the tag " + std::string(r.tag));
    }
    for (const std::string_view name : r.tests) {
      if (std::find(tests.names.begin(), tests.names.end(), name) == tests.names.end())
        throw std::invalid_argument(
            "the validation table names a test case that does not "
            "exist: \"" +
            std::string(name) + "\"");
      if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
    }
    evidence += fmt::format("### {}\n\n", r.kind);
    if (!r.tag.empty())
      evidence += fmt::format(
          "Every test case tagged `{}`: `./build/tests/qpvsim_tests \"{}\"`\n\n", r.tag, r.tag);
    for (const std::string& name : names) evidence += "- " + test_reference(name) + "\n";
    for (const auto c : r.commands) evidence += fmt::format("- command: `{}`\n", c);
    if (names.empty() && r.commands.empty()) evidence += "- none yet\n";
    evidence += "\n";
  }
  return table + "\n## Evidence, row by row\n\n" + evidence;
}

/// The areas of the test suite: tags, with what each covers.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kAreas = {{
    {"[core]", "random streams, time and money"},
    {"[engine]", "event queue, task runner, bare loop"},
    {"[model]", "the processes, synthesis, indicators, verification"},
    {"[io]", "scenario and territory files, HDF5 results, documentation agreement"},
    {"[calibration]", "ABC-SMC, posterior, calibration report"},
    {"[analysis]", "comparison, report, sensitivity analysis, funding allocation, this dossier"},
    {"[serve]", "the workshop server"},
    {"[app]", "the command line end to end"},
}};

std::string test_suite_section(const TestList& tests) {
  std::string out = fmt::format(R"(# Appendix. The test suite

`qpvsim_tests` holds {} test cases; ctest runs each as its own entry (`ctest --test-dir build`),
with the browser tests of the report and the workshop page, the MPI tests and the check that
this file is current. A case may belong to several areas.

| area | test cases | covers |
|---|---|---|
)",
                                tests.names.size());
  for (const auto& [tag, covers] : kAreas)
    out += fmt::format("| `{}` | {} | {} |\n", tag, tagged(tests, std::string(tag)).size(), covers);
  return out + "\n";
}

}  // namespace

std::string parameters_markdown() {
  std::string out =
      "| name | default | range | unit | role | prior | source | meaning "
      "|\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& p : model::param_specs()) {
    out += fmt::format("| `{}` | {} | [{}, {}] | {} | {} | {} | {} | {} |\n", p.name,
                       p.default_value, p.min, p.max, p.unit, model::role_name(p.role),
                       p.role == model::Role::policy ? "-" : model::prior_text(p.prior),
                       cell(p.source), cell(p.description));
  }
  return out;
}

std::vector<std::string> dossier_tags() {
  std::vector<std::string> tags;
  for (const auto& area : kAreas) tags.emplace_back(area.first);
  for (const ValidationRow& r : validation_rows())
    if (!r.tag.empty()) tags.emplace_back(r.tag);
  return tags;
}

std::string validation_dossier(const TestList& tests) {
  std::string out = R"(# Validation dossier

<!-- Generated by `qpvsim dossier -o docs/validation.md` from the code (analysis/dossier.cpp,
the parameter and indicator registries), the model pages of docs/model and the test list of
qpvsim_tests. Do not edit: the ctest entry docs.validation fails when this file differs from
what the command writes. -->

What the model is and how we know it does what it says, for an evaluator of the 2027 mid-term
review. Part 1 describes the model in the ODD protocol (Overview, Design concepts, Details;
Grimm et al. 2020, *JASSS* 23(2) 7); part 2 is its validation in the ISPOR-SMDM structure, each
row naming the tests and commands that show it.

# Part 1. The model (ODD protocol)

)";
  out += section_purpose();
  out += section_entities();
  out += section_processes();
  out += section_design_concepts();
  out += section_initialisation();
  out += section_input_data();
  out += indicator_rows();
  out += section_submodels();
  out += validation_section(tests);
  out += test_suite_section(tests);
  out += R"(## References

- Eddy D. M., Hollingworth W., Caro J. J., Tsevat J., McDonald K. M., Wong J. B. (2012). Model
  transparency and validation: a report of the ISPOR-SMDM Modeling Good Research Practices Task
  Force-7. *Medical Decision Making* 32(5), 733-743.
- Grimm V., Railsback S. F., Vincenot C. E. et al. (2020). The ODD protocol for describing
  agent-based and other simulation models: a second update to improve clarity, replication, and
  structural realism. *Journal of Artificial Societies and Social Simulation* 23(2), 7.
)";
  return out;
}

}  // namespace qpv::analysis
