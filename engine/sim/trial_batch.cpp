#include "engine/sim/trial_batch.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "engine/random/philox_batch.h"
#include "engine/random/vector_code.h"

namespace rushrisk {

TrialBatch::TrialBatch(std::size_t capacity)
    : capacity_(std::max<std::size_t>(1, capacity)),
      decision_delay_(capacity_),
      materials_delay_(capacity_),
      prep_effort_(capacity_),
      effort_(capacity_),
      rounds_(capacity_),
      people_(capacity_),
      entries_(capacity_),
      risks_occurred_(capacity_) {}

void TrialBatch::reserve_rows(int rows) {
  if (latency_.size() < row(rows + 1)) {
    latency_.resize(row(rows + 1));
    rework_.resize(row(rows + 1));
  }
}

void TrialBatch::push_back(const TrialInputs& in) { append(in, in.rounds); }

void TrialBatch::push_back_drawn(const TrialInputs& drawn) { append(drawn, drawn_entries(drawn)); }

void TrialBatch::fix(Input input, double value) {
  const auto fill = [&](auto& column, auto v) { std::fill_n(column.begin(), count_, v); };
  const auto fill_rows = [&](std::vector<double>& rows) {
    for (int k = 1; k <= rows_; ++k) std::fill_n(rows.begin() + row(k), count_, value);
  };
  switch (input) {
    case Input::decision_delay:
      return fill(decision_delay_, value);
    case Input::materials_delay:
      return fill(materials_delay_, value);
    case Input::prep_effort:
      return fill(prep_effort_, value);
    case Input::effort:
      return fill(effort_, value);
    case Input::team_people:
      return fill(people_, static_cast<int>(value));
    case Input::review_latency:
      return fill_rows(latency_);
    case Input::review_rework:
      return fill_rows(rework_);
    case Input::review_rounds:
      break;
  }
  throw std::logic_error("TrialBatch::fix: the rounds decide which entries a lane has");
}

namespace {

// Trials walked together: enough to keep the processor busy, few enough that the state
// below stays on the stack and in L1.
constexpr std::size_t kLanes = 64;

// A trial's place in a chunk, as the lists of a pass hold it. Not a byte: a store through
// a char type may alias anything, so after each one the compiler would reload every
// column pointer and bound of the walk.
using Slot = std::uint16_t;
static_assert(kLanes - 1 <= std::numeric_limits<Slot>::max());

// Where each trial of a chunk stands after the stages walked so far (slot j = lane
// first + j). The sums run over the stages in order, as a walk of one trial adds them.
struct WalkState {
  std::array<double, kLanes> finish;    // of the last stage placed
  std::array<double, kLanes> capacity;  // per-person effort-hours of the stages so far
  std::array<double, kLanes> weighted;  // the same, weighted by window quality
  // The two sums up to the last version finished by the deadline, and its number.
  std::array<double, kLanes> used_capacity;
  std::array<double, kLanes> used_weighted;
  std::array<int, kLanes> versions_on_time;
  // Before the deadline (OutcomeDetail::full only).
  std::array<double, kLanes> overtime_person_hours;
  std::array<double, kLanes> effort_before_deadline;
  std::array<double, kLanes> overtime_effort_before_deadline;
};

// One pass of placements (a stage of several slots): inputs, then what the calendar gave.
struct StagePass {
  std::size_t size = 0;
  std::array<Slot, kLanes> slot;
  std::array<double, kLanes> from, work;  // work per person
  std::array<double, kLanes> finish;
  std::array<std::array<double, kLanes>, 4> at_start, at_finish;  // by Totals field
  // Placed again with overtime (when_late): 0 or 1, as wide as the doubles so that a loop
  // over both vectorises.
  // Zero from the start; only when_late sets them, and clears them for each pass.
  std::array<std::int64_t, kLanes> overtime{};

