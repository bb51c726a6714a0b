#include "engine/sweep/sweep_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/report/report.h"
#include "engine/scenario/errors.h"
#include "engine/sim/evaluate.h"
#include "engine/sweep/sweep_comm.h"

namespace rushrisk {
namespace {

using Json = nlohmann::ordered_json;

std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash = 14695981039346656037ull) {
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// How a value shows in a row: strings without their TOML quotes.
std::string display(const std::string& toml_text) {
  if (toml_text.size() >= 2 && toml_text.front() == '"' && toml_text.back() == '"') {
    return toml_text.substr(1, toml_text.size() - 2);
  }
  return toml_text;
}

// A parameter as JSON: numbers as numbers, everything else (instants, durations) as text.
Json json_value(const std::string& toml_text) {
  if (!toml_text.empty() && toml_text.front() != '"') {
    Json number = Json::parse(toml_text, nullptr, false);
    if (number.is_number()) return number;
  }
  return display(toml_text);
}

std::string csv_cell(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// The contract's metrics, flattened: p_low_quality, p_low_quality_lo, p_low_quality_hi, ...
std::vector<std::pair<std::string, Json>> flatten(const Json& metrics) {
  std::vector<std::pair<std::string, Json>> cells;
  for (const char* p : {"p_low_quality", "p_late", "p_nothing_usable"}) {
    cells.emplace_back(p, metrics[p]["estimate"]);
    cells.emplace_back(fmt::format("{}_lo", p), metrics[p]["ci95"][0]);
    cells.emplace_back(fmt::format("{}_hi", p), metrics[p]["ci95"][1]);
  }
  for (const char* group : {"quality", "finish", "slack_hours", "overtime_hours"}) {
    for (auto it = metrics[group].begin(); it != metrics[group].end(); ++it) {
      cells.emplace_back(fmt::format("{}_{}", group, it.key()), it.value());
    }
  }
  cells.emplace_back("overtime_share", metrics["overtime_share"]);
  return cells;
}

class SweepWriter {
 public:
  SweepWriter(const SweepSpec& spec, const SweepOptions& options)
      : spec_(spec), options_(options) {}

  std::string header() const {
    std::string line = "point_id";
    for (const SweepAxis& a : spec_.axes) line += "," + a.param;
    for (const auto& [name, value] : flatten(example_metrics())) line += "," + name;
    return line + ",trials,converged\n";
  }

  std::string row(const SweepPoint& point, const Report& report) const {
    const Json metrics = Json::parse(to_json(report))["metrics"];
    if (options_.format == SweepOptions::Format::jsonl) {
      Json params = Json::object();
      for (std::size_t a = 0; a < spec_.axes.size(); ++a) {
        params[spec_.axes[a].param] = json_value(point.values[a]);
      }
      const Json line = {{"point_id", point.id},
                         {"params", params},
                         {"trials", report.trials},
                         {"converged", report.converged},
                         {"metrics", metrics}};
      return line.dump() + "\n";
    }
    std::string line = std::to_string(point.id);
    // Appended a piece at a time: GCC 12 warns, wrongly, of overlapping copies (-Wrestrict)
    // in "," + text once this is inlined.
    const auto cell = [&line](const std::string& text) { line.append(1, ',').append(text); };
    for (const std::string& v : point.values) cell(display(v));
    for (const auto& [name, value] : flatten(metrics)) cell(csv_cell(value));
    return line + fmt::format(",{},{}\n", report.trials, report.converged);
  }

 private:
  static Json example_metrics() {
    Report r;
    return Json::parse(to_json(r))["metrics"];
  }

  const SweepSpec& spec_;
  const SweepOptions& options_;
};

// The journal of finished rows: OUT.partial, one row a line, fsync'd after each row.
class Journal {
 public:
  Journal(std::string path, std::string stamp) : path_(std::move(path)), stamp_(std::move(stamp)) {}

  // Reads what an earlier run left (resume), dropping a torn last line.
  std::map<std::uint64_t, std::string> recover() {
    std::map<std::uint64_t, std::string> rows;
    if (!std::filesystem::exists(path_)) return rows;
    std::string text = read_text(path_);
    const std::size_t first = text.find('\n');
    if (first == std::string::npos || text.substr(0, first) != stamp_) {
      throw InputError(Diagnostic{path_, 0, 0, "", "",
                                  "written by another sweep, base scenario or settings; delete it "
                                  "or run without --resume"});
    }
    const std::size_t complete = text.rfind('\n') + 1;
    std::filesystem::resize_file(path_, complete);  // drop a torn last line
    std::istringstream lines(text.substr(first + 1, complete - first - 1));
    for (std::string line; std::getline(lines, line);) {
      const std::size_t digits = line.find_first_of("0123456789");
      if (digits == std::string::npos) continue;
      rows.emplace(std::stoull(line.substr(digits)), line + "\n");
    }
    return rows;
  }

  void open(bool fresh) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | (fresh ? O_TRUNC : 0), 0644);
    if (fd_ < 0) throw IoError(fmt::format("{}: cannot write", path_));
    if (fresh) append(stamp_ + "\n");
  }

  void append(const std::string& line) {
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
        ::fsync(fd_) != 0) {
      throw IoError(fmt::format("{}: write failed", path_));
    }
  }

