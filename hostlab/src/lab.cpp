// How a Lab is made and unmade. Construction: under the subnet lock, the bridge claims a free
// /24 (its address is the claim other choosers see); then one `ip -batch` makes every namespace
// and veth pair, and one `ip -n <host> -batch` per host sets its addresses. Teardown runs the
// same steps backwards and ignores what fails: a name that is not there is already clean, and
// every name a Lab deletes is one that only it could have made (its pid, its claimed slot).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/hostlab/lab.hpp>

#include "command.hpp"
#include "firewall.hpp"
#include "names.hpp"
#include "netns.hpp"
#include "subnet.hpp"

extern char** environ;

namespace thespis::hostlab {

using namespace detail;
using Clock = std::chrono::steady_clock;

namespace {

std::atomic<unsigned> next_lab{0};
constexpr auto teardown_bound = std::chrono::seconds(3);
constexpr std::size_t max_hosts = 253;  // .2 to .254: .1 is the outside

struct Host {
  std::string name;
  std::string netns;
  std::string veth;  // the bridge's end, in this program's namespace
  std::string address;
  std::set<std::size_t> applied_blocks;  // hosts whose packets its table drops now
  bool down = false;
};

void check_names(const std::vector<std::string>& names) {
  if (names.empty()) throw HostLabError("a Lab needs at least one host");
  if (names.size() > max_hosts) {
    throw HostLabError("a Lab has at most " + std::to_string(max_hosts) + " hosts, not " +
                       std::to_string(names.size()));
  }
  std::set<std::string> seen;
  for (const std::string& name : names) {
    check_host_name(name);
    if (!seen.insert(name).second) throw HostLabError("host '" + name + "' is named twice");
  }
}

/// The program to exec: a path as given, a bare name looked up in PATH.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string candidate = std::string(rest.substr(0, colon)) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
  }
  return name;  // execve reports ENOENT
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

/// The child after fork(): only async-signal-safe calls until execve. Reports its errno on
/// `report` (closed by a successful exec) when it cannot become the program.
[[noreturn]] void become(int netns_fd, int report, const char* program, char** argv, char** envp) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  if (::setns(netns_fd, CLONE_NEWNET) == 0) ::execve(program, argv, envp);
  const int error = errno;
  [[maybe_unused]] const ssize_t written = ::write(report, &error, sizeof error);
  ::_exit(127);
}

/// Whether the interface is up with carrier and operational (IFF_RUNNING), as seen from the
/// namespace `probe` (an AF_INET socket) belongs to.
bool running(int probe, const std::string& interface) {
  ifreq request{};
  interface.copy(request.ifr_name, IFNAMSIZ - 1);
  return ::ioctl(probe, SIOCGIFFLAGS, &request) == 0 && (request.ifr_flags & IFF_RUNNING) != 0;
}

/// Whether the bridge forwards on this port (3: BR_STATE_FORWARDING).
bool forwarding(const std::string& veth) {
  std::ifstream state("/sys/class/net/" + veth + "/brport/state");
  int value = -1;
  state >> value;
  return value == 3;
}

void signal_all(const std::vector<pid_t>& pids, int signal) {
  for (pid_t pid : pids) ::kill(pid, signal);
}

}  // namespace

struct Lab::State {
  pid_t owner = ::getpid();
  unsigned lab = next_lab++;
  std::optional<Subnet> subnet;  // set once the bridge claimed it
  std::string bridge;
  std::string table = table_name(owner, lab);
  std::string outside;
  std::vector<std::string> names;
  std::vector<Host> hosts;
  std::set<std::pair<std::size_t, std::size_t>> blocks;  // (from, to)
  std::map<pid_t, std::size_t> children;                 // spawned and not yet reaped

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { teardown(); }

  std::size_t index(const std::string& host) const {
    auto it = std::find(names.begin(), names.end(), host);
    if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
    std::string known;
    for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
    throw HostLabError("no host '" + host + "' in this Lab (hosts: " + known + ")");
  }

  void make_bridge() {
    SubnetLock lock;
    const Subnet chosen = choose_free_subnet();
    subnet = chosen;  // from here on the bridge name is ours: teardown removes it
    bridge = bridge_name(chosen.slot);
    outside = chosen.address(1);
    run_checked({"ip", "-batch", "-"}, "link add name " + bridge + " type bridge\n" +
                                           "link set dev " + bridge + " alias " +
                                           link_alias(owner, lab) + " up\n" + "addr add " +
                                           outside + "/24 dev " + bridge + "\n");
  }

