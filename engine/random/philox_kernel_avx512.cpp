// Eight trials per register; compiled with -mavx512f, called only where the CPU has it.
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*, which -Wmaybe-uninitialized
// reports as uninitialised (a false positive in the compiler's own header).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "engine/random/philox_kernels.h"

namespace rushrisk::philox_kernels {
namespace {

struct Avx512Lanes {
  using Reg = __m512i;
  static constexpr std::size_t kLanes = 8;
  // A round is a chain of ~7 cycles (multiply, shuffle, logic op) that issues in ~2, so
  // four registers in flight; 16 of the 32 vector registers hold their counters.
  static constexpr int kInterleaved = 4;
  static Reg load(const std::uint64_t* p) { return _mm512_loadu_si512(p); }
  static Reg set1(std::uint64_t v) { return _mm512_set1_epi64(static_cast<long long>(v)); }
  static Reg multiply_low_halves(Reg a, Reg b) { return _mm512_mul_epu32(a, b); }
  static Reg shift_right(Reg a, unsigned n) { return _mm512_srli_epi64(a, n); }
  static Reg shift_left(Reg a, unsigned n) { return _mm512_slli_epi64(a, n); }
  // A shuffle and a three-way logic op rather than a shift and two xors: 512-bit shifts
  // and multiplies share one execution port on Intel's cores, and a round's two
  // multiplies already fill it.
  static Reg high_to_low(Reg a) { return _mm512_shuffle_epi32(a, _MM_PERM_CDAB); }
  static Reg xor3(Reg a, Reg b, Reg c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); }
  static Reg bit_and(Reg a, Reg b) { return _mm512_and_si512(a, b); }
  static Reg bit_or(Reg a, Reg b) { return _mm512_or_si512(a, b); }
  static void store_uniform(double* out, Reg mantissa) {
    const __m512d m = _mm512_sub_pd(_mm512_castsi512_pd(mantissa), _mm512_set1_pd(0x1.0p52));
    _mm512_storeu_pd(
        out, _mm512_mul_pd(_mm512_add_pd(m, _mm512_set1_pd(0.5)), _mm512_set1_pd(0x1.0p-52)));
  }
};

}  // namespace

void avx512(const RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
            const std::uint64_t* trials, std::size_t count, double* out) {
  philox_all<Avx512Lanes>(keys, stream, round, trials, count, out);
}

}  // namespace rushrisk::philox_kernels
