// Scenario: the plain, validated value the simulation core takes (spec §2–8).
//
// Produced by parse_scenario() (engine/scenario/parse.h) with every default filled in
// and every duration in hours; instants are hours since `start`. The core never sees
// TOML. A Scenario is a value: copy it, change a field for a what-if, pass it on.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/random/distribution.h"
#include "engine/scenario/time.h"

namespace rushrisk {

// The uncertain inputs a risk effect, lever, or correlation pair can name.
enum class Input {
  decision_delay,
  materials_delay,
  prep_effort,
  effort,
  review_rounds,
  review_latency,
  review_rework,
  team_people,
};
inline constexpr int kInputCount = 8;

// "decision.delay", "materials.delay", "work.prep_effort", "work.effort",
// "review.rounds", "review.latency", "review.rework", "team.people".
std::string_view key_path(Input input);
std::optional<Input> input_from_key_path(std::string_view path);
// Integer-valued inputs (rounds, people) take integer effects; the rest are durations.
bool is_count_input(Input input);
// Inputs measured in person-hours (accept m and h units only).
bool is_effort_input(Input input);
// Drawn once per review round rather than once per trial.
bool is_per_round_input(Input input);

enum class WindowKind { regular, overtime };

struct CalendarWindow {
  std::string name;
  std::array<bool, 7> days{};  // Monday = 0
  double from_hours = 0;       // hours after midnight, [0, 24)
  double to_hours = 24;        // (0, 24]; a window with to <= from crosses midnight
  double productivity = 1;     // effort-hours per person per wall hour
  double quality = 1;          // (0, 1]
  WindowKind kind = WindowKind::regular;

  // Wall hours from the window's start to its end.
  double length_hours() const {
    return to_hours > from_hours ? to_hours - from_hours : to_hours + 24 - from_hours;
  }
};

struct WorkCalendar {
  std::vector<CalendarWindow> windows;
  std::vector<DayNumber> holidays;  // sorted: regular windows starting on these days vanish
};

enum class OvertimePolicy { never, always, when_late };

// How an effect changes its target: durations add hours or multiply; counts add.
struct Effect {
  Input target;
  enum class Op { add, multiply } op = Op::add;
  double amount = 0;

  friend bool operator==(const Effect&, const Effect&) = default;
};

struct RiskEvent {
  std::string name;
  double probability = 0;
  std::vector<Effect> effects;  // file order

  friend bool operator==(const RiskEvent&, const RiskEvent&) = default;
};

struct Cap {
  Input target;
  double max_value;
};

// A what-if the team can offer (spec §8); used by the recommendation.
// When the client promises the materials: an instant, or a delay after acceptance.
struct Promise {
  bool absolute = false;
  double hours = 0;  // absolute: hours since start; relative: hours after acceptance
};

struct Lever {
  std::string name;
  struct Setting {
    Input target;
    Distribution value;
  };
  std::vector<Setting> set;
  std::optional<Promise> set_materials_promised;
  std::vector<Effect> effects;
  std::vector<Cap> caps;
};

struct RankPair {
  Input a;
  Input b;
  double spearman;  // in [-1, 1]; Gaussian correlation 2 sin(pi rho / 6)

  friend bool operator==(const RankPair&, const RankPair&) = default;
};

struct Correlation {
  double client_factor = 0;  // rho of the one-factor client copula
  bool include_decision = false;
  std::vector<RankPair> pairs;

  friend bool operator==(const Correlation&, const Correlation&) = default;
};

struct Materials {
  Promise promised;
  Distribution delay;
};

struct Scenario {
  std::string name;
  std::string source;  // the file it came from, for messages
  LocalDateTime start;
  double deadline = 0;  // hours since start

  Distribution decision_delay;
  Distribution team_people = Distribution::fixed(1);
  WorkCalendar calendar;
  std::optional<WorkCalendar> client_calendar;
  OvertimePolicy overtime = OvertimePolicy::when_late;
  double buffer = 0;  // hours

  Materials materials;
  Distribution prep_effort;
  Distribution effort;
  Distribution review_rounds;
  Distribution review_latency;
  Distribution review_rework;

  Correlation correlation;
  double quality_threshold = 0.75;
  double missed_round_penalty = 0.2;
  double max_risk = 0.2;

  std::vector<RiskEvent> risks;
  std::vector<Lever> levers;

  const Distribution& input(Input which) const;
  Distribution& input(Input which);
};

// Limits of the engine (docs/model.md): review rounds per trial and risk events per
// scenario.
inline constexpr int kMaxReviewRounds = 64;
inline constexpr int kMaxRiskEvents = 64;

// Hours from start to deadline + 28 days: stages not finished by then finish at +inf.
inline constexpr double kHorizonAfterDeadlineHours = 28 * 24;

}  // namespace rushrisk
