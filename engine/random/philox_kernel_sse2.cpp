// The baseline kernel: SSE2 is part of x86-64 itself, two trials per register.
#include <immintrin.h>

#include "engine/random/philox_kernels.h"

namespace rushrisk::philox_kernels {
namespace {

struct Sse2Lanes {
  using Reg = __m128i;
  static constexpr std::size_t kLanes = 2;
  static constexpr int kInterleaved = 2;  // two chains of rounds in flight
  static Reg load(const std::uint64_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const Reg*>(p));
  }
  static Reg set1(std::uint64_t v) { return _mm_set1_epi64x(static_cast<long long>(v)); }
  static Reg multiply_low_halves(Reg a, Reg b) { return _mm_mul_epu32(a, b); }
  static Reg shift_right(Reg a, int n) { return _mm_srli_epi64(a, n); }
  static Reg high_to_low(Reg a) { return _mm_srli_epi64(a, 32); }
  static Reg shift_left(Reg a, int n) { return _mm_slli_epi64(a, n); }
  static Reg xor3(Reg a, Reg b, Reg c) { return _mm_xor_si128(_mm_xor_si128(a, b), c); }
  static Reg bit_and(Reg a, Reg b) { return _mm_and_si128(a, b); }
  static Reg bit_or(Reg a, Reg b) { return _mm_or_si128(a, b); }
  static void store_uniform(double* out, Reg mantissa) {
    const __m128d m = _mm_sub_pd(_mm_castsi128_pd(mantissa), _mm_set1_pd(0x1.0p52));
    _mm_storeu_pd(out, _mm_mul_pd(_mm_add_pd(m, _mm_set1_pd(0.5)), _mm_set1_pd(0x1.0p-52)));
  }
};

}  // namespace

void sse2(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
          const std::uint64_t* trials, std::size_t count, double* out) {
  philox_all<Sse2Lanes>(keys, stream, round, trials, count, out);
}

}  // namespace rushrisk::philox_kernels
