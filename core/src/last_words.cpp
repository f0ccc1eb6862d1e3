#include <cstdio>
#include <exception>
#include <new>

#include <unistd.h>

#include <thespis/detail/last_words.hpp>

namespace thespis::detail {

void report_last_words(void (*report)(const char* message)) noexcept {
  std::fflush(stdout);
  if (const std::exception_ptr pending = std::current_exception()) {
    try {
      std::rethrow_exception(pending);
    } catch (const std::bad_alloc&) {
      report("out of memory (std::bad_alloc)");
    } catch (const std::exception& e) {
      report(e.what());  // while `e` lives
    } catch (...) {
      report("an unknown exception");
    }
  } else {
    report("terminated");
  }
  _exit(2);
}

}  // namespace thespis::detail
