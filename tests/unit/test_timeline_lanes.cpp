// Timeline::place_lanes: every vector path places each lane exactly as Timeline::place does
// — finish and all eight totals, bit for bit — on calendars with gaps, overtime, windows
// crossing midnight and short windows, and for the edge cases place() handles apart: a
// start before the first window or beyond the horizon, no work, work the horizon cannot hold.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/random/philox_stream.h"
#include "engine/sim/calendar.h"

namespace rushrisk {
namespace {

constexpr LocalDateTime kThursday10{{2026, 11, 19}, 10 * 3600};
constexpr std::array<bool, 7> kWeekdays = {true, true, true, true, true, false, false};
constexpr std::array<bool, 7> kWeekend = {false, false, false, false, false, true, true};
constexpr std::array<bool, 7> kEveryDay = {true, true, true, true, true, true, true};

CalendarWindow window(std::string name, std::array<bool, 7> days, double from, double to,
                      double productivity, double quality, WindowKind kind) {
  return {std::move(name), days, from, to, productivity, quality, kind};
}

// The bank deck's calendar, plus a 20-minute window to make segments start twice an hour.
WorkCalendar busy_calendar() {
  return {{window("office", kWeekdays, 10, 19, 1.0, 1.0, WindowKind::regular),
           window("evening", kWeekdays, 19, 24, 0.8, 0.85, WindowKind::overtime),
           window("night", kEveryDay, 0, 6, 0.6, 0.6, WindowKind::overtime),
           window("weekend", kWeekend, 11, 20, 0.9, 0.85, WindowKind::overtime),
           window("stand-up", kWeekdays, 9.5, 9 + 50.0 / 60, 0.5, 0.9, WindowKind::regular)},
          {LocalDate{2026, 11, 23}.day_number()}};
}

struct Probes {
  std::vector<double> from, work;
};

// Random starts over [-2, horizon + 3] and work up to 40 per-person hours, then the edge
// cases: exact window starts and ends, zero and negative work, work past the horizon.
Probes probes(double horizon) {
  Probes p;
  const PhiloxStream stream(7, stream_id("test.timeline_lanes"));
  for (std::uint64_t i = 0; i < 3000; ++i) {
    const UniformPair u = stream.uniforms(i);
    p.from.push_back(-2 + u.first * (horizon + 5));
    p.work.push_back(i % 7 == 0 ? 0.0 : u.second * 40);
  }
  for (double from : {0.0, 9.0, 10.0, 24.0, 33.0, horizon - 1, horizon, horizon + 1e-10}) {
    for (double work : {0.0, -1.0, 1e-13, 1.0, 9.0, 1e6}) {
      p.from.push_back(from);
      p.work.push_back(work);
    }
  }
  return p;
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// `with_overtime` false: the overtime columns are null, and only capacity and quality
// are asked for (what the recommendation's counting runs do).
void expect_every_path_matches_place(const Timeline& timeline, bool with_overtime) {
  const Probes p = probes(timeline.horizon());
  const std::size_t n = p.from.size();
  const std::vector<std::size_t> wanted = with_overtime
                                              ? std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}
                                              : std::vector<std::size_t>{0, 1, 4, 5};
  // Every path, then the default (nullopt), which may take a path of its own (one segment).
  std::vector<std::optional<VectorPath>> paths(supported_vector_paths().begin(),
                                               supported_vector_paths().end());
  paths.push_back(std::nullopt);
  for (const std::optional<VectorPath>& path : paths) {
    const std::string name = path ? std::string(to_string(*path)) : "default";
    // Several batch lengths, so that partial vectors are covered.
    for (std::size_t length : {n, std::size_t{1}, std::size_t{7}, std::size_t{13}}) {
      std::vector<double> finish(n, -1), totals(8 * n, -1);
      const auto column = [&](std::size_t c) { return totals.data() + c * n; };
      for (std::size_t first = 0; first < n; first += length) {
        const std::size_t count = std::min(length, n - first);
        const auto at = [&](std::size_t c) {
          return with_overtime || c % 4 < 2 ? column(c) + first : nullptr;
        };
        const Timeline::PlacementColumns out{
            finish.data() + first, {at(0), at(1), at(2), at(3)}, {at(4), at(5), at(6), at(7)}};
        if (path) {
          timeline.place_lanes(*path, p.from.data() + first, p.work.data() + first, count, out);
        } else {
          timeline.place_lanes(p.from.data() + first, p.work.data() + first, count, out);
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        const Timeline::Placement want = timeline.place(p.from[i], p.work[i]);
        const double expected[8] = {
            want.at_start.capacity,           want.at_start.quality_capacity,
            want.at_start.overtime_capacity,  want.at_start.overtime_wall,
            want.at_finish.capacity,          want.at_finish.quality_capacity,
            want.at_finish.overtime_capacity, want.at_finish.overtime_wall};
        ASSERT_EQ(bits(finish[i]), bits(want.finish))
            << name << ": from " << p.from[i] << ", work " << p.work[i];
        for (std::size_t c : wanted) {
          ASSERT_EQ(bits(column(c)[i]), bits(expected[c]))
              << name << ": total " << c << " " << column(c)[i] << " vs " << expected[c]
              << ", from " << p.from[i] << ", work " << p.work[i];
        }
      }
      if (!with_overtime) {
        // Nothing was written to the columns not asked for.
        for (std::size_t c : {2, 3, 6, 7}) {
          for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(column(c)[i], -1);
        }
      }
    }
  }
}

void expect_every_path_matches_place(const Timeline& timeline) {
  expect_every_path_matches_place(timeline, true);
  expect_every_path_matches_place(timeline, false);
}

TEST(TimelineLanes, EveryPathPlacesLikePlaceOnRegularHours) {
  expect_every_path_matches_place(Timeline(busy_calendar(), kThursday10, 24 * 12, false));
}

TEST(TimelineLanes, EveryPathPlacesLikePlaceWithOvertime) {
  expect_every_path_matches_place(Timeline(busy_calendar(), kThursday10, 24 * 12, true));
}

TEST(TimelineLanes, EveryPathPlacesLikePlaceOnAClientClock) {
  expect_every_path_matches_place(Timeline(busy_calendar(), kThursday10, 24 * 12, false, true));
}

TEST(TimelineLanes, EveryPathPlacesLikePlaceAroundTheClock) {
  const WorkCalendar always{{window("always", kEveryDay, 0, 24, 0.7, 0.9, WindowKind::regular)},
                            {}};
  const Timeline timeline(always, kThursday10, 50.5, false);
  ASSERT_EQ(timeline.segment_count(), 1u);
  expect_every_path_matches_place(timeline);
}

// A horizon inside one occurrence of a window: one segment, which starts after time 0
// (the 08:00 start waits for the 10:00 office) and ends before the horizon.
TEST(TimelineLanes, EveryPathPlacesLikePlaceInsideOneWindow) {
  const WorkCalendar office{{window("office", kWeekdays, 10, 19, 0.9, 0.8, WindowKind::regular)},
                            {}};
  const LocalDateTime thursday8{{2026, 11, 19}, 8 * 3600};
  const Timeline timeline(office, thursday8, 12, true);
  ASSERT_EQ(timeline.segment_count(), 1u);
  expect_every_path_matches_place(timeline);
}

}  // namespace
}  // namespace rushrisk