  ~Journal() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  std::string path_;
  std::string stamp_;
  int fd_ = -1;
};

// A finished point: its index in the list run, its row and the trials it took.
struct FinishedPoint {
  std::size_t index;
  std::string row;
  std::uint64_t trials;
};
using RowSink = std::function<void(const FinishedPoint&)>;

// Evaluates `points` several at a time: a sweep has many points, and one point of 10^4 or
// 10^5 trials is only a few batches, too few to keep every core of a machine busy. The
// threads of `e` (0: every core) are shared out: up to one point per thread, and each
// worker's points on its share of the threads (a point's result does not depend on its
// threads). Calls sink(point) on the calling thread, as points finish (in any
// order), so output and MPI calls stay on one thread. A point that fails stops the rest:
// points under way finish and are handed on, and the failure of the earliest point is
// thrown. Without `beside_threads` (an MPI library without MPI_THREAD_FUNNELED) the
// points run one at a time, each on all the threads, and the sink is called between them,
// as sweeps always did.
void evaluate_points(const SweepSpec& spec, const SweepWriter& writer, const EvaluateOptions& e,
                     const std::vector<const SweepPoint*>& points, bool beside_threads,
                     const RowSink& sink) {
  if (points.empty()) return;
  const std::size_t threads = worker_count(e);
  const std::size_t side_by_side = beside_threads ? std::min(threads, points.size()) : 1;
  // Each worker keeps the model of its previous point alive while it builds the next, so
  // quantile tables of unchanged distributions are found in the process's table cache
  // rather than rebuilt (the cache shares them between workers too).
  const auto row_of = [&](std::size_t i, unsigned point_threads, std::unique_ptr<Model>& previous) {
    EvaluateOptions options = e;
    options.threads = point_threads;
    auto model = std::make_unique<Model>(load_scenario(spec.base_path, points[i]->overrides()));
    const Report report = evaluate(*model, options);
    previous = std::move(model);
    return FinishedPoint{i, writer.row(*points[i], report), report.trials};
  };
  if (side_by_side == 1) {
    std::unique_ptr<Model> previous;
    for (std::size_t i = 0; i < points.size(); ++i) {
      sink(row_of(i, static_cast<unsigned>(threads), previous));
    }
    return;
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<FinishedPoint> finished;                // not yet handed to the sink
  std::map<std::size_t, std::exception_ptr> failed;  // by point index
  std::size_t running = 0;                           // workers started and not done
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  const auto work = [&](unsigned point_threads) {
    std::unique_ptr<Model> previous;
    for (std::size_t i; !stop && (i = next++) < points.size();) {
      try {
        FinishedPoint done = row_of(i, point_threads, previous);
        const std::lock_guard lock(mutex);
        finished.push_back(std::move(done));
      } catch (...) {
        const std::lock_guard lock(mutex);
        failed.emplace(i, std::current_exception());
        stop = true;
      }
      changed.notify_one();
    }
    const std::lock_guard lock(mutex);
    --running;
    changed.notify_one();
  };

  std::exception_ptr main_failed;  // the sink's, or starting a worker's
  {
    std::vector<std::jthread> workers;
    workers.reserve(side_by_side);
    try {
      // Worker w gets threads / side_by_side threads, the first (threads % side_by_side)
      // one more, so every thread has work while every worker has a point.
      for (std::size_t w = 0; w < side_by_side; ++w) {
        const auto share =
            static_cast<unsigned>(threads / side_by_side + (w < threads % side_by_side));
        const std::lock_guard lock(mutex);
        workers.emplace_back(work, share);
        ++running;
      }
    } catch (...) {
      main_failed = std::current_exception();
      stop = true;
    }
    // This thread hands rows on while the workers work.
    std::unique_lock lock(mutex);
    while (!main_failed) {
      changed.wait(lock, [&] { return !finished.empty() || running == 0; });
      while (!finished.empty() && !main_failed) {
        FinishedPoint done = std::move(finished.front());
        finished.pop_front();
        lock.unlock();
        try {
          sink(done);
        } catch (...) {
          main_failed = std::current_exception();
          stop = true;
        }
        lock.lock();
      }
      if (running == 0 && finished.empty()) break;
    }
  }  // joins the workers
  if (main_failed) std::rethrow_exception(main_failed);
  if (!failed.empty()) std::rethrow_exception(failed.begin()->second);
}

std::string stamp(const SweepSpec& spec, const SweepOptions& options, const EvaluateOptions& e) {
  std::uint64_t h = fnv1a64(spec.content);
  h = fnv1a64(read_text(spec.base_path), h);
  h = fnv1a64(fmt::format("{}|{}|{}|{}|{}/{}", e.seed, e.precision ? *e.precision : -1.0,
                          e.precision ? 0 : e.trials, static_cast<int>(options.format),
                          options.shard_index, options.shard_count),
              h);
  return fmt::format("# rushrisk sweep {:016x}", h);
}

void write_final(const std::string& out, const std::string& header,
                 const std::map<std::uint64_t, std::string>& rows) {
  const std::string tmp = out + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << header;
    for (const auto& [id, row] : rows) file << row;
    if (!file.flush()) throw IoError(fmt::format("{}: write failed", tmp));
  }
  std::filesystem::rename(tmp, out);
}

}  // namespace

