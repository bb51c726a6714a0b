// Private to the random library: the Philox kernels behind philox_uniforms(), one per
// register width. Each lives in its own translation unit, compiled for its instruction set
// (philox_kernel_avx2.cpp with -mavx2, ...), and is called only where the CPU has it.
// Kernel translation units include nothing but this header and <immintrin.h>, and keep
// everything else at internal linkage, so no wide instruction can leak into code shared
// with the baseline build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rushrisk::philox_kernels {

inline constexpr int kRounds = 10;

// The round keys of a seed: Philox bumps its 2 x 32-bit key by the Weyl constants
// between rounds.
struct RoundKeys {
  std::uint32_t k0[kRounds], k1[kRounds];
};

inline RoundKeys round_keys(std::uint64_t seed) {
  RoundKeys keys;
  auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    keys.k0[r] = k0;
    keys.k1[r] = k1;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return keys;
}

// out[i] = PhiloxStream(seed, stream).uniform(trials[i], round) for i < count.
using Kernel = void (*)(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
                        const std::uint64_t* trials, std::size_t count, double* out);

void sse2(const RoundKeys&, std::uint32_t, std::uint32_t, const std::uint64_t*, std::size_t,
          double*);
void avx2(const RoundKeys&, std::uint32_t, std::uint32_t, const std::uint64_t*, std::size_t,
          double*);
void avx512(const RoundKeys&, std::uint32_t, std::uint32_t, const std::uint64_t*, std::size_t,
            double*);

namespace {

// The kernel for one register width V (a struct of lane operations). Each 32-bit word of
// the counter lives in the low half of a 64-bit lane, so a 32 x 32 -> 64-bit product is
// one pmuludq per register, which reads only the low halves: high halves may hold garbage
// between rounds and are cleared once, at the end. Integer-exact; the conversion to
// double is the same IEEE operations as uniform_open01(), so every width gives the same
// bits.
// N registers of trials at once (trials[N * V::kLanes]): the rounds of one register are a
// chain of dependent multiplies, so interleaving independent registers keeps the
// multipliers busy. V::high_to_low(a) puts the high half of each lane into its low half
// (the high half after it is garbage, which no later step reads).
template <class V, int N>
inline void philox_lanes(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
                         const std::uint64_t* trials, double* out) {
  using Reg = typename V::Reg;
  Reg c0[N], c1[N], c2[N], c3[N];
  for (int n = 0; n < N; ++n) {
    const Reg t = V::load(trials + n * V::kLanes);
    c0[n] = t;
    c1[n] = V::shift_right(t, 32);
    c2[n] = V::set1(stream);
    c3[n] = V::set1(round);
  }
  const Reg m0 = V::set1(0xD2511F53u), m1 = V::set1(0xCD9E8D57u);
  for (int r = 0; r < kRounds; ++r) {
    const Reg k0 = V::set1(keys.k0[r]), k1 = V::set1(keys.k1[r]);
    for (int n = 0; n < N; ++n) {
      const Reg p0 = V::multiply_low_halves(c0[n], m0);
      const Reg p1 = V::multiply_low_halves(c2[n], m1);
      c0[n] = V::xor3(V::high_to_low(p1), c1[n], k0);
      c2[n] = V::xor3(V::high_to_low(p0), c3[n], k1);
      c1[n] = p1;
      c3[n] = p0;
    }
  }
  // bits = c1:c0, and (bits >> 12) put under the exponent of 2^52 is the double 2^52 + m
  // exactly: no 64-bit integer -> double conversion, which SSE2 and AVX2 lack.
  for (int n = 0; n < N; ++n) {
    const Reg bits = V::bit_or(V::shift_left(c1[n], 32), V::bit_and(c0[n], V::set1(0xFFFFFFFFu)));
    V::store_uniform(out + n * V::kLanes,
                     V::bit_or(V::shift_right(bits, 12), V::set1(0x4330000000000000u)));
  }
}

// All trials in whole registers, V::kInterleaved at a time where there are that many; a
// short tail goes through a zero-padded register.
template <class V>
inline void philox_all(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
                       const std::uint64_t* trials, std::size_t count, double* out) {
  constexpr int kInterleaved = V::kInterleaved;
  constexpr std::size_t kStep = kInterleaved * V::kLanes;
  std::size_t i = 0;
  for (; i + kStep <= count; i += kStep) {
    philox_lanes<V, kInterleaved>(keys, stream, round, trials + i, out + i);
  }
  for (; i + V::kLanes <= count; i += V::kLanes) {
    philox_lanes<V, 1>(keys, stream, round, trials + i, out + i);
  }
  if (i == count) return;
  std::uint64_t tail[V::kLanes] = {};
  double tail_out[V::kLanes];
  for (std::size_t l = 0; i + l < count; ++l) tail[l] = trials[i + l];
  philox_lanes<V, 1>(keys, stream, round, tail, tail_out);
  for (std::size_t l = 0; i + l < count; ++l) out[i + l] = tail_out[l];
}

}  // namespace
}  // namespace rushrisk::philox_kernels
