// Mapping effort onto the working calendar (spec §3): exact, piecewise linear.
#include <gtest/gtest.h>

#include "engine/sim/calendar.h"

namespace rushrisk {
namespace {

constexpr LocalDateTime kMonday9{{2026, 11, 16}, 9 * 3600};  // Monday 09:00
constexpr LocalDateTime kMonday0{{2026, 11, 16}, 0};

CalendarWindow window(std::string name, std::array<bool, 7> days, double from, double to,
                      double productivity = 1, double quality = 1,
                      WindowKind kind = WindowKind::regular) {
  return {std::move(name), days, from, to, productivity, quality, kind};
}

constexpr std::array<bool, 7> kWeekdays = {true, true, true, true, true, false, false};
constexpr std::array<bool, 7> kEveryDay = {true, true, true, true, true, true, true};

WorkCalendar office() { return {{window("office", kWeekdays, 9, 17)}, {}}; }

TEST(Timeline, EffortThatUsesUpAWindowEndsAtItsEnd) {
  const Timeline t(office(), kMonday9, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(0, 8), 8);             // Monday 17:00, not Tuesday 09:00
  EXPECT_DOUBLE_EQ(t.finish(0, 8.5), 24.5);        // Tuesday 09:30
  EXPECT_DOUBLE_EQ(t.finish(0, 20), 24 + 24 + 4);  // V3: Wednesday 13:00
}

TEST(Timeline, ZeroEffortEndsAtItsStartEvenOutsideWindows) {
  const Timeline t(office(), kMonday9, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(10, 0), 10);
  EXPECT_DOUBLE_EQ(t.finish(10, 1), 25);  // starts in the gap: Tuesday 09:00 + 1h
}

TEST(Timeline, StartingMidWindowUsesTheRest) {
  const Timeline t(office(), kMonday9, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(6, 2), 8);
  EXPECT_DOUBLE_EQ(t.finish(6, 3), 25);
}

TEST(Timeline, WeekendsAreSkipped) {
  const Timeline t(office(), kMonday9, 24 * 30, false);
  // 5 days x 8h = 40h ends Friday 17:00; one more hour is Monday 10:00.
  EXPECT_DOUBLE_EQ(t.finish(0, 40), 4 * 24 + 8);
  EXPECT_DOUBLE_EQ(t.finish(0, 41), 7 * 24 + 1);
}

TEST(Timeline, WindowCrossingMidnightBelongsToItsStartDay) {
  // Friday 22:00 - 02:00 only: it runs into Saturday, yet belongs to Friday.
  std::array<bool, 7> friday{};
  friday[4] = true;
  const WorkCalendar night{{window("night", friday, 22, 2)}, {}};
  const Timeline t(night, kMonday0, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(0, 4), 4 * 24 + 26);  // Saturday 02:00
  EXPECT_DOUBLE_EQ(t.finish(0, 1), 4 * 24 + 23);
}

TEST(Timeline, WindowThatBeganBeforeTheStartCountsAfterIt) {
  // Every night 22:00 - 02:00; starting Monday 00:00 leaves two hours of Sunday's window.
  const WorkCalendar night{{window("night", kEveryDay, 22, 2)}, {}};
  const Timeline t(night, kMonday0, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(0, 2), 2);
  EXPECT_DOUBLE_EQ(t.finish(0, 3), 23);
}

TEST(Timeline, HolidaysRemoveRegularWindowsOnly) {
  WorkCalendar c = office();
  c.windows.push_back(window("evening", kWeekdays, 17, 21, 0.5, 0.6, WindowKind::overtime));
  c.holidays = {LocalDate{2026, 11, 16}.day_number()};  // Monday
  const Timeline regular(c, kMonday9, 24 * 30, false);
  const Timeline all(c, kMonday9, 24 * 30, true);
  EXPECT_DOUBLE_EQ(regular.finish(0, 1), 25);  // Tuesday 10:00
  EXPECT_DOUBLE_EQ(all.finish(0, 1), 10);      // Monday evening, 2 wall hours at 0.5
}

TEST(Timeline, TotalsWeighQualityAndOvertime) {
  WorkCalendar c = office();
  c.windows.push_back(window("evening", kWeekdays, 17, 21, 0.5, 0.6, WindowKind::overtime));
  const Timeline all(c, kMonday9, 24 * 30, true);
  // V4: 20h of effort from Monday 09:00 ends Tuesday 21:00.
  const double end = all.finish(0, 20);
  EXPECT_DOUBLE_EQ(end, 36);
  const Timeline::Totals totals = all.totals_at(end);
  EXPECT_DOUBLE_EQ(totals.capacity, 20);
  EXPECT_DOUBLE_EQ(totals.quality_capacity / totals.capacity, 0.92);
  EXPECT_DOUBLE_EQ(totals.overtime_wall, 8);
  EXPECT_DOUBLE_EQ(totals.overtime_capacity, 4);
}

TEST(Timeline, BeyondTheHorizonIsInfinite) {
  const Timeline t(office(), kMonday9, 48, false);
  EXPECT_DOUBLE_EQ(t.finish(0, 16), 32);
  EXPECT_EQ(t.finish(0, 17), kInfinity);
  EXPECT_EQ(t.finish(49, 0), kInfinity);
}

TEST(Timeline, ProductivityScalesWallTime) {
  const WorkCalendar slow{{window("slow", kEveryDay, 0, 24, 0.8)}, {}};
  const Timeline t(slow, kMonday0, 24 * 30, false);
  EXPECT_DOUBLE_EQ(t.finish(0, 8), 10);
}

}  // namespace
}  // namespace rushrisk
