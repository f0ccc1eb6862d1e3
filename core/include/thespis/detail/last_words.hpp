// Last words of a process that std::terminate ends: the pending exception described without
// allocating (the heap may be what failed) and handed to a reporter that must not allocate
// either, then _exit(2). The command line uses it for its one error line; explore's worker
// processes use it to tell their parent why they died.
#pragma once

namespace thespis::detail {

/// Flushes stdout, calls `report` once with a description of the exception being handled
/// ("out of memory (std::bad_alloc)", its what(), "an unknown exception") or "terminated" when
/// there is none, and ends the process with code 2. Call it from a std::terminate handler.
[[noreturn]] void report_last_words(void (*report)(const char* message)) noexcept;

}  // namespace thespis::detail