std::uint64_t run_sweep(const SweepSpec& spec, const SweepOptions& options) {
  const SweepComm comm = SweepComm::world();
  const bool root = comm.rank == 0;
  EvaluateOptions e;
  e.seed = spec.seed;
  e.threads = options.threads;
  e.precision = options.precision ? options.precision
                : options.trials  ? std::nullopt
                                  : spec.precision;
  e.trials = options.trials.value_or(spec.trials.value_or(100'000));

  const std::vector<SweepPoint> points = sweep_points(spec);
  const SweepWriter writer(spec, options);
  const std::string header = options.format == SweepOptions::Format::csv ? writer.header() : "";
  // Rank 0 keeps the journal; finished points are known to every rank.
  std::map<std::uint64_t, std::string> rows;
  std::optional<Journal> journal;
  std::vector<std::uint64_t> finished;
  if (root && !options.out.empty()) {
    const std::string partial = options.out + ".partial";
    if (!options.resume && std::filesystem::exists(partial)) {
      throw InputError(Diagnostic{partial, 0, 0, "", "",
                                  "an unfinished sweep is here: --resume to continue it, or delete "
                                  "it"});
    }
    journal.emplace(partial, stamp(spec, options, e));
    if (options.resume) rows = journal->recover();
    journal->open(!options.resume || (rows.empty() && !std::filesystem::exists(partial)));
    for (const auto& [id, row] : rows) finished.push_back(id);
  } else if (root && comm.size == 1) {
    std::cout << header;
  }
  finished = comm.broadcast(std::move(finished));

  // This process's points: this shard's unfinished points, dealt round-robin over ranks.
  std::vector<const SweepPoint*> mine;
  std::uint64_t eligible = 0;
  for (const SweepPoint& p : points) {
    if (p.id % options.shard_count != options.shard_index) continue;
    if (std::binary_search(finished.begin(), finished.end(), p.id)) continue;
    if (eligible++ % static_cast<std::uint64_t>(comm.size) ==
        static_cast<std::uint64_t>(comm.rank)) {
      mine.push_back(&p);
    }
  }

  std::map<std::uint64_t, std::string> computed;
  RowCollector collector(comm);
  // Rank 0: rows of other ranks, journaled as they arrive.
  const auto take = [&](std::map<std::uint64_t, std::string> arrived) {
    for (auto& [id, row] : arrived) {
      if (journal) journal->append(row);
      rows.emplace(id, std::move(row));
    }
  };
  std::uint64_t trials_run = 0;
  const auto started = std::chrono::steady_clock::now();
  // Rows go to stdout in point order, so those finished ahead of an earlier one wait here.
  std::map<std::size_t, std::string> unprinted;
  std::size_t next_to_print = 0;
  const auto on_row = [&](const FinishedPoint& done) {
    const SweepPoint& point = *mine[done.index];
    const std::string& row = done.row;
    if (!root) {
      collector.send(point.id, row);
    } else {
      if (journal) journal->append(row);
      if (!journal && comm.size == 1) {
        unprinted.emplace(done.index, row);
        for (auto it = unprinted.begin(); it != unprinted.end() && it->first == next_to_print;
             it = unprinted.erase(it), ++next_to_print) {
          std::cout << it->second << std::flush;
        }
      }
      take(collector.arrived());
    }
    computed.emplace(point.id, row);
    trials_run += done.trials;
    if (options.progress && root) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const double per_point = seconds / static_cast<double>(computed.size());
      std::cerr << fmt::format("\r{} / {} points, {:.2f} M trials/s, ETA {:.0f} s   ",
                               computed.size(), mine.size(),
                               static_cast<double>(trials_run) / seconds / 1e6,
                               per_point * static_cast<double>(mine.size() - computed.size()))
                << std::flush;
    }
  };
  evaluate_points(spec, writer, e, mine, comm.calls_beside_threads, on_row);
  if (options.progress && root) std::cerr << "\n";

  // The output is sorted by point_id either way.
  if (!root) {
    collector.finish();
  } else {
    take(collector.rest());
    rows.insert(computed.begin(), computed.end());
    if (journal) {
      write_final(options.out, header, rows);
      journal.reset();
      std::filesystem::remove(options.out + ".partial");
    } else if (comm.size > 1) {
      std::cout << header;
      for (const auto& [id, row] : rows) std::cout << row;
      std::cout << std::flush;
    }
  }
  return computed.size();
}

}  // namespace rushrisk
