// in_vector_code(body): runs body() compiled for the widest vector path in use, for loops
// the compiler vectorises itself (engine-private; the hand-written kernels are apart).
//
// A loop of selects over a batch's lanes vectorises where it is compiled for AVX2 or
// AVX-512, and runs slower as baseline SSE2 code (which has no blend) than a loop with
// branches or slots. in_vector_code(body) runs body() compiled for the path
// used_vector_path() picks, as the kernels are picked, and returns true; on the baseline
// path it returns false and the caller runs its own baseline code. body must be
// RUSHRISK_INLINE, as must what it calls, to be compiled for that path rather than called
// as baseline code. Every path gives the same bits: the same operations, lane by lane
// (contraction into fused multiply-adds is off everywhere, CMakeLists.txt).
#pragma once

#include "engine/random/philox_batch.h"

// (The kernel files, compiled whole for their instruction set, have their own macro.)
#ifndef RUSHRISK_INLINE
#define RUSHRISK_INLINE __attribute__((always_inline))
#endif

namespace rushrisk {
namespace vector_code_detail {
#if defined(__x86_64__)
template <class Body>
[[gnu::target("avx2")]] void run_on_avx2(const Body& body) {
  body();
}
template <class Body>
[[gnu::target("avx512f")]] void run_on_avx512(const Body& body) {
  body();
}
#endif
}  // namespace vector_code_detail

template <class Body>
bool in_vector_code(const Body& body) {
#if defined(__x86_64__)
  static const VectorPath path = used_vector_path();
  if (path == VectorPath::avx512) return vector_code_detail::run_on_avx512(body), true;
  if (path == VectorPath::avx2) return vector_code_detail::run_on_avx2(body), true;
#endif
  (void)body;
  return false;
}

}  // namespace rushrisk
