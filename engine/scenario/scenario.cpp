#include "engine/scenario/scenario.h"

namespace rushrisk {
namespace {

constexpr std::string_view kInputPaths[kInputCount] = {
    "decision.delay", "materials.delay", "work.prep_effort", "work.effort",
    "review.rounds",  "review.latency",  "review.rework",    "team.people"};

}  // namespace

std::string_view key_path(Input input) { return kInputPaths[static_cast<int>(input)]; }

std::optional<Input> input_from_key_path(std::string_view path) {
  for (int i = 0; i < kInputCount; ++i) {
    if (kInputPaths[i] == path) return static_cast<Input>(i);
  }
  return std::nullopt;
}

bool is_count_input(Input input) {
  return input == Input::review_rounds || input == Input::team_people;
}

bool is_effort_input(Input input) {
  return input == Input::prep_effort || input == Input::effort || input == Input::review_rework;
}

bool is_per_round_input(Input input) {
  return input == Input::review_latency || input == Input::review_rework;
}

const Distribution& Scenario::input(Input which) const {
  switch (which) {
    case Input::decision_delay:
      return decision_delay;
    case Input::materials_delay:
      return materials.delay;
    case Input::prep_effort:
      return prep_effort;
    case Input::effort:
      return effort;
    case Input::review_rounds:
      return review_rounds;
    case Input::review_latency:
      return review_latency;
    case Input::review_rework:
      return review_rework;
    case Input::team_people:
      return team_people;
  }
  return effort;
}

Distribution& Scenario::input(Input which) {
  return const_cast<Distribution&>(static_cast<const Scenario&>(*this).input(which));
}

}  // namespace rushrisk
