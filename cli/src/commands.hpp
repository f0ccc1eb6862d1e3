// The subcommands of `thespis`, each returning the process exit code.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/defaults.hpp>

namespace thespis::scenario {
struct Scenario;
struct TraceRecord;
}  // namespace thespis::scenario
namespace thespis::sim {
class Strategy;
}

namespace thespis::cli {

/// --strategy, --pct-depth, --pct-steps: the same flags on explore, run and shrink, so that a
/// seed explored under a strategy runs and shrinks under it again.
struct StrategyArgs {
  std::string name = "random";
  std::optional<int> pct_depth;
  std::optional<std::uint64_t> pct_steps;  ///< none: estimated from the scenario's calm run
};

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  StrategyArgs strategy;
  std::string trace;
  std::string trace_dir;  ///< where traces go (named by scenario::trace_file_name if no --trace)
  std::string base = "sim";
  bool quiet = false;
  std::string json;
  std::string max_time;           ///< as written; empty: scenario::default_max_time
  std::vector<std::string> load;  ///< shared libraries of apps and actor types, loaded first
  std::string html;               ///< where to draw the run's trace as a page; empty: nowhere
};

/// `thespis view`: a recorded trace drawn as a page, or exported for other viewers.
struct ViewArgs {
  std::string trace;
  std::string output;
  std::string format = "html";  ///< "html" or "chrome" (Trace Event format)
};

struct ExploreArgs {
  std::string file;
  std::uint64_t seeds = 0;
  std::uint64_t first_seed = 1;
  int jobs = 1;
  StrategyArgs strategy;
  /// Where each failing seed's run record goes ("" after --no-save-failures).
  std::string save_failures = "thespis-failures";
  bool no_save_failures = false;
  std::string shard;
  std::string json;
  bool quiet = false;
  std::string max_time;
};

struct ShrinkArgs {
  std::string file;
  std::uint64_t seed = 0;
  StrategyArgs strategy;
  std::string output;
  std::size_t max_runs = 3000;
  std::string json;
  std::string max_time;
};

struct ReplayArgs {
  std::string record;
  std::string json;
  bool quiet = false;
  std::string max_time;
};

struct NodeArgs {
  std::string base = "tcp";  ///< "tcp" or "udp": what carries actor messages
  std::uint16_t port = 0;    ///< 0: the base's default (default_port())
  std::vector<std::string> capabilities;
  std::vector<std::string> conventions;  ///< potential leaders, in order
  std::string bind;
  std::string advertise;
  std::uint64_t heartbeat_ms = 1000;
  int missed = 3;
  std::string secret_file;
  std::size_t max_frame_bytes = net::default_max_frame_bytes;
  std::size_t max_connections = net::default_max_connections;
  std::size_t max_queued_bytes = net::default_max_queued_bytes;
  std::uint64_t log_max_bytes = net::default_log_max_bytes;
  int log_files = net::default_log_files;
  std::vector<std::string> load;         ///< shared libraries of actor types, loaded first
  std::size_t receive_buffer_bytes = 0;  ///< udp: each process's socket; 0: the base's default
};

/// `thespis status` and `thespis shutdown`: which admin, and how to reach it.
struct ControlArgs {
  std::string host = "127.0.0.1";
  /// Only chooses the default port: an admin is asked over TCP whatever its base.
  std::string base = "tcp";
  std::uint16_t port = 0;  ///< 0: the default port of `base`
  double timeout_s = 10;
  std::string secret_file;
  std::string actor;  ///< status: "@system.local" of one actor, whose runtime reports on it
};

/// `thespis logs`: which admin, and which of its records.
struct LogsArgs {
  ControlArgs admin;
  std::string level = "debug";  ///< the lowest level shown
  bool follow = false;
  std::uint64_t tail = 0;  ///< of the kept records, only the latest N (0: all)
};

/// `thespis why`: the recorded trace, and the event to explain (default: the violation).
struct WhyArgs {
  std::string trace;
  std::optional<std::uint64_t> event;
};

/// The admin port of the base named "tcp" or "udp" when --port is not given (1900 or 1029).
std::uint16_t default_port(const std::string& base);
/// The admin port and how to reach it, as the options of a control command say.
std::uint16_t control_port(const ControlArgs& args);
net::ControlOptions control_options(const ControlArgs& args);

int run_command(const RunArgs& args);
int node_command(const NodeArgs& args);
int status_command(const ControlArgs& args);
int shutdown_command(const ControlArgs& args);
int logs_command(const LogsArgs& args);
int explore_command(const ExploreArgs& args);
int shrink_command(const ShrinkArgs& args);
int replay_command(const ReplayArgs& args);
/// Exit code 0 with the chain; 1 when the trace has no violation and no --event was given.
int why_command(const WhyArgs& args);
int view_command(const ViewArgs& args);

/// Draws `trace` as a page at `path`, its violation's causal chain highlighted; `actor_names`
/// ("@1.2" -> "store") name the lanes.
void write_html_file(const std::vector<scenario::TraceRecord>& trace, const std::string& title,
                     const std::string& path, std::map<std::string, std::string> actor_names = {});

/// The --max-time of a command: its value read, or scenario::default_max_time if not given.
std::chrono::nanoseconds max_time_option(const std::string& written);

/// The strategy the flags name for `scenario`: PCT's step count, when not given, is the
/// scheduling steps of the scenario's calm run (scenario::estimate_pct_steps). Throws Error for
/// a PCT parameter given to another strategy.
std::unique_ptr<sim::Strategy> strategy_option(const StrategyArgs& args,
                                               const scenario::Scenario& scenario,
                                               std::chrono::nanoseconds max_time);

}  // namespace thespis::cli
