// The calendar mapping alone, on the bank deck's three timelines (team regular-only, team
// with overtime, client office hours): Timeline::finish (effort -> finish instant),
// Timeline::totals_at (instant -> cumulative capacity and quality, for version quality and
// overtime accounting) and Timeline::place (both at once, with the totals at the start:
// what simulate() calls for every work stage). A trial makes a handful of these calls per
// stage, so they bound how cheap simulate() can be.
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
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
