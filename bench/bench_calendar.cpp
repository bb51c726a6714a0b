// The calendar mapping alone, on the bank deck's three timelines (team regular-only, team
// with overtime, client office hours): Timeline::finish (effort -> finish instant),
// Timeline::totals_at (instant -> cumulative capacity and quality, for version quality and
// overtime accounting), Timeline::place (both at once, with the totals at the start) and
// Timeline::place_lanes (place for a stage of 64 trials at once, on each vector path: what
// simulate_batch calls for every stage). A trial makes a handful of these per stage, so
// they bound how cheap simulate can be.
//
// Probes are a fixed spread of start instants (start of the scenario to two days past the
// deadline: weekdays, evenings, nights and the weekend) and effort amounts (0 to 20
// per-person hours), drawn once from Philox and cycled.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_scenarios.h"
#include "engine/random/philox_stream.h"
#include "engine/sim/calendar.h"

namespace rushrisk::bench {
namespace {

constexpr std::size_t kProbes = 4096;  // a power of two: the index wraps with a mask
constexpr double kMaxWork = 20;        // per-person effort-hours

struct Probe {
  double from;
  double work;
};

const std::vector<Probe>& probes() {
  static const std::vector<Probe> list = [] {
    const Model& model = scenario_model("bank_deck");
    const double span = model.deadline() + 48;
    const PhiloxStream stream(kSeed, stream_id("bench"));
    std::vector<Probe> out;
    for (std::uint64_t i = 0; i < kProbes; ++i) {
      const UniformPair u = stream.uniforms(i);
      out.push_back({u.first * span, u.second * kMaxWork});
    }
    return out;
  }();
  return list;
}

enum class Which { regular, overtime, client };

const Timeline& timeline(Which which) {
  const Model& model = scenario_model("bank_deck");
  switch (which) {
    case Which::regular:
      return model.regular_timeline();
    case Which::overtime:
      return model.overtime_timeline();
    default:
      return *model.client_timeline();
  }
}

void BM_Finish(benchmark::State& state, Which which) {
  const Timeline& t = timeline(which);
  const std::vector<Probe>& p = probes();
  std::size_t i = 0;
  for (auto _ : state) {
    const Probe& probe = p[i++ & (kProbes - 1)];
    benchmark::DoNotOptimize(t.finish(probe.from, probe.work));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(t.segment_count()) + " segments");
}

void BM_TotalsAt(benchmark::State& state, Which which) {
  const Timeline& t = timeline(which);
  const std::vector<Probe>& p = probes();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(t.totals_at(p[i++ & (kProbes - 1)].from));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(t.segment_count()) + " segments");
}

void BM_Place(benchmark::State& state, Which which) {
  const Timeline& t = timeline(which);
  const std::vector<Probe>& p = probes();
  std::size_t i = 0;
  for (auto _ : state) {
    const Probe& probe = p[i++ & (kProbes - 1)];
    benchmark::DoNotOptimize(t.place(probe.from, probe.work));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(t.segment_count()) + " segments");
}

// Timeline::place_lanes on a given vector path: a stage of 64 trials placed at once, as
// simulate_batch does; items are placements.
void BM_PlaceLanes(benchmark::State& state, Which which, VectorPath path) {
  constexpr std::size_t kStage = 64;
  const Timeline& t = timeline(which);
  const std::vector<Probe>& p = probes();
  std::vector<double> from, work;
  for (const Probe& probe : p) {
    from.push_back(probe.from);
    work.push_back(probe.work);
  }
  std::vector<double> columns(9 * kStage);
  const auto column = [&](std::size_t c) { return columns.data() + c * kStage; };
  const Timeline::PlacementColumns out{column(0),
                                       {column(1), column(2), column(3), column(4)},
                                       {column(5), column(6), column(7), column(8)}};
  std::size_t i = 0;
  for (auto _ : state) {
    t.place_lanes(path, from.data() + i, work.data() + i, kStage, out);
    benchmark::ClobberMemory();
    i = (i + kStage) & (kProbes - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kStage));
  state.SetLabel(std::to_string(t.segment_count()) + " segments");
}

const bool registered = [] {
  const std::pair<const char*, Which> timelines[] = {
      {"regular", Which::regular}, {"overtime", Which::overtime}, {"client", Which::client}};
  for (const auto& [name, which] : timelines) {
    benchmark::RegisterBenchmark((std::string("calendar/finish/") + name).c_str(), BM_Finish,
                                 which);
  }
  for (const auto& [name, which] : timelines) {
    benchmark::RegisterBenchmark((std::string("calendar/totals_at/") + name).c_str(), BM_TotalsAt,
                                 which);
  }
  for (const auto& [name, which] : timelines) {
    benchmark::RegisterBenchmark((std::string("calendar/place/") + name).c_str(), BM_Place, which);
  }
  for (VectorPath path : supported_vector_paths()) {
    for (const auto& [name, which] : timelines) {
      benchmark::RegisterBenchmark(
          (std::string("calendar/place_lanes/") + std::string(to_string(path)) + "/" + name)
              .c_str(),
          BM_PlaceLanes, which, path);
    }
  }
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
