// SweepComm: how the processes of one sweep share the work — a single process, or the
// ranks of an MPI job (`mpirun -n R rushrisk sweep ...`) when rushrisk is built with MPI
// and started by mpirun. Rank 0 writes the output; the others send it their rows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rushrisk {

// Initialises MPI for the life of the object when built with MPI and started by an MPI
// launcher (detected from its environment); otherwise does nothing.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
};

struct SweepComm {
  int rank = 0;
  int size = 1;
  // Whether the main thread (the one that started MPI) may call MPI while other threads
  // run: always without MPI, and under MPI where the library gives MPI_THREAD_FUNNELED
  // (Open MPI does). Sweeps call MPI from the main thread only.
  bool calls_beside_threads = true;

  // The world of an active MpiSession, else a single process.
  static SweepComm world();
  // Rank 0's `ids`, on every rank.
  std::vector<std::uint64_t> broadcast(std::vector<std::uint64_t> ids) const;
};

// Rows travel to rank 0 as their points finish, so that rank 0 journals every rank's rows
// at once and a killed MPI sweep loses no finished point that reached it. Other ranks
// send each row, then an empty message when they have no more (one tag: MPI keeps
// messages from one sender in order, so that last message comes last).
class RowCollector {
 public:
  explicit RowCollector(const SweepComm& comm) : comm_(comm) {}

  // Other ranks: a finished row, to rank 0.
  void send(std::uint64_t id, const std::string& row) const;
  // Other ranks: no more rows from this rank.
  void finish() const;
  // Rank 0: the rows that have arrived, without waiting.
  std::map<std::uint64_t, std::string> arrived() { return receive(false); }
  // Rank 0: every row still to come, waiting until each other rank has finished.
  std::map<std::uint64_t, std::string> rest() { return receive(true); }

 private:
  std::map<std::uint64_t, std::string> receive(bool wait);

  SweepComm comm_;
  int ranks_finished_ = 0;
};

// Whether this build can run sweeps under MPI.
bool built_with_mpi();

}  // namespace rushrisk
