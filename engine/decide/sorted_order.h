// sorted_order: the permutation that sorts a column of doubles (the drivers rank every
// input over every recorded trial), in a few linear passes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rushrisk {

// The indices of `values` in ascending order of value, equal values in index order: what
// std::stable_sort of the indices by value gives. -0 and +0 are equal; `values` holds no
// NaN and fewer than 2^32 entries.
std::vector<std::uint32_t> sorted_order(std::span<const double> values);

}  // namespace rushrisk
