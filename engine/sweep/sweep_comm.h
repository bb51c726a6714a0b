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

  // The world of an active MpiSession, else a single process.
  static SweepComm world();
  // Rank 0's `ids`, on every rank.
  std::vector<std::uint64_t> broadcast(std::vector<std::uint64_t> ids) const;
  // Every rank's rows, merged on rank 0 (other ranks get an empty map).
  std::map<std::uint64_t, std::string> gather(
      const std::map<std::uint64_t, std::string>& rows) const;
};

// Whether this build can run sweeps under MPI.
bool built_with_mpi();

}  // namespace rushrisk
