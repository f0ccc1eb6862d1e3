#include "error_line.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

#include <unistd.h>

#include <thespis/detail/last_words.hpp>

namespace thespis::cli {
namespace {

// Kept in static storage, so that the terminate handler needs no heap to print it.
char error_context[4096] = {};

void write_all(const char* text) {
  std::size_t size = std::strlen(text);
  while (size > 0) {
    const ssize_t wrote = write(STDERR_FILENO, text, size);
    if (wrote <= 0) return;
    text += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
}

void report(const char* message) {
  write_all("thespis: error: ");
  if (error_context[0] != '\0') {
    write_all(error_context);
    write_all(": ");
  }
  write_all(message);
  write_all("\n");
}

/// Reports the pending exception as the one error line, without allocating, and exits.
[[noreturn]] void on_terminate() noexcept { detail::report_last_words(report); }

}  // namespace

std::string describe(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
    return std::string("out of memory (") + e.what() + ")";
  }
  return e.what();
}

void print_error(const std::string& message) {
  std::string line = message;
  for (char& c : line) c = c == '\n' || c == '\r' ? ' ' : c;
  std::cerr << "thespis: error: " << line << std::endl;
}

void report_terminate_as_error() { std::set_terminate(on_terminate); }

void set_error_context(const std::string& context) {
  const std::size_t size = std::min(context.size(), sizeof error_context - 1);
  std::memcpy(error_context, context.data(), size);
  error_context[size] = '\0';
}

}  // namespace thespis::cli
