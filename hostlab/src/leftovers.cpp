#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <unistd.h>

#include <thespis/hostlab/error.hpp>
#include <thespis/hostlab/leftovers.hpp>

#include "command.hpp"
#include "firewall.hpp"
#include "names.hpp"
#include "netns.hpp"

namespace thespis::hostlab {

using namespace detail;

namespace {

/// One thing a Lab makes, with its owner (nullopt: the name has the prefix but no owner).
struct Thing {
  std::string description;
  std::optional<pid_t> owner;
  std::function<void()> remove;
};

std::string read_first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

void find_namespaces(std::vector<Thing>& things) {
  for (const std::string& name : list_netns()) {
    if (!name.starts_with(netns_prefix)) continue;
    things.push_back({"netns " + name, netns_owner(name), [name] {
                        for (pid_t pid : pids_in_netns(name)) ::kill(pid, SIGKILL);
                        run_command({"ip", "netns", "del", name});
                      }});
  }
}

void find_links(std::vector<Thing>& things) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net", error)) {
    const std::string name = entry.path().filename().string();
    if (!is_lab_link(name)) continue;
    const std::string alias = read_first_line(entry.path() / "ifalias");
    things.push_back({"link " + name + " (" + alias + ")", alias_owner(alias), [name] {
                        run_command({"ip", "link", "del", "dev", name});
                      }});
  }
}

/// Tables in this namespace (a Lab's tables live in its hosts' namespaces and go with them, so
/// one here is a leftover of something else that used the prefix).
void find_tables(std::vector<Thing>& things) {
  if (::geteuid() != 0 || !in_path("nft")) return;
  std::istringstream lines(run_command({"nft", "list", "tables"}).out);
  for (std::string word, family, name; lines >> word >> family >> name;) {
    if (word != "table" || !name.starts_with(table_prefix)) continue;
    things.push_back({"nft table " + family + " " + name, table_owner(name), [family, name] {
                        run_command({"nft", "delete", "table", family, name});
                      }});
  }
}

/// Links first, veths before bridges: deleting a veth is synchronous, while a deleted
/// namespace takes its veth with it only later (asynchronously), and a slot whose bridge is gone
/// looks free to the next Lab.
std::vector<Thing> find_all() {
  std::vector<Thing> things;
  find_links(things);
  std::stable_partition(things.begin(), things.end(), [](const Thing& thing) {
    return thing.description.starts_with("link " + std::string(veth_prefix));
  });
  find_namespaces(things);
  find_tables(things);
  return things;
}

std::optional<std::string> probe() {
  if (::geteuid() != 0) {
    return "network namespaces need root (this program runs as uid " + std::to_string(::geteuid()) +
           ")";
  }
  if (!in_path("ip")) return "`ip` is not installed (Debian package iproute2)";
  if (!in_path("nft")) return "`nft` is not installed (Debian package nftables)";
  const pid_t pid = ::getpid();
  const std::string netns = std::string(netns_prefix) + std::to_string(pid) + "-probe";
  const std::string veth = std::string(veth_prefix) + std::to_string(pid) + "p";
  std::optional<std::string> reason;
  try {
    run_checked({"ip", "netns", "add", netns});
    run_checked({"ip", "link", "add", "name", veth, "type", "veth", "peer", "name", "eth0", "netns",
                 netns});
    apply_ruleset(netns,
                  drop_from_ruleset(std::string(table_prefix) + std::to_string(pid) + "_probe",
                                    {"10.0.0.1"}));
  } catch (const Error& e) {
    reason = std::string("this machine cannot make a Lab: ") + e.what();
  }
  run_command({"ip", "link", "del", "dev", veth});
  run_command({"ip", "netns", "del", netns});
  return reason;
}

}  // namespace

std::optional<std::string> unavailable_reason() {
  static const std::optional<std::string> reason = [] {
    try {
      return probe();
    } catch (const std::exception& e) {
      return std::optional<std::string>(std::string("this machine cannot make a Lab: ") + e.what());
    }
  }();
  return reason;
}

std::vector<std::string> leftovers(std::optional<pid_t> owner) {
  std::vector<std::string> found;
  for (const Thing& thing : find_all()) {
    if (!owner || thing.owner == owner) found.push_back(thing.description);
  }
  return found;
}

std::vector<std::string> sweep_leftovers() {
  std::vector<std::string> removed;
  try {
    for (const Thing& thing : find_all()) {
      if (!thing.owner || pid_alive(*thing.owner)) continue;
      thing.remove();
      removed.push_back(thing.description);
    }
  } catch (...) {
    // Sweeping is best effort: what stays is reported by leftovers().
  }
  return removed;
}

}  // namespace thespis::hostlab
