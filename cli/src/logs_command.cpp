// thespis logs: the merged log of an admin (its actors' lines; on a convention leader also the
// warnings and errors of every member's actors), and with --follow each new line as it comes.
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/net/log_record.hpp>

#include "commands.hpp"
#include "interrupt.hpp"

namespace thespis::cli {
namespace {

LogLevel level_named(const std::string& name) {
  for (const LogLevel level :
       {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error}) {
    if (name == to_string(level)) return level;
  }
  throw Error("--level must be debug, info, warning or error, got '" + name + "'");
}

}  // namespace

int logs_command(const LogsArgs& args) {
  net::LogsRequest request{
      .minimum = level_named(args.level), .tail = args.tail, .follow = args.follow};
  const InterruptWatch interrupt;
  request.keep_following = [&] { return !interrupt.interrupted(); };
  request.on_missed = [](std::uint64_t missed) {
    std::cout << "(" << missed << " lines skipped: this reader was too slow)\n";
  };
  net::admin_logs(
      control_port(args.admin), request,
      [](const net::LogRecord& record) { std::cout << net::log_line(record) << '\n'; },
      control_options(args.admin));
  std::cout.flush();
  return interrupt.interrupted() ? interrupted_exit_code : 0;
}

}  // namespace thespis::cli
