#include "subnet.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <thespis/hostlab/error.hpp>

#include "command.hpp"
#include "names.hpp"

namespace thespis::hostlab::detail {
namespace {

std::uint32_t mask(unsigned length) { return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length); }

bool overlap(const Prefix& a, const Prefix& b) {
  const std::uint32_t common = mask(std::min(a.length, b.length));
  return (a.network & common) == (b.network & common);
}

bool is_route_type(const std::string& word) {
  for (const char* type : {"unicast", "local", "broadcast", "multicast", "anycast", "unreachable",
                           "blackhole", "prohibit", "throw", "nat"}) {
    if (word == type) return true;
  }
  return false;
}

}  // namespace

std::string Subnet::network() const { return address(0) + "/24"; }

std::string Subnet::address(unsigned octet) const {
  return "10." + std::to_string(200 + slot / 256) + "." + std::to_string(slot % 256) + "." +
         std::to_string(octet);
}

std::optional<Prefix> parse_prefix(const std::string& text) {
  unsigned a = 0, b = 0, c = 0, d = 0, length = 32;
  char tail = 0;
  const int read = std::sscanf(text.c_str(), "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &length, &tail);
  if (read != 4 && read != 5) return std::nullopt;
  if (a > 255 || b > 255 || c > 255 || d > 255 || length > 32) return std::nullopt;
  return Prefix{.network = (a << 24) | (b << 16) | (c << 8) | d, .length = length};
}

std::vector<Prefix> prefixes_of(const std::string& addr_output, const std::string& route_output) {
  std::vector<Prefix> prefixes;
  std::istringstream addrs(addr_output);
  for (std::string line; std::getline(addrs, line);) {
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      if (word != "inet" || !(words >> word)) continue;
      if (auto prefix = parse_prefix(word)) prefixes.push_back(*prefix);
    }
  }
  std::istringstream routes(route_output);
  for (std::string line; std::getline(routes, line);) {
    std::istringstream words(line);
    std::string destination;
    words >> destination;
    if (is_route_type(destination)) words >> destination;
    if (auto prefix = parse_prefix(destination)) prefixes.push_back(*prefix);
  }
  return prefixes;
}

std::optional<unsigned> first_free_slot(const std::vector<Prefix>& used,
                                        const std::function<bool(unsigned)>& taken) {
  for (unsigned slot = 0; slot < subnet_slots; ++slot) {
    const Prefix candidate = *parse_prefix(Subnet{slot}.network());
    bool free = !taken(slot);
    for (const Prefix& prefix : used) free = free && !overlap(candidate, prefix);
    if (free) return slot;
  }
  return std::nullopt;
}

SubnetLock::SubnetLock() {
  const char* path = ::access("/run/lock", W_OK) == 0 ? "/run/lock/thespis-hostlab.lock"
                                                      : "/tmp/thespis-hostlab.lock";
  fd_ = ::open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw HostLabError(std::string("cannot open ") + path + ": " + std::strerror(errno));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      ::close(fd_);
      throw HostLabError(std::string("cannot lock ") + path + ": " + std::strerror(errno));
    }
  }
}

SubnetLock::~SubnetLock() { ::close(fd_); }  // closing releases the lock

Subnet choose_free_subnet() {
  const std::vector<Prefix> used =
      prefixes_of(run_checked({"ip", "-4", "-o", "addr", "show"}),
                  run_checked({"ip", "-4", "route", "show", "table", "all"}));
  // A slot whose links exist is taken even without an address: a bridge being made, or a veth
  // whose namespace is being destroyed (the kernel removes those asynchronously).
  std::set<unsigned> linked;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net", error)) {
    if (auto slot = link_slot(entry.path().filename().string())) linked.insert(*slot);
  }
  const auto taken = [&](unsigned slot) { return linked.count(slot) != 0; };
  const std::optional<unsigned> slot = first_free_slot(used, taken);
  if (!slot) throw HostLabError("no free /24 left in 10.200.0.0-10.254.255.255 for a Lab");
  return Subnet{*slot};
}

}  // namespace thespis::hostlab::detail
