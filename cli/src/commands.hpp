// The subcommands of `thespis`, each returning the process exit code.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/net/defaults.hpp>

namespace thespis::cli {

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::string trace;
  std::string trace_dir;  ///< where traces go (named by scenario::trace_file_name if no --trace)
  std::string base = "sim";
  bool quiet = false;
  std::string json;
  std::string max_time;  ///< as written; empty: scenario::default_max_time
};

struct ExploreArgs {
  std::string file;
  std::uint64_t seeds = 0;
  std::uint64_t first_seed = 1;
  int jobs = 1;
  std::string strategy = "random";
  std::string shard;
  std::string json;
  bool quiet = false;
  std::string max_time;
};

struct ShrinkArgs {
  std::string file;
  std::uint64_t seed = 0;
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
  std::string base = "tcp";
  std::uint16_t port = net::default_admin_port;
  std::vector<std::string> capabilities;
  std::string convention;
  std::uint64_t heartbeat_ms = 1000;
  int missed = 3;
  std::string secret_file;
  std::size_t max_frame_bytes = net::default_max_frame_bytes;
  std::size_t max_connections = net::default_max_connections;
  std::size_t max_queued_bytes = net::default_max_queued_bytes;
  std::uint64_t log_max_bytes = net::default_log_max_bytes;
  int log_files = net::default_log_files;
};

/// `thespis status` and `thespis shutdown`: which admin, and how to reach it.
struct ControlArgs {
  std::uint16_t port = net::default_admin_port;
  double timeout_s = 10;
  std::string secret_file;
};

int run_command(const RunArgs& args);
int node_command(const NodeArgs& args);
int status_command(const ControlArgs& args);
int shutdown_command(const ControlArgs& args);
int explore_command(const ExploreArgs& args);
int shrink_command(const ShrinkArgs& args);
int replay_command(const ReplayArgs& args);

/// The --max-time of a command: its value read, or scenario::default_max_time if not given.
std::chrono::nanoseconds max_time_option(const std::string& written);

}  // namespace thespis::cli
