#include "engine/sweep/sweep_comm.h"

#include <cstdlib>

#ifdef RUSHRISK_HAVE_MPI
#include <mpi.h>
#endif

namespace rushrisk {
namespace {

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

bool mpi_active = false;

// Rows travel as "id\x1frow\x1e" records: rows never contain these control characters.
std::string pack(const std::map<std::uint64_t, std::string>& rows) {
  std::string text;
  for (const auto& [id, row] : rows) text += std::to_string(id) + '\x1f' + row + '\x1e';
  return text;
}

void unpack(const std::string& text, std::map<std::uint64_t, std::string>& rows) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t unit = text.find('\x1f', at), record = text.find('\x1e', unit);
    rows.emplace(std::stoull(text.substr(at, unit - at)), text.substr(unit + 1, record - unit - 1));
    at = record + 1;
  }
}

}  // namespace

bool built_with_mpi() {
#ifdef RUSHRISK_HAVE_MPI
  return true;
#else
  return false;
#endif
}

MpiSession::MpiSession([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#ifdef RUSHRISK_HAVE_MPI
  if (!launched_by_mpirun()) return;
  MPI_Init(argc, argv);
  active_ = mpi_active = true;
#endif
}

MpiSession::~MpiSession() {
#ifdef RUSHRISK_HAVE_MPI
  if (active_) MPI_Finalize();
  mpi_active = false;
#endif
}

SweepComm SweepComm::world() {
  SweepComm comm;
#ifdef RUSHRISK_HAVE_MPI
  if (mpi_active) {
    MPI_Comm_rank(MPI_COMM_WORLD, &comm.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &comm.size);
  }
#endif
  return comm;
}

std::vector<std::uint64_t> SweepComm::broadcast(std::vector<std::uint64_t> ids) const {
#ifdef RUSHRISK_HAVE_MPI
  if (size > 1) {
    unsigned long long count = ids.size();
    MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    ids.resize(count);
    MPI_Bcast(ids.data(), static_cast<int>(count), MPI_UINT64_T, 0, MPI_COMM_WORLD);
  }
#endif
  return ids;
}

std::map<std::uint64_t, std::string> SweepComm::gather(
    const std::map<std::uint64_t, std::string>& rows) const {
  if (size == 1) return rows;
  std::map<std::uint64_t, std::string> merged;
#ifdef RUSHRISK_HAVE_MPI
  const std::string mine = pack(rows);
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    offsets[static_cast<std::size_t>(r)] = total;
    total += lengths[static_cast<std::size_t>(r)];
  }
  std::string all(static_cast<std::size_t>(rank == 0 ? total : 0), '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  if (rank == 0) unpack(all, merged);
#endif
  return merged;
}

}  // namespace rushrisk
