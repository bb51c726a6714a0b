// Sweeps (spec §9): grid and Latin hypercube points, rows equal to `evaluate --set`, a
// resumed run equal to an uninterrupted one byte for byte, shards, and bad sweep files.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/sweep/sweep_comm.h"
#include "tests/e2e/run_cli.h"

namespace rushrisk {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch()
      : dir_(fs::temp_directory_path() /
             ("rushrisk_sweep_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::create_directories(dir_);
  }
  ~Scratch() { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

std::string sweep_file(const std::string& name) {
  return testing::source_path("tests/sweeps/" + name).string();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Sweep, GridHasOneRowPerPointWithTheAxisValues) {
  Scratch scratch;
  const auto r =
      testing::run_cli("sweep '" + sweep_file("grid.toml") + "' --out " + scratch.path("grid.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(testing::read_file(scratch.path("grid.csv")));
  ASSERT_EQ(lines.size(), 1u + 3 * 2);
  EXPECT_EQ(lines[0].rfind("point_id,materials.promised,review.rounds,p_low_quality,p_low_quality_"
                           "lo,p_low_quality_hi,",
                           0),
            0u);
  EXPECT_EQ(lines[1].rfind("0,2026-11-19T12:00:00,0,", 0), 0u);
  EXPECT_EQ(lines[2].rfind("1,2026-11-19T12:00:00,2,", 0), 0u);
  EXPECT_EQ(lines[3].rfind("2,2026-11-20T00:00:00,0,", 0), 0u);
  EXPECT_EQ(lines[6].rfind("5,2026-11-20T12:00:00,2,", 0), 0u);
  EXPECT_FALSE(fs::exists(scratch.path("grid.csv.partial")));
}

TEST(Sweep, APointEqualsEvaluateWithTheSameSettings) {
  const auto r = testing::run_cli("sweep '" + sweep_file("grid.toml") + "' --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 6u);
  const auto point = nlohmann::json::parse(rows[3]);
  EXPECT_EQ(point["point_id"], 3);
  const auto single =
      testing::run_cli("evaluate '" + testing::source_path("scenarios/bank_deck.toml").string() +
                       "' --trials 4000 --seed 3 --format json --no-recommend"
                       " --set materials.promised=2026-11-20T00:00:00 --set review.rounds=2");
  ASSERT_EQ(single.exit_code, 0) << single.err;
  EXPECT_EQ(point["metrics"], nlohmann::json::parse(single.out)["metrics"]);
}

// Points run side by side on the threads (each on the threads left over), and rows still
// come out in point order, the same bytes for any thread count: to stdout as they finish,
// and in the file.
TEST(Sweep, SameRowsForAnyThreadCount) {
  Scratch scratch;
  const std::string sweep = "sweep '" + sweep_file("grid.toml") + "' --trials 20000";
  const auto one = testing::run_cli(sweep + " --format jsonl --threads 1");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(lines_of(one.out).size(), 6u);
  for (int threads : {2, 3, 4, 7}) {
    const auto r = testing::run_cli(sweep + " --format jsonl --threads " + std::to_string(threads));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, one.out) << threads << " threads";
  }
  ASSERT_EQ(testing::run_cli(sweep + " --threads 1 --out " + scratch.path("one.csv")).exit_code, 0);
  for (int threads : {2, 7}) {
    const std::string out = scratch.path(std::to_string(threads) + ".csv");
    ASSERT_EQ(testing::run_cli(sweep + " --threads " + std::to_string(threads) + " --out " + out)
                  .exit_code,
              0);
    EXPECT_EQ(testing::read_file(out), testing::read_file(scratch.path("one.csv"))) << threads;
  }
}

// A point that fails (a team of 0) stops the sweep the same way whatever the threads: the
// rows before it on stdout, its error, exit code 2.
TEST(Sweep, AFailingPointEndsTheSweepTheSameForAnyThreadCount) {
  Scratch scratch;
  const std::string sweep = scratch.path("bad_point.toml");
  std::ofstream(sweep) << "base = '" << testing::source_path("scenarios/bank_deck.toml").string()
                       << "'\ntrials = 3000\n[[axis]]\nparam = \"team.people\"\n"
                       << "values = [1, 2, 0, 3, 4, 5]\n";
  const auto one = testing::run_cli("sweep '" + sweep + "' --threads 1");
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.err.find("team.people: 0: a team has at least 1 person"), std::string::npos)
      << one.err;
  EXPECT_EQ(lines_of(one.out).size(), 3u);  // the header and points 0 and 1
  for (int threads : {2, 4}) {
    const auto r = testing::run_cli("sweep '" + sweep + "' --threads " + std::to_string(threads));
    EXPECT_EQ(r.exit_code, 2) << threads;
    EXPECT_EQ(r.err, one.err) << threads;
    EXPECT_EQ(r.out, one.out) << threads;
  }
}

TEST(Sweep, LatinHypercubeHasOnePointPerStratum) {
  const auto r = testing::run_cli("sweep '" + sweep_file("lhs.toml") + "' --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 12u);
  std::set<int> delay_strata;
  for (const auto& row : rows) {
    const auto json = nlohmann::json::parse(row);
    const int people = json["params"]["team.people"];
    EXPECT_GE(people, 1);
    EXPECT_LE(people, 4);
    const double delay = std::stod(json["params"]["materials.delay"].get<std::string>());
    delay_strata.insert(static_cast<int>(delay / 4.0));  // 12 strata of 4h over 0..48h
  }
  EXPECT_GE(delay_strata.size(), 11u);  // one per stratum, up to rounding to the minute
}

TEST(Sweep, ShardsPartitionThePoints) {
  std::set<int> seen;
  for (int k = 0; k < 3; ++k) {
    const auto r = testing::run_cli("sweep '" + sweep_file("grid.toml") +
                                    "' --format jsonl --shard " + std::to_string(k) + "/3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& row : lines_of(r.out)) {
      const int id = nlohmann::json::parse(row)["point_id"];
      EXPECT_EQ(id % 3, k);
      EXPECT_TRUE(seen.insert(id).second);
    }
  }
  EXPECT_EQ(seen.size(), 6u);
}

// A kill leaves the journal cut at any byte; resuming must give the uninterrupted file.
TEST(Sweep, ResumeAfterATornJournalGivesTheSameBytes) {
  Scratch scratch;

  // The journal's first line (the content stamp) as the program writes it: from a run of
  // the same sweep killed early. A faster machine finishes a small sweep before any kill
  // lands, so the trial count grows until one is cut short.
  const std::string partial = scratch.path("cut.csv.partial");
  std::string slow;
  std::string stamp;
  const std::pair<const char*, const char*> attempts[] = {
      {"200000", "0.3"}, {"2000000", "0.6"}, {"20000000", "1.2"}};
  for (const auto& [trials, kill_after] : attempts) {
    slow = "sweep '" + sweep_file("grid.toml") + "' --trials " + trials + " --out ";
    std::system(("timeout -s KILL " + std::string(kill_after) + " '" RUSHRISK_BINARY "' " + slow +
                 scratch.path("cut.csv") + " 2>/dev/null")
                    .c_str());
    if (fs::exists(partial)) {
      const std::string journal = testing::read_file(partial);
      stamp = journal.substr(0, journal.find('\n') + 1);
      break;
    }
  }
  ASSERT_EQ(stamp.rfind("# rushrisk sweep ", 0), 0u) << "no journal from a killed run";

  // The rows of the uninterrupted run, cut at several byte offsets (a kill mid-write).
  std::string whole_slow;
  ASSERT_EQ(testing::run_cli(slow + scratch.path("whole_slow.csv")).exit_code, 0);
  whole_slow = testing::read_file(scratch.path("whole_slow.csv"));
  const auto rows = lines_of(whole_slow);
  std::string body;
  for (std::size_t i = 1; i < rows.size(); ++i) body += rows[i] + "\n";
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, body.size() / 3, body.size() / 2,
                          body.size() - 7, body.size()}) {
    const auto out = scratch.path("cut.csv");
    std::ofstream(partial, std::ios::binary | std::ios::trunc) << stamp << body.substr(0, cut);
    const auto resumed = testing::run_cli(slow + out + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(testing::read_file(out), whole_slow) << "cut at " << cut;
    EXPECT_FALSE(fs::exists(partial));
  }
}

TEST(Sweep, ResumeAfterSigkillGivesTheSameBytes) {
  Scratch scratch;
  const std::string grid = "sweep '" + sweep_file("grid.toml") + "' --trials 40000 --out ";
  ASSERT_EQ(testing::run_cli(grid + scratch.path("whole.csv")).exit_code, 0);
  for (const char* after : {"0.1", "0.3", "0.6"}) {
    const std::string out = scratch.path(std::string("killed_") + after + ".csv");
    std::system(("timeout -s KILL " + std::string(after) + " '" RUSHRISK_BINARY "' " + grid + out +
                 " 2>/dev/null")
                    .c_str());
    const auto resumed = testing::run_cli(grid + out + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(testing::read_file(out), testing::read_file(scratch.path("whole.csv"))) << after;
  }
}

TEST(Sweep, ResumeRefusesAJournalOfAnotherSweep) {
  Scratch scratch;
  const std::string out = scratch.path("other.csv");
  std::ofstream(out + ".partial") << "# rushrisk sweep 0000000000000000\n0,x\n";
  const auto r = testing::run_cli("sweep '" + sweep_file("grid.toml") + "' --resume --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("written by another sweep"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  const auto fresh = testing::run_cli("sweep '" + sweep_file("grid.toml") + "' --out " + out);
  EXPECT_EQ(fresh.exit_code, 2);
  EXPECT_NE(fresh.err.find("--resume to continue it"), std::string::npos);
}

TEST(Sweep, MpiRanksGiveTheSingleProcessOutput) {
  if (!built_with_mpi())
    GTEST_SKIP() << "rushrisk was built without MPI (RUSHRISK_WITH_MPI off or no MPI found)";
  Scratch scratch;
  const std::string args = " sweep '" + sweep_file("grid.toml") + "' --threads 1";
  const auto single = testing::run_cli(args.substr(1));
  ASSERT_EQ(single.exit_code, 0) << single.err;
  // Two threads a rank: points side by side, their rows sent from the main thread.
  const std::string two_threads = " sweep '" + sweep_file("grid.toml") + "' --threads 2";
  const std::string mpirun2 =
      "mpirun --oversubscribe --allow-run-as-root -n 2 '" RUSHRISK_BINARY "'";
  const std::string out2 = scratch.path("mpi_2_threads.csv");
  ASSERT_EQ(std::system((mpirun2 + two_threads + " > '" + out2 + "' 2>/dev/null").c_str()), 0);
  EXPECT_EQ(testing::read_file(out2), single.out) << "2 ranks of 2 threads";
  for (const char* ranks : {"2", "3"}) {
    const std::string mpirun = std::string("mpirun --oversubscribe --allow-run-as-root -n ") +
                               ranks + " '" RUSHRISK_BINARY "'";
    const std::string out = scratch.path(std::string("mpi_") + ranks + ".csv");
    const int status = std::system((mpirun + args + " > '" + out + "' 2>/dev/null").c_str());
    ASSERT_EQ(status, 0) << ranks;
    EXPECT_EQ(testing::read_file(out), single.out) << ranks << " ranks to stdout";
    const std::string file = scratch.path(std::string("mpi_out_") + ranks + ".csv");
    ASSERT_EQ(std::system((mpirun + args + " --out '" + file + "' 2>/dev/null").c_str()), 0);
    EXPECT_EQ(testing::read_file(file), single.out) << ranks << " ranks to --out";
  }
}

// Rank 0 journals the other ranks' rows as they arrive (after each of its own points), so
// killing an MPI sweep loses no row that reached it: kill the whole job once the journal
// holds a row of rank 1, resume in one process, and get the uninterrupted bytes.
TEST(Sweep, MpiRowsOfOtherRanksAreJournaledBeforeTheEnd) {
  if (!built_with_mpi())
    GTEST_SKIP() << "rushrisk was built without MPI (RUSHRISK_WITH_MPI off or no MPI found)";
  Scratch scratch;
  const std::string sweep = scratch.path("twelve.toml");
  std::ofstream(sweep) << "base = '" << testing::source_path("scenarios/bank_deck.toml").string()
                       << "'\nseed = 5\ntrials = 60000\n"
                          "[[axis]]\nparam = 'team.people'\nvalues = [1, 2, 3, 4, 5, 6]\n"
                          "[[axis]]\nparam = 'review.rounds'\nvalues = [1, 2]\n";
  const std::string args = " sweep '" + sweep + "' --threads 1 --out ";
  const std::string whole = scratch.path("whole.csv");
  ASSERT_EQ(testing::run_cli(args.substr(1) + "'" + whole + "'").exit_code, 0);
  const std::string out = scratch.path("killed.csv");
  const std::string pid_file = scratch.path("job.pid");
  // Its own process group, so that one kill reaches mpirun and every rank.
  std::system(("setsid sh -c 'echo $$ > \"" + pid_file +
               "\"; exec mpirun --oversubscribe --allow-run-as-root -n 2 \"" RUSHRISK_BINARY "\"" +
               args + "\"" + out + "\" 2>/dev/null' &")
                  .c_str());
  // Rank 1 runs the odd points; wait (at most a minute) for one of them in the journal.
  bool journaled = false;
  for (int wait = 0; wait < 1200 && !journaled && !fs::exists(out); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::istringstream journal(testing::read_file(out + ".partial"));
    for (std::string line; std::getline(journal, line);) {
      if (!line.empty() && line[0] != '#' && std::stoull(line) % 2 == 1) journaled = true;
    }
  }
  std::ifstream pid_in(pid_file);
  long pid = 0;
  pid_in >> pid;
  ASSERT_GT(pid, 0);
  ::kill(static_cast<pid_t>(-pid), SIGKILL);
  for (int wait = 0; wait < 200 && ::kill(static_cast<pid_t>(-pid), 0) == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(journaled) << "no row of rank 1 reached the journal while the sweep ran";
  const auto resumed = testing::run_cli(args.substr(1) + "'" + out + "' --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(testing::read_file(out), testing::read_file(whole));
}

class BadSweep : public ::testing::TestWithParam<fs::path> {};

TEST_P(BadSweep, ExitsWithCode2AndTheExactMessageAndWritesNothing) {
  const fs::path file = GetParam();
  std::ifstream in(file);
  std::string line, expected;
  while (std::getline(in, line)) {
    if (line.rfind("# expect: ", 0) == 0) expected += line.substr(10) + "\n";
  }
  Scratch scratch;
  const auto r =
      testing::run_cli("sweep " + file.filename().string() + " --out " + scratch.path("out.csv"),
                       file.parent_path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, expected);
  EXPECT_FALSE(fs::exists(scratch.path("out.csv")));
  EXPECT_FALSE(fs::exists(scratch.path("out.csv.partial")));
}

std::vector<fs::path> bad_sweeps() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(testing::source_path("tests/sweeps/bad")))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, BadSweep, ::testing::ValuesIn(bad_sweeps()),
                         [](const auto& info) { return info.param.stem().string(); });

}  // namespace
}  // namespace rushrisk
