#include "engine/random/philox_batch.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "engine/random/philox_kernels.h"
#include "engine/random/philox_stream.h"

namespace rushrisk {
namespace {

#if defined(__x86_64__) && defined(__GNUC__)
#define RUSHRISK_X86_KERNELS 1
#else
// Elsewhere: one trial at a time, through the scalar generator.
void scalar_kernel(const philox_kernels::RoundKeys& keys, std::uint32_t stream, std::uint32_t round,
                   const std::uint64_t* trials, std::size_t count, double* out) {
  const PhiloxStream generator(std::uint64_t{keys.k1[0]} << 32 | keys.k0[0], stream);
  for (std::size_t i = 0; i < count; ++i) out[i] = generator.uniform(trials[i], round);
}
#endif

philox_kernels::Kernel kernel_of(VectorPath path) {
#ifdef RUSHRISK_X86_KERNELS
  switch (path) {
    case VectorPath::avx2:
      return philox_kernels::avx2;
    case VectorPath::avx512:
      return philox_kernels::avx512;
    default:
      return philox_kernels::sse2;
  }
#else
  (void)path;
  return scalar_kernel;
#endif
}

std::vector<VectorPath> detect_paths() {
  std::vector<VectorPath> paths{VectorPath::baseline};
#ifdef RUSHRISK_X86_KERNELS
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) paths.push_back(VectorPath::avx2);
  if (__builtin_cpu_supports("avx512f")) paths.push_back(VectorPath::avx512);
#endif
  return paths;
}

}  // namespace

std::string_view to_string(VectorPath path) {
  switch (path) {
    case VectorPath::avx2:
      return "avx2";
    case VectorPath::avx512:
      return "avx512";
    default:
      return "baseline";
  }
}

const std::vector<VectorPath>& supported_vector_paths() {
  static const std::vector<VectorPath> paths = detect_paths();
  return paths;
}

VectorPath used_vector_path() {
  static const VectorPath used = [] {
    const char* named = std::getenv("RUSHRISK_VECTOR_PATH");
    const std::vector<VectorPath>& paths = supported_vector_paths();
    if (named == nullptr || *named == '\0') return paths.back();
    for (VectorPath path : paths) {
      if (to_string(path) == named) return path;
    }
    std::string offered;
    for (VectorPath path : paths)
      offered += std::string(offered.empty() ? "" : ", ") + std::string(to_string(path));
    throw std::invalid_argument("RUSHRISK_VECTOR_PATH=" + std::string(named) +
                                ": not a vector path this CPU has (it has " + offered + ")");
  }();
  return used;
}

void philox_uniforms(VectorPath path, std::uint64_t seed, std::uint32_t stream, std::uint32_t round,
                     std::span<const std::uint64_t> trials, double* out) {
  kernel_of(path)(philox_kernels::round_keys(seed), stream, round, trials.data(), trials.size(),
                  out);
}

void philox_uniforms(std::uint64_t seed, std::uint32_t stream, std::uint32_t round,
                     std::span<const std::uint64_t> trials, double* out) {
  static const philox_kernels::Kernel best = kernel_of(used_vector_path());
  best(philox_kernels::round_keys(seed), stream, round, trials.data(), trials.size(), out);
}

}  // namespace rushrisk