  void add(std::size_t j, double start, double per_person) { add_if(true, j, start, per_person); }
  // The entry is written either way (size < kLanes) and kept only `when`: no branch.
  void add_if(bool when, std::size_t j, double start, double per_person) {
    slot[size] = static_cast<Slot>(j);
    from[size] = start;
    work[size] = per_person;
    size += when;
  }
  // Where place_lanes writes; the overtime totals only `with_overtime`.
  Timeline::PlacementColumns placed(bool with_overtime = false) {
    const auto if_overtime = [&](auto& column) { return with_overtime ? column.data() : nullptr; };
    return {finish.data(),
            {at_start[0].data(), at_start[1].data(), if_overtime(at_start[2]),
             if_overtime(at_start[3])},
            {at_finish[0].data(), at_finish[1].data(), if_overtime(at_finish[2]),
             if_overtime(at_finish[3])}};
  }
  // Entry i becomes entry l of `other` (same start and work, another calendar); `fields`
  // of the totals were computed.
  void take(std::size_t i, const StagePass& other, std::size_t l, std::size_t fields) {
    finish[i] = other.finish[l];
    for (std::size_t f = 0; f < fields; ++f) {
      at_start[f][i] = other.at_start[f][l];
      at_finish[f][i] = other.at_finish[f][l];
    }
    overtime[i] = 1;
  }
};

// Loops of a pass over every trial of a chunk, without a slot list, are loops of selects:
// in_vector_code() (vector_code.h) runs them compiled for AVX2 or AVX-512, and the baseline
// path keeps the loops with slots, which run faster as SSE2 code.

class BatchWalk {
 public:
  BatchWalk(const Model& model, const TrialBatch& batch, const TrialAdjustments& adjustments,
            OutcomeDetail detail)
      : model_(model),
        batch_(batch),
        materials_cutoff_(adjustments.materials_cutoff),
        full_(detail == OutcomeDetail::full),
        deadline_(model.deadline()),
        on_time_by_(model.deadline() + kTimeTolerance),
        overtime_after_(model.deadline() - model.scenario().buffer + kTimeTolerance),
        policy_(model.scenario().overtime),
        first_timeline_(policy_ == OvertimePolicy::always ? &model.overtime_timeline()
                                                          : &model.regular_timeline()),
        regular_at_deadline_(model.regular_timeline().totals_at(deadline_)),
        overtime_at_deadline_(model.overtime_timeline().totals_at(deadline_)),
        overtime_stays_zero_(full_ && policy_ != OvertimePolicy::when_late &&
                             !first_timeline_->has_overtime()) {
    // Every stage is placed on a timeline without overtime, so both overtime totals are +0
    // at every instant: written once here, not by every placement.
    if (overtime_stays_zero_) {
      for (int f = 2; f < 4; ++f) {
        stage_.at_start[f].fill(0.0);
        stage_.at_finish[f].fill(0.0);
      }
    }
  }

  // Lanes [first, first + count), count <= kLanes.
  void walk(std::size_t first, std::size_t count, std::span<TrialOutcome> out) {
    first_ = first;
    count_ = count;
    int people_above_one = 0;  // a count, not a flag: the loop vectorises
    for (std::size_t j = 0; j < count; ++j) people_above_one += batch_.people(lane(j)) != 1;
    solo_ = people_above_one == 0;
    start();
    first_versions();
    rounds();
    for (std::size_t j = 0; j < count_; ++j) write_outcome(j, out[first_ + j]);
  }

 private:
  RUSHRISK_INLINE std::size_t lane(std::size_t j) const { return first_ + j; }

  // Every trial's prep, from the yes.
  void start() {
    // Most scenarios have no prep. A stage of no work ends where it starts (or at +inf
    // past the horizon) and adds nothing to any sum, on either calendar: such a prep is
    // booked without a placement, with the same result. Every trial's finish is set so
    // first (a placement overwrites it), and the stages are added in slot order; where
    // some have no work, those with work are added again, compacted.
    std::size_t with_work = 0;
    const auto add_all = [&]() RUSHRISK_INLINE {
      by_team([&](auto solo) RUSHRISK_INLINE {
        const double horizon = model_.horizon() + kTimeTolerance;
        std::size_t counted = 0;  // locals: the stores might alias members
        for (std::size_t j = 0, n = count_; j < n; ++j) {
          const double from = batch_.decision_delay(lane(j));
          const double work = per_person(j, batch_.prep_effort(lane(j)), solo);
          s_.finish[j] = from > horizon ? kInfinity : from;
          // The sums start here, in the loop, for the slots in use: a fill of each whole
          // array is a `rep stos`, whose start-up cost more than all of the loop.
          s_.capacity[j] = 0;
          s_.weighted[j] = 0;
          s_.used_capacity[j] = 0;
          s_.used_weighted[j] = 0;
          s_.versions_on_time[j] = 0;
          s_.overtime_person_hours[j] = 0;
          s_.effort_before_deadline[j] = 0;
          s_.overtime_effort_before_deadline[j] = 0;
          stage_.slot[j] = static_cast<Slot>(j);
          stage_.from[j] = from;
          stage_.work[j] = work;
          counted += work > 0;
        }
        with_work = counted;
      });
    };
    if (!in_vector_code(add_all)) add_all();
    if (with_work == 0) return;
    if (with_work < count_) {
      for (std::size_t j = 0; j < count_; ++j) {
        stage_.add_if(stage_.work[j] > 0, j, stage_.from[j], stage_.work[j]);
      }
    } else {
      stage_.size = count_;
    }
    place_stage(0);
    stage_.size = 0;
  }

