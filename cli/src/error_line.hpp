// How the command line reports what went wrong: one line on stderr, "thespis: error: ...", for
// every exception that reaches it (the library's Errors, and any std::exception such as
// std::bad_alloc), so that a user or a script sees the cause and exit code 2 instead of an abort.
//
// An exception can also end the process without reaching a catch: thrown by a destructor while
// another one unwinds (out of memory, a simulation that allocates as it shuts its actors down),
// which calls std::terminate. The terminate handler installed here reports that one as the same
// single line, written without allocating, and exits with code 2.
#pragma once

#include <exception>
#include <string>

namespace thespis::cli {

/// The exception's message for people: what() on one line; std::bad_alloc says it ran out of
/// memory.
std::string describe(const std::exception& e);

/// Writes "thespis: error: MESSAGE" as one line to stderr.
void print_error(const std::string& message);

/// From now on std::terminate prints "thespis: error: ..." (the pending exception's message)
/// and exits with code 2. (explore's workers install their own handler, which tells their
/// parent instead.)
void report_terminate_as_error();

/// What the command is working on ("the scenario file"), put before the message of an error
/// reported by the terminate handler; empty: nothing.
void set_error_context(const std::string& context);

}  // namespace thespis::cli
