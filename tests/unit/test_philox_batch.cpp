// Batched Philox: every vector path gives, bit for bit, the draws of the scalar generator
// (itself checked against Random123's known-answer vectors in test_philox.cpp).
#include <gtest/gtest.h>

#include <vector>

#include "engine/random/philox_batch.h"
#include "engine/random/philox_stream.h"

namespace rushrisk {
namespace {

// Trial indices around the 32-bit boundary and far above it, in no particular order.
std::vector<std::uint64_t> some_trials(std::size_t n) {
  std::vector<std::uint64_t> trials;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t base = i % 3 == 0 ? 0 : i % 3 == 1 ? 0xFFFFFFF0u : 0x123456789ABCull;
    trials.push_back(base + i * 7919);
  }
  return trials;
}

TEST(PhiloxBatch, BaselineIsAlwaysSupportedAndListedFirst) {
  ASSERT_FALSE(supported_vector_paths().empty());
  EXPECT_EQ(supported_vector_paths().front(), VectorPath::baseline);
}

TEST(PhiloxBatch, EveryPathMatchesTheScalarGeneratorForEveryBatchLength) {
  const std::uint64_t seed = 0xFEEDFACECAFEBEEFull;
  const std::uint32_t stream = stream_id("review.latency");
  const PhiloxStream scalar(seed, stream);
  for (VectorPath path : supported_vector_paths()) {
    for (std::size_t n : {0u, 1u, 2u, 3u, 5u, 8u, 9u, 16u, 17u, 31u, 64u, 129u}) {
      const std::vector<std::uint64_t> trials = some_trials(n);
      std::vector<double> out(n, -1.0);
      philox_uniforms(path, seed, stream, 3, trials, out.data());
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(out[i], scalar.uniform(trials[i], 3))
            << to_string(path) << ", batch of " << n << ", lane " << i;
      }
    }
  }
}

TEST(PhiloxBatch, TheDefaultPathIsTheWidestSupported) {
  const std::vector<std::uint64_t> trials = some_trials(40);
  std::vector<double> best(40), widest(40);
  philox_uniforms(7, 11, 0, trials, best.data());
  philox_uniforms(supported_vector_paths().back(), 7, 11, 0, trials, widest.data());
  EXPECT_EQ(best, widest);
}

TEST(PhiloxBatch, WritesNothingBeyondTheBatch) {
  const std::vector<std::uint64_t> trials = some_trials(5);
  for (VectorPath path : supported_vector_paths()) {
    std::vector<double> out(16, -1.0);
    philox_uniforms(path, 1, 2, 0, trials, out.data());
    for (std::size_t i = 5; i < out.size(); ++i) EXPECT_EQ(out[i], -1.0) << to_string(path);
  }
}

}  // namespace
}  // namespace rushrisk