  // Every trial's first version, once the materials are in and the prep is done.
  void first_versions() {
    const auto add_all = [&]() RUSHRISK_INLINE {
      by_team([&](auto solo) RUSHRISK_INLINE { add_first_versions(solo); });
    };
    if (!in_vector_code(add_all)) add_all();
    place_stage(1);
    stage_.size = 0;
  }
  // Every trial, in slot order, with a local count: a loop that vectorises.
  template <class Solo>
  RUSHRISK_INLINE void add_first_versions(Solo solo) {
    const Scenario& s = model_.scenario();
    const bool absolute = s.materials.promised.absolute;
    const double promised_hours = s.materials.promised.hours;
    for (std::size_t j = 0, n = count_; j < n; ++j) {
      const double accepted = batch_.decision_delay(lane(j));
      const double promised = absolute ? promised_hours : accepted + promised_hours;
      const double materials = std::min(
          std::max(accepted, promised + batch_.materials_delay(lane(j))), materials_cutoff_);
      stage_.slot[j] = static_cast<Slot>(j);
      stage_.from[j] = std::max(materials, s_.finish[j]);
      stage_.work[j] = per_person(j, batch_.effort(lane(j)), solo);
    }
    stage_.size = count_;
  }

  // Round k of every trial that has it: the client's comments, then the rework.
  //
  // Every stage starts where the one before it ended, so once a trial's comments or a
  // version of it end past the deadline, no later version is on time: the version used,
  // its quality, the rounds missed and lateness are all settled. Runs that want only those
  // (OutcomeDetail::probabilities) walk such a trial no further; its finish is then the
  // first instant past the deadline walked, not the final version's.
  void rounds() {
    // Lists of trials are compacted without branches (an entry is written, and kept or
    // not): which trials have a round, or are late, is as random as their inputs.
    std::array<Slot, kLanes> active;
    // Walked in full, every trial goes on to each round below the fewest any trial of the
    // chunk has: its list is 0, 1, 2, ..., with no conditions to test. None goes on past
    // the most any has.
    const int* rounds_column = &batch_.rounds_column()[first_];
    int fewest = kMaxRounds, most = 0;
    for (std::size_t j = 0, n = count_; j < n; ++j) {
      fewest = std::min(fewest, rounds_column[j]);
      most = std::max(most, rounds_column[j]);
    }
    const int every_trial_through = full_ ? fewest : 0;
    // The trials that go on to round k + 1, of those of `entries` (slots): into active.
    const auto going_on = [&](int k, std::size_t entries, const Slot* slots) {
      std::size_t still = 0;
      if (k < every_trial_through) {
        for (std::size_t j = 0, n = count_; j < n; ++j) active[j] = static_cast<Slot>(j);
        return count_;
      }
      if (k >= most) return still;
      for (std::size_t i = 0; i < entries; ++i) {
        const std::size_t j = slots ? slots[i] : i;
        active[still] = static_cast<Slot>(j);
        still += (rounds_column[j] > k) & walk_on(s_.finish[j]);
      }
      return still;
    };
    std::size_t n = going_on(0, count_, nullptr);
    for (int k = 1; n > 0; ++k) {
      // Every trial of the chunk has round k (its list is 0, 1, 2, ...): as a vector loop.
      const bool every_trial = n == count_;
      if (!every_trial || !in_vector_code([&]() RUSHRISK_INLINE { send_in_order(k); })) {
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t j = active[i];
          comments_.add(j, s_.finish[j], batch_.latency(k, lane(j)));
        }
      }
      comments_back(comments_);
      // All walked on (full_): the same.
      if (!every_trial || !full_ || !in_vector_code([&]() RUSHRISK_INLINE {
            by_team([&](auto solo) RUSHRISK_INLINE { rework_in_order(k, solo); });
          })) {
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t j = active[i];
          // A trial walked on gets its finish from the rework's placement (book()).
          s_.finish[j] = comments_.finish[i];
          stage_.add_if(walk_on(comments_.finish[i]), j, comments_.finish[i],
                        per_person(j, batch_.rework(k, lane(j)), std::false_type{}));
        }
      }
      comments_.size = 0;
      place_stage(k + 1);
      n = going_on(k, stage_.size, stage_.slot.data());
      stage_.size = 0;
    }
  }