  void make_hosts() {
    std::string batch;
    for (std::size_t i = 0; i < names.size(); ++i) {
      Host& host = hosts.emplace_back(Host{.name = names[i],
                                           .netns = netns_name(owner, lab, names[i]),
                                           .veth = veth_name(subnet->slot, i),
                                           .address = subnet->address(static_cast<unsigned>(i + 2)),
                                           .applied_blocks = {},
                                           .down = false});
      batch += "netns add " + host.netns + "\n" + "link add name " + host.veth +
               " type veth peer name eth0 netns " + host.netns + "\n" + "link set dev " +
               host.veth + " master " + bridge + " alias " + link_alias(owner, lab) + " up\n";
    }
    run_checked({"ip", "-batch", "-"}, batch);
    for (const Host& host : hosts) {
      run_checked(
          {"ip", "-n", host.netns, "-batch", "-"},
          "link set dev lo up\naddr add " + host.address + "/24 dev eth0\nlink set dev eth0 up\n");
    }
    std::vector<Host*> all;
    for (Host& host : hosts) all.push_back(&host);
    wait_until_ready(all);
  }

  /// SIGKILLs what runs in the hosts and reaps what the Lab spawned there, within a bound.
  void kill_hosts(const std::set<std::size_t>& which) {
    for (std::size_t i : which) signal_all(pids_in_netns(hosts[i].netns), SIGKILL);
    const auto deadline = Clock::now() + teardown_bound;
    for (;;) {
      bool running = false;
      for (auto it = children.begin(); it != children.end();) {
        if (which.count(it->second) == 0) {
          ++it;
          continue;
        }
        const pid_t reaped = ::waitpid(it->first, nullptr, WNOHANG);
        it = reaped != 0 ? children.erase(it) : std::next(it);  // reaped, or not our child
        running = running || reaped == 0;
      }
      for (std::size_t i : which) {
        const std::vector<pid_t> left = pids_in_netns(hosts[i].netns);
        signal_all(left, SIGKILL);  // also what forked after the first round
        running = running || !left.empty();
      }
      if (!running || Clock::now() > deadline) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void teardown() noexcept {
    // A forked child that unwinds (a worker of an explore pool) holds a copy of the parent's
    // State: the hosts are the parent's to remove, not the child's.
    if (::getpid() != owner) return;
    try {
      std::set<std::size_t> all;
      for (std::size_t i = 0; i < hosts.size(); ++i) all.insert(i);
      kill_hosts(all);
      std::string batch;
      for (const Host& host : hosts) batch += "link del dev " + host.veth + "\n";
      if (subnet) batch += "link del dev " + bridge + "\n";
      for (const Host& host : hosts) batch += "netns del " + host.netns + "\n";
      if (!batch.empty()) run_command({"ip", "-force", "-batch", "-"}, batch);
    } catch (...) {
      // Nothing may escape a destructor; what is left is swept by the next run.
    }
  }

  /// Rewrites the table of every host whose set of blocked sources changed.
  void apply_blocks() {
    for (std::size_t to = 0; to < hosts.size(); ++to) {
      std::set<std::size_t> wanted;
      for (const auto& [from, blocked_to] : blocks) {
        if (blocked_to == to) wanted.insert(from);
      }
      Host& host = hosts[to];
      if (wanted == host.applied_blocks) continue;
      std::vector<std::string> sources;
      for (std::size_t from : wanted) sources.push_back(hosts[from].address);
      apply_ruleset(host.netns, drop_from_ruleset(table, sources));
      host.applied_blocks = std::move(wanted);
    }
  }

  void set_link(Host& host, bool up) {
    run_checked({"ip", "link", "set", "dev", host.veth, up ? "up" : "down"});
    host.down = !up;
    if (!up) return;
    wait_until_ready({&host});
    // Neighbours that tried to reach the host during the cut hold unresolved entries that
    // probe again only on their next one-second tick; forgetting them makes the next packet
    // resolve at once (as a real switch port coming back does not guarantee, but tests need).
    run_command({"ip", "neigh", "flush", "to", host.address});
    for (const Host& other : hosts) {
      run_command({"ip", "-n", other.netns, "neigh", "flush", "dev", "eth0"});
    }
  }

  /// A link set up carries nothing until the kernel's link watcher has seen its carrier (it
  /// runs at most once a second, later under load): until then the host's eth0 drops what it
  /// sends and the bridge port forwards nothing. Waits for both, so that a Lab made or a link
  /// brought up is usable at once.
  void wait_until_ready(const std::vector<Host*>& which) const {
    std::vector<int> probes;
    for (const Host* host : which) {
      run_in_netns(host->netns,
                   [&] { probes.push_back(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)); });
    }
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::optional<std::string> late;
    for (;;) {
      late.reset();
      for (std::size_t i = 0; i < which.size() && !late; ++i) {
        const bool bridged = forwarding(which[i]->veth);
        const bool carried = running(probes[i], "eth0");
        if (!bridged || !carried) {
          late = which[i]->name + "' did not come up within 10 s (bridge port " + which[i]->veth +
                 (bridged ? " forwarding" : " not forwarding") + ", eth0 " +
                 (carried ? "running" : "not running") + ")";
        }
      }
      if (!late || Clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (int probe : probes) ::close(probe);
    if (late) throw HostLabError("the link of host '" + *late);
  }
};

Lab::Lab(std::vector<std::string> host_names) : state_(std::make_unique<State>()) {
  check_names(host_names);
  state_->names = std::move(host_names);
  try {
    state_->make_bridge();
    state_->make_hosts();
  } catch (...) {
    state_.reset();  // removes what was made
    throw;
  }
}

Lab::~Lab() = default;
Lab::Lab(Lab&& other) noexcept = default;
Lab& Lab::operator=(Lab&& other) noexcept = default;

const std::vector<std::string>& Lab::hosts() const { return state_->names; }

const std::string& Lab::address(const std::string& host) const {
  return state_->hosts[state_->index(host)].address;
}

const std::string& Lab::outside_address() const { return state_->outside; }

const std::string& Lab::netns(const std::string& host) const {
  return state_->hosts[state_->index(host)].netns;
}

std::string Lab::subnet() const { return state_->subnet->network(); }

pid_t Lab::spawn(const std::string& host, const std::vector<std::string>& argv,
                 const std::optional<std::vector<std::string>>& env) {
  const std::size_t i = state_->index(host);
  if (argv.empty()) throw HostLabError("spawn in host '" + host + "': argv is empty");
  const std::string program = resolve_program(argv[0]);
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> envp = env ? c_strings(*env) : std::vector<char*>{};
  const int netns_fd = open_netns(state_->hosts[i].netns);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    ::close(netns_fd);
    throw HostLabError(std::string("spawn: pipe2: ") + std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid == 0)
    become(netns_fd, report[1], program.c_str(), args.data(), env ? envp.data() : environ);
  const int fork_error = errno;
  ::close(netns_fd);
  ::close(report[1]);
  int child_error = 0;
  const bool failed = pid > 0 && ::read(report[0], &child_error, sizeof child_error) ==
                                     static_cast<ssize_t>(sizeof child_error);
  ::close(report[0]);
  if (pid < 0) throw HostLabError(std::string("spawn: fork: ") + std::strerror(fork_error));
  if (failed) {
    ::waitpid(pid, nullptr, 0);
    throw HostLabError("cannot start " + argv[0] + " in host '" + host +
                       "': " + std::strerror(child_error));
  }
  state_->children[pid] = i;
  return pid;
}

std::vector<pid_t> Lab::pids(const std::string& host) const { return pids_in_netns(netns(host)); }

std::optional<int> Lab::wait(pid_t pid, std::chrono::milliseconds timeout) {
  if (state_->children.count(pid) == 0) {
    throw HostLabError("process " + std::to_string(pid) +
                       " was not spawned by this Lab or was reaped already");
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t reaped = ::waitpid(pid, &status, WNOHANG);
    if (reaped == pid) {
      state_->children.erase(pid);
      return status;
    }
    if (reaped < 0 && errno != EINTR) {
      state_->children.erase(pid);
      throw HostLabError("waitpid(" + std::to_string(pid) + "): " + std::strerror(errno));
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Lab::kill_all(const std::string& host) { state_->kill_hosts({state_->index(host)}); }

void Lab::pause_host(const std::string& host) { signal_all(pids(host), SIGSTOP); }

void Lab::resume_host(const std::string& host) { signal_all(pids(host), SIGCONT); }

void Lab::run_in_host(const std::string& host, const std::function<void()>& fn) const {
  run_in_netns(netns(host), fn);
}

void Lab::block(const std::string& from, const std::string& to) {
  state_->blocks.insert({state_->index(from), state_->index(to)});
  state_->apply_blocks();
}

void Lab::unblock(const std::string& from, const std::string& to) {
  state_->blocks.erase({state_->index(from), state_->index(to)});
  state_->apply_blocks();
}

void Lab::partition(const std::vector<std::vector<std::string>>& groups) {
  std::vector<std::size_t> group(state_->hosts.size(), groups.size());  // unnamed: one more
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const std::string& host : groups[g]) {
      std::size_t& slot = group[state_->index(host)];
      if (slot != groups.size()) throw HostLabError("host '" + host + "' is in two groups");
      slot = g;
    }
  }
  state_->blocks.clear();
  for (std::size_t a = 0; a < group.size(); ++a) {
    for (std::size_t b = 0; b < group.size(); ++b) {
      if (group[a] != group[b]) state_->blocks.insert({a, b});
    }
  }
  state_->apply_blocks();
}

void Lab::heal() {
  state_->blocks.clear();
  state_->apply_blocks();
  for (Host& host : state_->hosts) {
    if (host.down) state_->set_link(host, true);
  }
}

void Lab::link_down(const std::string& host) {
  state_->set_link(state_->hosts[state_->index(host)], false);
}

void Lab::link_up(const std::string& host) {
  state_->set_link(state_->hosts[state_->index(host)], true);
}

}  // namespace thespis::hostlab
