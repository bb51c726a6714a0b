// Four trials per register; compiled with -mavx2, called only where the CPU has AVX2.
#include <immintrin.h>

#include "engine/random/philox_kernels.h"

namespace rushrisk::philox_kernels {
namespace {

struct Avx2Lanes {
  using Reg = __m256i;
  static constexpr std::size_t kLanes = 4;
  static constexpr int kInterleaved = 2;  // two chains of rounds in flight
  static Reg load(const std::uint64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const Reg*>(p));
  }
  static Reg set1(std::uint64_t v) { return _mm256_set1_epi64x(static_cast<long long>(v)); }
  static Reg multiply_low_halves(Reg a, Reg b) { return _mm256_mul_epu32(a, b); }
  static Reg shift_right(Reg a, int n) { return _mm256_srli_epi64(a, n); }
  static Reg high_to_low(Reg a) { return _mm256_srli_epi64(a, 32); }
  static Reg shift_left(Reg a, int n) { return _mm256_slli_epi64(a, n); }
  static Reg xor3(Reg a, Reg b, Reg c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
  static Reg bit_and(Reg a, Reg b) { return _mm256_and_si256(a, b); }
  static Reg bit_or(Reg a, Reg b) { return _mm256_or_si256(a, b); }
  static void store_uniform(double* out, Reg mantissa) {
    const __m256d m = _mm256_sub_pd(_mm256_castsi256_pd(mantissa), _mm256_set1_pd(0x1.0p52));
    _mm256_storeu_pd(
        out, _mm256_mul_pd(_mm256_add_pd(m, _mm256_set1_pd(0.5)), _mm256_set1_pd(0x1.0p-52)));
  }
};

}  // namespace

void avx2(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
          const std::uint64_t* trials, std::size_t count, double* out) {
  philox_all<Avx2Lanes>(keys, stream, round, trials, count, out);
}

}  // namespace rushrisk::philox_kernels