  // Round k's comments and rework of every trial of the chunk, in slot order.
  RUSHRISK_INLINE void send_in_order(int k) {
    for (std::size_t j = 0, n = count_; j < n; ++j) {
      comments_.slot[j] = static_cast<Slot>(j);
      comments_.from[j] = s_.finish[j];
      comments_.work[j] = batch_.latency(k, lane(j));
    }
    comments_.size = count_;
  }
  template <class Solo>
  RUSHRISK_INLINE void rework_in_order(int k, Solo solo) {
    for (std::size_t j = 0, n = count_; j < n; ++j) {
      const double back = comments_.finish[j];
      s_.finish[j] = back;
      stage_.slot[j] = static_cast<Slot>(j);
      stage_.from[j] = back;
      stage_.work[j] = per_person(j, batch_.rework(k, lane(j)), solo);
    }
    stage_.size = count_;
  }

  // Whether a trial whose last stage ended at `finish` is walked on (see rounds()).
  bool walk_on(double finish) const { return full_ || finish <= on_time_by_; }

  // When the client's comments on each version sent come back (pass.from: sent, pass.work:
  // latency) into pass.finish: on the client's working hours, or on the wall clock.
  void comments_back(StagePass& pass) const {
    if (const Timeline* client = model_.client_timeline()) {
      client->place_lanes(pass.from.data(), pass.work.data(), pass.size, pass.placed());
      return;
    }
    // On the wall clock: bounds in locals (the stores might change them, as far as the
    // compiler knows), and a loop of selects, in vector code where the CPU has it.
    const auto wall_clock = [&pass, horizon = model_.horizon() + kTimeTolerance]() RUSHRISK_INLINE {
      const double beyond = horizon;
      for (std::size_t i = 0, n = pass.size; i < n; ++i) {
        const double back = pass.from[i] + pass.work[i];
        pass.finish[i] = back > beyond ? kInfinity : back;
      }
    };
    if (!in_vector_code(wall_clock)) wall_clock();
  }

  // A trial's effort per person. Solo (std::true_type) where every trial of the chunk has
  // one person: no division (x / 1 is x), which in a vector loop cost more than the rest
  // of it; by_team(body) calls body with the one that holds.
  template <class Solo>
  RUSHRISK_INLINE double per_person(std::size_t j, double effort, Solo) const {
    if constexpr (Solo::value) {
      return effort;
    } else {
      return effort / batch_.people(lane(j));
    }
  }
  template <class Body>
  RUSHRISK_INLINE void by_team(const Body& body) const {
    if (solo_) {
      body(std::true_type{});
    } else {
      body(std::false_type{});
    }
  }

  // Places every stage added to stage_ on the calendar the policy gives, then books it
  // for its slot; `version` is the version the stages produce (0 for the prep).
  void place_stage(int version) {
    const std::size_t n = stage_.size;
    first_timeline_->place_lanes(stage_.from.data(), stage_.work.data(), n,
                                 stage_.placed(full_ && !overtime_stays_zero_));
    if (policy_ == OvertimePolicy::when_late) {
      std::fill_n(stage_.overtime.begin(), n, 0);
      place_late_on_overtime();
    }
    if (n == count_) {
      book_in_order(version);
      return;
    }
    for (std::size_t i = 0; i < n; ++i) book(i, version);
  }

