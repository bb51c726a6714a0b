// Philox draws for many trials of one stream at once: the same numbers PhiloxStream gives
// one trial at a time, computed lane by lane so the compiler can keep 4, 8 or 16 trials in
// one vector register (the trials of a batch are the lanes; pbrt-v4's pixels).
//
// Everything here is integer arithmetic and one exact conversion, so every vector path
// gives bit-identical uniforms; the path is picked once, at run time, from what the CPU
// has (baseline x86-64 SSE2, AVX2, AVX-512), and tests compare every path the CPU offers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace rushrisk {

enum class VectorPath { baseline, avx2, avx512 };

std::string_view to_string(VectorPath path);
// The paths this CPU can run, baseline first.
const std::vector<VectorPath>& supported_vector_paths();
// The path every batch call without one uses: the widest this CPU has, or the one the
// environment variable RUSHRISK_VECTOR_PATH names (baseline, avx2 or avx512), so that whole
// runs on different paths can be compared. Throws std::invalid_argument, naming the
// variable, for a name that is not a path or a path this CPU lacks.
VectorPath used_vector_path();

// out[i] = PhiloxStream(seed, stream).uniform(trials[i], round), for every i.
void philox_uniforms(std::uint64_t seed, std::uint32_t stream, std::uint32_t round,
                     std::span<const std::uint64_t> trials, double* out);
// The same on a given path, which must be one of supported_vector_paths().
void philox_uniforms(VectorPath path, std::uint64_t seed, std::uint32_t stream, std::uint32_t round,
                     std::span<const std::uint64_t> trials, double* out);

}  // namespace rushrisk
