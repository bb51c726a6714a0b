// The bit generator: known-answer vectors, and the stream keying that makes draws a pure
// function of (seed, stream, round, trial).
#include <gtest/gtest.h>

#include <set>

#include "engine/random/philox_stream.h"

namespace rushrisk {
namespace {

// Random123's published known-answer vectors for Philox4x32-10 (kat_vectors).
TEST(Philox, MatchesKnownAnswerVectors) {
  EXPECT_EQ(philox_4x32_10({0, 0, 0, 0}, 0),
            (PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox_4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, 0xffffffffffffffff),
            (PhiloxBlock{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox_4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                           (std::uint64_t{0x299f31d0} << 32) | 0xa4093822),
            (PhiloxBlock{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(UniformOpen01, StaysStrictlyInsideTheUnitInterval) {
  EXPECT_GT(uniform_open01(0), 0.0);
  EXPECT_LT(uniform_open01(~std::uint64_t{0}), 1.0);
  EXPECT_EQ(uniform_open01(0), 0x1.0p-53);
  EXPECT_EQ(uniform_open01(~std::uint64_t{0}), 1.0 - 0x1.0p-53);
  EXPECT_EQ(uniform_open01(std::uint64_t{1} << 63), 0.5 + 0x1.0p-53);
  EXPECT_EQ(uniform_open01(0x123456789abcdef0) + uniform_open01(~std::uint64_t{0x123456789abcdef0}),
            1.0);
}

TEST(StreamId, IsFnv1aOfTheName) {
  EXPECT_EQ(stream_id(""), 2166136261u);
  EXPECT_EQ(stream_id("a"), 0xe40c292cu);
  EXPECT_NE(stream_id("materials.delay"), stream_id("review.latency"));
}

TEST(PhiloxStream, DrawIsAPureFunctionOfItsKey) {
  const PhiloxStream stream(42, stream_id("work.effort"));
  const double first = stream.uniform(1000, 2);
  // Drawing other trials, rounds and streams in between changes nothing.
  for (std::uint64_t t = 0; t < 100; ++t) (void)stream.uniform(t, 1);
  (void)PhiloxStream(42, stream_id("review.rework")).uniform(1000, 2);
  EXPECT_EQ(stream.uniform(1000, 2), first);
  EXPECT_NE(stream.uniform(1000, 3), first);
  EXPECT_NE(stream.uniform(1001, 2), first);
  EXPECT_NE(PhiloxStream(43, stream_id("work.effort")).uniform(1000, 2), first);
}

TEST(PhiloxStream, TrialIndicesAbove32BitsAreDistinct) {
  const PhiloxStream stream(7, 1);
  EXPECT_NE(stream.uniform(1), stream.uniform((std::uint64_t{1} << 32) | 1));
}

TEST(PhiloxStream, PinnedFirstDraws) {
  const PhiloxStream stream(1, stream_id("materials.delay"));
  // Pinned so that any change to keying or conversion is noticed.
  EXPECT_EQ(stream.uniform(0), 0.76639099438691327);
  EXPECT_EQ(stream.uniform(1), 0.96714015423628263);
  EXPECT_EQ(stream.uniform(2), 0.9115627381203818);
  std::set<double> seen;
  for (std::uint64_t t = 0; t < 1000; ++t) seen.insert(stream.uniform(t));
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_DOUBLE_EQ(stream.uniform(0), stream.uniforms(0).first);
}

}  // namespace
}  // namespace rushrisk