  // book() of every entry of a pass holding every trial of the chunk, so entry i is slot
  // i: without the slot list, a loop of selects that vectorises on AVX2 and AVX-512.
  void book_in_order(int version) {
    if (in_vector_code([&]() RUSHRISK_INLINE { book_in_order_body(version); })) return;
    for (std::size_t i = 0; i < count_; ++i) book(i, version);
  }
  RUSHRISK_INLINE void book_in_order_body(int version) {
    const std::size_t n = count_;
    for (std::size_t i = 0; i < n; ++i) {
      const double finish = stage_.finish[i];
      const double capacity = s_.capacity[i] + (stage_.at_finish[0][i] - stage_.at_start[0][i]);
      const double weighted = s_.weighted[i] + (stage_.at_finish[1][i] - stage_.at_start[1][i]);
      s_.finish[i] = finish;
      s_.capacity[i] = capacity;
      s_.weighted[i] = weighted;
      const bool on_time = version > 0 && finish <= on_time_by_;
      s_.versions_on_time[i] = on_time ? version : s_.versions_on_time[i];
      s_.used_capacity[i] = on_time ? capacity : s_.used_capacity[i];
      s_.used_weighted[i] = on_time ? weighted : s_.used_weighted[i];
    }
    if (!full_) return;
    if (overtime_stays_zero_) {
      account_in_order(n, std::false_type{});
    } else {
      account_in_order(n, std::true_type{});
    }
  }
  // The part before the deadline of entries [0, n) of a pass holding every trial in slot
  // order. Without overtime (std::false_type: overtime_stays_zero_) the overtime sums would
  // add people * (+0 - +0) = +0 at every stage, and stay as they are: they are left alone.
  template <class WithOvertime>
  RUSHRISK_INLINE void account_in_order(std::size_t n, WithOvertime) {
    const bool always = policy_ == OvertimePolicy::always;
    const int* people_column = &batch_.people_column()[first_];
    const Timeline::Totals regular = regular_at_deadline_, with_overtime = overtime_at_deadline_;
    for (std::size_t i = 0; i < n; ++i) {
      const bool counted = stage_.from[i] < deadline_;
      const bool past = !(stage_.finish[i] <= deadline_);
      const bool overtime = (stage_.overtime[i] | always) != 0;
      const double people = people_column[i];
      // Selects, not branches (control flow keeps the loop from vectorising).
      const double capacity_by_deadline = overtime ? with_overtime.capacity : regular.capacity;
      const double overtime_capacity_by_deadline =
          overtime ? with_overtime.overtime_capacity : regular.overtime_capacity;
      const double overtime_wall_by_deadline =
          overtime ? with_overtime.overtime_wall : regular.overtime_wall;
      const double finish_capacity = stage_.at_finish[0][i];
      const double finish_overtime_capacity = stage_.at_finish[2][i];
      const double finish_overtime_wall = stage_.at_finish[3][i];
      const double capacity = past ? capacity_by_deadline : finish_capacity;
      const double overtime_capacity =
          past ? overtime_capacity_by_deadline : finish_overtime_capacity;
      const double overtime_wall = past ? overtime_wall_by_deadline : finish_overtime_wall;
      const double hours = people * (overtime_wall - stage_.at_start[3][i]);
      const double effort = people * (capacity - stage_.at_start[0][i]);
      const double overtime_effort = people * (overtime_capacity - stage_.at_start[2][i]);
      // A stage from the deadline on adds +0, which leaves a sum as it is (a sum of +0 and
      // additions is never -0). The +0 by a mask, not a select: for a select, the compiler
      // computes the additions only where they count, a branch that keeps the loop scalar.
      const std::uint64_t mask = -static_cast<std::uint64_t>(counted);
      const auto where_counted = [mask](double x) {
        return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & mask);
      };
      s_.effort_before_deadline[i] += where_counted(effort);
      if constexpr (WithOvertime::value) {
        s_.overtime_person_hours[i] += where_counted(hours);
        s_.overtime_effort_before_deadline[i] += where_counted(overtime_effort);
      }
    }
  }

  // when_late: the stages that would finish after deadline - buffer on regular hours are
  // placed again with overtime.
  void place_late_on_overtime() {
    late_.size = 0;
    for (std::size_t i = 0; i < stage_.size; ++i) {
      late_.add_if(stage_.finish[i] > overtime_after_, i, stage_.from[i], stage_.work[i]);
    }
    const std::size_t late = late_.size;
    if (late == 0) return;
    model_.overtime_timeline().place_lanes(late_.from.data(), late_.work.data(), late,
                                           late_.placed(full_));
    for (std::size_t l = 0; l < late; ++l) stage_.take(late_.slot[l], late_, l, full_ ? 4 : 2);
  }

  // Stage i of the pass, placed: its slot's finish, sums and overtime.
  void book(std::size_t i, int version) {
    const std::size_t j = stage_.slot[i];
    const double finish = stage_.finish[i];
    s_.finish[j] = finish;
    s_.capacity[j] += stage_.at_finish[0][i] - stage_.at_start[0][i];
    s_.weighted[j] += stage_.at_finish[1][i] - stage_.at_start[1][i];
    if (version > 0 && finish <= on_time_by_) {
      s_.versions_on_time[j] = version;
      s_.used_capacity[j] = s_.capacity[j];
      s_.used_weighted[j] = s_.weighted[j];
    }
    if (full_ && stage_.from[i] < deadline_) account_overtime(i, j);
  }

  // The part of a stage starting before the deadline that lies before it.
  void account_overtime(std::size_t i, std::size_t j) {
    const double people = batch_.people(lane(j));
    Timeline::Totals a{stage_.at_start[0][i], stage_.at_start[1][i], stage_.at_start[2][i],
                       stage_.at_start[3][i]};
    Timeline::Totals b{stage_.at_finish[0][i], stage_.at_finish[1][i], stage_.at_finish[2][i],
                       stage_.at_finish[3][i]};
    if (!(stage_.finish[i] <= deadline_)) {
      b = stage_.overtime[i] != 0 || policy_ == OvertimePolicy::always ? overtime_at_deadline_
                                                                       : regular_at_deadline_;
    }
    s_.overtime_person_hours[j] += people * (b.overtime_wall - a.overtime_wall);
    s_.effort_before_deadline[j] += people * (b.capacity - a.capacity);
    s_.overtime_effort_before_deadline[j] += people * (b.overtime_capacity - a.overtime_capacity);
  }

  // Field by field into place: building a TrialOutcome and copying it stalls on its
  // byte-sized fields (no store forwarding into the wider loads of the copy).
  void write_outcome(std::size_t j, TrialOutcome& out) const {
    const Scenario& s = model_.scenario();
    const int rounds = batch_.rounds(lane(j));
    out.finish = s_.finish[j];
    out.late = out.finish > on_time_by_;
    const int used = s_.versions_on_time[j];
    out.nothing_usable = used == 0;
    if (used == 0) {
      out.missed_rounds = rounds + 1;
      out.quality = 0;
      out.low_quality = true;
    } else {
      out.missed_rounds = rounds - (used - 1);
      const double penalty = std::max(0.0, 1 - s.missed_round_penalty * out.missed_rounds);
      // Effort-weighted mean window quality of the stages that went into the version used.
      const double capacity = s_.used_capacity[j];
      const double version_quality = capacity > 0 ? s_.used_weighted[j] / capacity : 1.0;
      out.quality = version_quality * penalty;
      out.low_quality = out.quality < s.quality_threshold - 1e-12;
    }
    if (full_) {
      out.overtime_person_hours = s_.overtime_person_hours[j];
      out.effort_before_deadline = s_.effort_before_deadline[j];
      out.overtime_effort_before_deadline = s_.overtime_effort_before_deadline[j];
    } else {
      out.overtime_person_hours = 0;
      out.effort_before_deadline = 0;
      out.overtime_effort_before_deadline = 0;
    }
  }

  const Model& model_;
  const TrialBatch& batch_;
  const double materials_cutoff_;
  const bool full_;
  const double deadline_;        // overtime accounting stops here
  const double on_time_by_;      // a version finished by this is on time
  const double overtime_after_;  // when_late: a stage finishing after this goes overtime
  const OvertimePolicy policy_;
  const Timeline* const first_timeline_;
  // What a stage running past the deadline has done by then, on either calendar.
  const Timeline::Totals regular_at_deadline_;
  const Timeline::Totals overtime_at_deadline_;
  // The stages' overtime totals are +0 throughout (set once, in the constructor): walked in
  // full, on a timeline without overtime, with no stage placed again with it.
  const bool overtime_stays_zero_;
  std::size_t first_ = 0;
  std::size_t count_ = 0;
  bool solo_ = false;  // every trial of the chunk has one person
  WalkState s_;
  StagePass stage_;
  StagePass late_;      // the stages placed again with overtime
  StagePass comments_;  // the client's comments of a round
};

}  // namespace

void simulate_batch(const Model& model, const TrialBatch& batch,
                    const TrialAdjustments& adjustments, OutcomeDetail detail,
                    std::span<TrialOutcome> out) {
  BatchWalk walk(model, batch, adjustments, detail);
  for (std::size_t first = 0; first < batch.size(); first += kLanes) {
    walk.walk(first, std::min(kLanes, batch.size() - first), out);
  }
}

}  // namespace rushrisk
