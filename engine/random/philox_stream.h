// Counter-based random numbers: every draw is a pure function of
// (seed, stream, round, trial), never of the order in which trials run.
//
// The bit generator is Random123's Philox4x32-10. Its 64-bit key is the run's seed; its
// 128-bit counter is (trial index: 64 bits, stream id: 32 bits, round: 32 bits). A stream
// id names an input ("materials.delay", a risk event by its name, ...), so threads,
// batch splits, or an added risk or lever never move any other input's draws
// (pbrt-v4 seeds each pixel's sampler the same way).
//
// Thread-safe: a PhiloxStream is a small immutable value.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace rushrisk {

// Four 32-bit words: the raw output of one Philox call.
using PhiloxBlock = std::array<std::uint32_t, 4>;

// The Philox4x32-10 bijection of (counter, key).
inline PhiloxBlock philox_4x32_10(const PhiloxBlock& counter, std::uint64_t key) {
  r123::Philox4x32 generator;
  r123::Philox4x32::ctr_type ctr = {{counter[0], counter[1], counter[2], counter[3]}};
  r123::Philox4x32::key_type k = {
      {static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)}};
  const auto out = generator(ctr, k);
  return {out[0], out[1], out[2], out[3]};
}

// A uniform double strictly inside (0, 1) from 64 random bits: the top 52 bits, centred
// in their cell (52, not 53: 1 - 2^-54 would round to 1). 0 and 1 are never produced,
// and the map is symmetric: bits -> ~bits gives u -> 1 - u.
constexpr double uniform_open01(std::uint64_t bits) {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

// 32-bit FNV-1a of a stream's name: stable across builds and platforms.
constexpr std::uint32_t stream_id(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

// Two independent uniforms in (0, 1) for one (stream, round, trial).
struct UniformPair {
  double first;
  double second;
};

class PhiloxStream {
 public:
  constexpr PhiloxStream(std::uint64_t seed, std::uint32_t stream) : seed_(seed), stream_(stream) {}

  UniformPair uniforms(std::uint64_t trial, std::uint32_t round = 0) const {
    const PhiloxBlock out =
        philox_4x32_10({static_cast<std::uint32_t>(trial), static_cast<std::uint32_t>(trial >> 32),
                        stream_, round},
                       seed_);
    const std::uint64_t a = (std::uint64_t{out[1]} << 32) | out[0];
    const std::uint64_t b = (std::uint64_t{out[3]} << 32) | out[2];
    return {uniform_open01(a), uniform_open01(b)};
  }
  double uniform(std::uint64_t trial, std::uint32_t round = 0) const {
    return uniforms(trial, round).first;
  }

  std::uint64_t seed() const { return seed_; }
  std::uint32_t stream() const { return stream_; }

 private:
  std::uint64_t seed_;
  std::uint32_t stream_;
};

}  // namespace rushrisk
