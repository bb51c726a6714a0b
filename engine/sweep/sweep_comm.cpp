#include "engine/sweep/sweep_comm.h"

#include <cstdlib>

#ifdef RUSHRISK_HAVE_MPI
#include <mpi.h>
#endif

namespace rushrisk {
namespace {

[[maybe_unused]] bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

[[maybe_unused]] bool mpi_active = false;
// Whether the MPI library lets one thread call it while others run (MPI_THREAD_FUNNELED).
[[maybe_unused]] bool mpi_funneled = false;

[[maybe_unused]] constexpr int kRowTag = 7;

// Rows travel as "id\x1frow\x1e" records: rows never contain these control characters.
[[maybe_unused]] std::string pack(const std::map<std::uint64_t, std::string>& rows) {
  std::string text;
  for (const auto& [id, row] : rows) text += std::to_string(id) + '\x1f' + row + '\x1e';
  return text;
}

[[maybe_unused]] void unpack(const std::string& text, std::map<std::uint64_t, std::string>& rows) {
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
  // FUNNELED: a sweep's main thread alone calls MPI, while its worker threads evaluate.
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  mpi_funneled = provided >= MPI_THREAD_FUNNELED;
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
    comm.calls_beside_threads = mpi_funneled;
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

void RowCollector::send([[maybe_unused]] std::uint64_t id,
                        [[maybe_unused]] const std::string& row) const {
#ifdef RUSHRISK_HAVE_MPI
  if (comm_.size == 1) return;
  std::string text = pack({{id, row}});
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kRowTag, MPI_COMM_WORLD);
#endif
}

void RowCollector::finish() const {
#ifdef RUSHRISK_HAVE_MPI
  if (comm_.size == 1) return;
  char none = 0;
  MPI_Send(&none, 0, MPI_CHAR, 0, kRowTag, MPI_COMM_WORLD);
#endif
}

std::map<std::uint64_t, std::string> RowCollector::receive([[maybe_unused]] bool wait) {
  std::map<std::uint64_t, std::string> rows;
#ifdef RUSHRISK_HAVE_MPI
  while (comm_.size > 1 && ranks_finished_ < comm_.size - 1) {
    MPI_Status status;
    int waiting = 1;
    if (wait) {
      MPI_Probe(MPI_ANY_SOURCE, kRowTag, MPI_COMM_WORLD, &status);
    } else {
      MPI_Iprobe(MPI_ANY_SOURCE, kRowTag, MPI_COMM_WORLD, &waiting, &status);
      if (!waiting) break;
    }
    int length = 0;
    MPI_Get_count(&status, MPI_CHAR, &length);
    std::string text(static_cast<std::size_t>(length), '\0');
    MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, kRowTag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (length == 0) {
      ++ranks_finished_;
    } else {
      unpack(text, rows);
    }
  }
#endif
  return rows;
}

}  // namespace rushrisk
