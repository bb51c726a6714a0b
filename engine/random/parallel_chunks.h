// for_each_chunk: a loop over [0, n) cut into chunks run on all cores — for building the
// quantile tables, whose every entry is computed on its own (so the split changes nothing
// in the result). Private to the random library.
#pragma once

#include <cstddef>
#include <functional>

namespace rushrisk {

// Calls body(begin, end) for consecutive chunks of at most `chunk` indices covering
// [0, n), on up to std::thread::hardware_concurrency() threads; returns when all are done.
// An exception thrown by body is rethrown here (the first one, once every thread stopped).
void for_each_chunk(std::size_t n, std::size_t chunk,
                    const std::function<void(std::size_t begin, std::size_t end)>& body);

}  // namespace rushrisk
