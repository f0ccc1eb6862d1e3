// The files the tcp base trusts: the per-user runtime folder, the secret of a convention with
// its challenge–response, and the admin's log. Each test works in a folder of its own (mkdtemp),
// removed when the test ends however it ends; nothing touches /tmp/thespis-UID.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/net/log_file.hpp>
#include <thespis/net/runtime_dir.hpp>
#include <thespis/net/secret.hpp>

namespace thespis::net {
namespace {

namespace fs = std::filesystem;

// --- helpers -------------------------------------------------------------------------------

/// A fresh folder (mode 0700, from mkdtemp) removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "thespis-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// Sets an environment variable for the scope, restoring what it was.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// The message of the TransportError `call` throws; a test failure if it throws none.
template <class Call>
std::string transport_error_of(Call call) {
  try {
    call();
  } catch (const TransportError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a TransportError";
  return {};
}

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const fs::path& path, const std::string& text, unsigned mode) {
  std::ofstream(path, std::ios::binary) << text;
  fs::permissions(path, static_cast<fs::perms>(mode));
}

std::string uid_folder() { return "thespis-" + std::to_string(geteuid()); }

// --- the runtime folder --------------------------------------------------------------------

TEST(TrustFilesRuntimeDir, IsCreatedWithMode0700) {
  const TempDir base;
  const mode_t old_umask = umask(0);  // even a permissive umask gives 0700
  const fs::path dir = runtime_dir_under(base.path());
  umask(old_umask);
  EXPECT_EQ(dir, base / uid_folder());
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(runtime_dir_under(base.path()), dir) << "an existing private folder is reused";
}

TEST(TrustFilesRuntimeDir, OpenToGroupOrOthersIsRefusedAndLeftAlone) {
  const TempDir base;
  const fs::path dir = base / uid_folder();
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
  const std::string error = transport_error_of([&] { runtime_dir_under(base.path()); });
  EXPECT_NE(error.find(dir.string()), std::string::npos) << error;
  EXPECT_NE(error.find("mode 0755"), std::string::npos) << error;
  EXPECT_EQ(mode_of(dir), 0755u) << "a folder it did not create is never chmod-ed";
}

TEST(TrustFilesRuntimeDir, SymlinkIsRefused) {
  const TempDir base;
  const fs::path target = base / "elsewhere";
  ASSERT_EQ(mkdir(target.c_str(), 0700), 0);
  const fs::path dir = base / uid_folder();
  fs::create_directory_symlink(target, dir);
  const std::string error = transport_error_of([&] { runtime_dir_under(base.path()); });
  EXPECT_NE(error.find(dir.string()), std::string::npos) << error;
  EXPECT_NE(error.find("symlink"), std::string::npos) << error;
}

TEST(TrustFilesRuntimeDir, FileInItsPlaceIsRefused) {
  const TempDir base;
  write_text(base / uid_folder(), "", 0600);
  const std::string error = transport_error_of([&] { runtime_dir_under(base.path()); });
  EXPECT_NE(error.find("is not a directory"), std::string::npos) << error;
}

TEST(TrustFilesRuntimeDir, UsesAPrivateXdgRuntimeDir) {
  const TempDir xdg;  // mkdtemp makes it 0700 and ours, as systemd's /run/user/UID
  const ScopedEnv env("XDG_RUNTIME_DIR", xdg.path().string());
  const fs::path dir = runtime_dir();
  EXPECT_EQ(dir, xdg / "thespis");
  EXPECT_EQ(mode_of(dir), 0700u);
}

// --- the secret ----------------------------------------------------------------------------

TEST(TrustFilesSecret, IsCreatedOnceAndLoadsTheSame) {
  const TempDir dir;
  const fs::path file = dir / "secret";
  const Secret first = Secret::load_or_create(file);
  const std::string text = read_text(file);
  EXPECT_EQ(mode_of(file), 0600u);
  ASSERT_EQ(text.size(), 65u) << "32 random bytes as hex and a newline";
  EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), 64u);
  EXPECT_EQ(Secret::load_or_create(file).key(), first.key());
  EXPECT_EQ(Secret::load(file.string()).key(), first.key());
  EXPECT_EQ(Secret::from_text(text).key(), first.key());
  EXPECT_EQ(read_text(file), text) << "a second load does not rewrite it";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1)
      << "no temporary file is left behind";
}

TEST(TrustFilesSecret, DefaultLivesInTheRuntimeDir) {
  const TempDir xdg;
  const ScopedEnv env("XDG_RUNTIME_DIR", xdg.path().string());
  const Secret first = Secret::load();
  EXPECT_EQ(mode_of(xdg / "thespis/secret"), 0600u);
  EXPECT_EQ(Secret::load().key(), first.key());
}

TEST(TrustFilesSecret, ProcessesRacingToCreateItAgreeOnOne) {
  constexpr int rounds = 20;
  constexpr int racers = 6;
  const TempDir dir;
  for (int round = 0; round < rounds; ++round) {
    const fs::path file = dir / ("secret" + std::to_string(round));
    int start[2];
    ASSERT_EQ(pipe(start), 0);
    std::vector<std::pair<pid_t, int>> children;  // pid, read end of its result pipe
    for (int i = 0; i < racers; ++i) {
      int result[2];
      ASSERT_EQ(pipe(result), 0);
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        close(start[1]);
        char go;
        (void)!read(start[0], &go, 1);  // all start at once: when the parent closes the pipe
        try {
          const Secret secret = Secret::load_or_create(file);
          (void)!write(result[1], secret.key().data(), secret.key().size());
          _exit(0);
        } catch (...) {
          _exit(1);
        }
      }
      close(result[1]);
      children.emplace_back(pid, result[0]);
    }
    close(start[0]);
    close(start[1]);
    std::vector<Secret::Key> keys;
    for (const auto& [pid, fd] : children) {
      Secret::Key key{};
      EXPECT_EQ(read(fd, key.data(), key.size()), static_cast<ssize_t>(key.size()));
      close(fd);
      int status = 0;
      waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "racer " << pid;
      keys.push_back(key);
    }
    const Secret::Key on_disk = Secret::load(file.string()).key();
    for (const auto& key : keys) EXPECT_EQ(key, on_disk) << "round " << round;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), rounds)
      << "one secret per round and no temporary file left behind";
}

TEST(TrustFilesSecret, FileReadableByOthersIsRefusedNamingTheMode) {
  const TempDir dir;
  const fs::path file = dir / "shared-secret";
  write_text(file, "correct horse battery staple\n", 0644);
  const std::string error = transport_error_of([&] { Secret::load(file.string()); });
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("readable"), std::string::npos) << error;
  EXPECT_NE(error.find("mode 0644"), std::string::npos) << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(Secret::load(file.string()).key(),
            Secret::from_text("correct horse battery staple").key());
}

TEST(TrustFilesSecret, FileWritableByGroupIsRefused) {
  const TempDir dir;
  const fs::path file = dir / "secret";
  write_text(file, "s3cret", 0620);
  const std::string error = transport_error_of([&] { Secret::load(file.string()); });
  EXPECT_NE(error.find("writable by group (mode 0620)"), std::string::npos) << error;
}

TEST(TrustFilesSecret, SymlinkedFileIsRefused) {
  const TempDir dir;
  const fs::path real = dir / "real";
  write_text(real, "s3cret", 0600);
  const fs::path link = dir / "secret";
  fs::create_symlink(real, link);
  const std::string error = transport_error_of([&] { Secret::load(link.string()); });
  EXPECT_NE(error.find(link.string()), std::string::npos) << error;
  EXPECT_NE(error.find("symlink"), std::string::npos) << error;
  EXPECT_NE(transport_error_of([&] { Secret::load_or_create(link); }).find("symlink"),
            std::string::npos);
}

TEST(TrustFilesSecret, DanglingSymlinkIsNotFollowedToCreateOne) {
  const TempDir dir;
  const fs::path planted = dir / "planted";
  fs::create_symlink(dir / "where-the-attacker-reads", planted);
  const std::string error = transport_error_of([&] { Secret::load_or_create(planted); });
  EXPECT_NE(error.find("symlink"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir / "where-the-attacker-reads"));
}

TEST(TrustFilesSecret, EmptyOversizedOrWhitespaceFileIsRefused) {
  const TempDir dir;
  const fs::path file = dir / "secret";
  write_text(file, "", 0600);
  EXPECT_NE(transport_error_of([&] { Secret::load(file.string()); }).find("is empty"),
            std::string::npos);
  write_text(file, " \n\t\n", 0600);
  EXPECT_NE(transport_error_of([&] { Secret::load(file.string()); }).find("only whitespace"),
            std::string::npos);
  write_text(file, std::string(4097, 'x'), 0600);
  EXPECT_NE(transport_error_of([&] { Secret::load(file.string()); }).find("larger than 4096"),
            std::string::npos);
  write_text(file, std::string(4096, 'x'), 0600);
  EXPECT_EQ(Secret::load(file.string()).key(), Secret::from_text(std::string(4096, 'x')).key());
}

TEST(TrustFilesSecret, DirectoryOrFifoIsRefusedWithoutHanging) {
  const TempDir dir;
  const fs::path folder = dir / "folder";
  ASSERT_EQ(mkdir(folder.c_str(), 0700), 0);
  EXPECT_NE(transport_error_of([&] { Secret::load(folder.string()); }).find("not a regular file"),
            std::string::npos);
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(transport_error_of([&] { Secret::load(fifo.string()); }).find("not a regular file"),
            std::string::npos);
}

TEST(TrustFilesSecret, MissingNamedFileIsAnErrorNotCreated) {
  const TempDir dir;
  const fs::path file = dir / "typo";
  const std::string error = transport_error_of([&] { Secret::load(file.string()); });
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(file));
}

TEST(TrustFilesSecret, TrailingWhitespaceDoesNotChangeTheKey) {
  EXPECT_EQ(Secret::from_text("abc\n").key(), Secret::from_text("abc").key());
  EXPECT_EQ(Secret::from_text("abc \r\n").key(), Secret::from_text("abc").key());
  EXPECT_NE(Secret::from_text("abd").key(), Secret::from_text("abc").key());
  EXPECT_NE(Secret::from_text(" abc").key(), Secret::from_text("abc").key());
  EXPECT_FALSE(transport_error_of([] { Secret::from_text(" \n"); }).empty());
}

TEST(TrustFilesSecret, FingerprintTellsSecretsApartWithoutTheKey) {
  const Secret a = Secret::from_text("alpha");
  const std::string fingerprint = a.fingerprint();
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(Secret::from_text("alpha\n").fingerprint(), fingerprint);
  EXPECT_NE(Secret::from_text("beta").fingerprint(), fingerprint);
  static constexpr char hex[] = "0123456789abcdef";
  std::string key_hex;
  for (const unsigned char byte : a.key()) {
    key_hex += hex[byte >> 4];
    key_hex += hex[byte & 0xf];
  }
  EXPECT_EQ(key_hex.find(fingerprint.substr(0, 8)), std::string::npos)
      << "the fingerprint is not a piece of the key";
}

// --- the challenge–response ----------------------------------------------------------------

TEST(TrustFilesAuth, TheRightSecretVerifiesBothWays) {
  const Secret secret = Secret::from_text("convention secret");
  const Nonce server_nonce = make_nonce();
  const Nonce client_nonce = make_nonce();
  EXPECT_NE(server_nonce, client_nonce);
  const Proof client = prove(secret, AuthRole::client, server_nonce, client_nonce);
  const Proof server = prove(secret, AuthRole::server, server_nonce, client_nonce);
  EXPECT_TRUE(verify(secret, AuthRole::client, server_nonce, client_nonce, client));
  EXPECT_TRUE(verify(Secret::from_text("convention secret\n"), AuthRole::server, server_nonce,
                     client_nonce, server));
  EXPECT_NE(client, server) << "the roles' labels differ";
}

TEST(TrustFilesAuth, WrongSecretRoleNoncesOrProofDoNotVerify) {
  const Secret secret = Secret::from_text("convention secret");
  const Nonce server_nonce = make_nonce();
  const Nonce client_nonce = make_nonce();
  const Proof proof = prove(secret, AuthRole::client, server_nonce, client_nonce);
  EXPECT_FALSE(verify(Secret::from_text("another secret"), AuthRole::client, server_nonce,
                      client_nonce, proof))
      << "wrong secret";
  EXPECT_FALSE(verify(secret, AuthRole::server, server_nonce, client_nonce, proof))
      << "a client's proof reflected as the server's";
  EXPECT_FALSE(verify(secret, AuthRole::client, client_nonce, server_nonce, proof))
      << "nonces swapped";
  EXPECT_FALSE(verify(secret, AuthRole::client, make_nonce(), client_nonce, proof))
      << "replayed on another connection";
  Proof tampered = proof;
  tampered[7] ^= 1;
  EXPECT_FALSE(verify(secret, AuthRole::client, server_nonce, client_nonce, tampered));
}

// --- the log -------------------------------------------------------------------------------

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(TrustFilesLog, EscapingIsUnambiguous) {
  EXPECT_EQ(escape_log_text("plain text, é"), "plain text, é");
  EXPECT_EQ(escape_log_text("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(escape_log_text(std::string_view("\x00\x1b\x7f", 3)), "\\x00\\x1b\\x7f");
  EXPECT_EQ(escape_log_text("back\\slash"), "back\\\\slash");
  EXPECT_NE(escape_log_text("\\n"), escape_log_text("\n"));
}

TEST(TrustFilesLog, AForgedLineStaysOneLine) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  {
    LogFile log(path, {});
    ASSERT_TRUE(log.is_open()) << log.error();
    log.write("actor created: evil\nforged line [thespis error admin] root shell");
    log.write("next");
  }
  EXPECT_EQ(read_text(path),
            "actor created: evil\\nforged line [thespis error admin] root shell\nnext\n");
  EXPECT_EQ(mode_of(path), 0600u);
}

TEST(TrustFilesLog, ReopeningAppends) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  LogFile(path, {}).write("first");
  LogFile(path, {}).write("second");
  EXPECT_EQ(read_text(path), "first\nsecond\n");
}

TEST(TrustFilesLog, RotationKeepsAtMostFilesEachWithinMaxBytes) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  const LogFile::Limits limits{.max_bytes = 200, .files = 3};
  {
    LogFile log(path, limits);
    ASSERT_TRUE(log.is_open()) << log.error();
    for (int i = 0; i < 500; ++i) log.write("entry number " + std::to_string(i) + " of the test");
    EXPECT_TRUE(log.error().empty()) << log.error();
  }
  const std::vector<fs::path> expected{path, fs::path(path).concat(".1"),
                                       fs::path(path).concat(".2")};
  EXPECT_EQ(files_in(dir.path()), expected);
  for (const auto& file : expected) EXPECT_LE(fs::file_size(file), limits.max_bytes) << file;
  const std::string current = read_text(path);
  EXPECT_NE(current.find("entry number 499 of"), std::string::npos);
  EXPECT_EQ(current.back(), '\n');
  EXPECT_NE(read_text(expected[1]).find("entry number"), std::string::npos);
}

TEST(TrustFilesLog, OneFileMeansNoRotatedCopies) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  {
    LogFile log(path, {.max_bytes = 100, .files = 1});
    for (int i = 0; i < 50; ++i) log.write("line " + std::to_string(i));
  }
  EXPECT_EQ(files_in(dir.path()), std::vector<fs::path>{path});
  EXPECT_LE(fs::file_size(path), 100u);
  EXPECT_NE(read_text(path).find("line 49\n"), std::string::npos);
}

TEST(TrustFilesLog, AnEntryLongerThanMaxBytesIsCutToFit) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  {
    LogFile log(path, {.max_bytes = 64, .files = 2});
    log.write("short");
    log.write(std::string(1000, '\n'));  // escapes to 2000 bytes
  }
  const std::string text = read_text(path);
  EXPECT_LE(text.size(), 64u);
  EXPECT_EQ(text.substr(text.size() - 5), "\\...\n");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_EQ(text.substr(0, 4), "\\n\\n") << "whole escapes only";
  EXPECT_EQ(read_text(fs::path(path).concat(".1")), "short\n");
}

TEST(TrustFilesLog, SymlinkAtThePathIsRefusedAndItsTargetUntouched) {
  const TempDir dir;
  const fs::path target = dir / "precious";
  write_text(target, "precious contents\n", 0600);
  const fs::path path = dir / "admin.log";
  fs::create_symlink(target, path);
  LogFile log(path, {});
  EXPECT_FALSE(log.is_open());
  EXPECT_NE(log.error().find(path.string()), std::string::npos) << log.error();
  EXPECT_NE(log.error().find("symlink"), std::string::npos) << log.error();
  log.write("overwrite\nme");  // does not throw, writes nothing
  EXPECT_EQ(read_text(target), "precious contents\n");
  EXPECT_TRUE(fs::is_symlink(path));
}

TEST(TrustFilesLog, DanglingSymlinkIsNotFollowedToCreateAFile) {
  const TempDir dir;
  const fs::path path = dir / "admin.log";
  fs::create_symlink(dir / "created-elsewhere", path);
  const LogFile log(path, {});
  EXPECT_FALSE(log.is_open());
  EXPECT_FALSE(fs::exists(dir / "created-elsewhere"));
}

TEST(TrustFilesLog, HardLinkAtThePathIsRefused) {
  const TempDir dir;
  const fs::path target = dir / "precious";
  write_text(target, "precious contents\n", 0600);
  const fs::path path = dir / "admin.log";
  fs::create_hard_link(target, path);
  LogFile log(path, {});
  EXPECT_FALSE(log.is_open());
  EXPECT_NE(log.error().find("hard links"), std::string::npos) << log.error();
  log.write("appended");
  EXPECT_EQ(read_text(target), "precious contents\n");
}

TEST(TrustFilesLog, SymlinkPlantedAsARotatedFileIsReplacedNotFollowed) {
  const TempDir dir;
  const fs::path target = dir / "precious";
  write_text(target, "precious contents\n", 0600);
  const fs::path path = dir / "admin.log";
  fs::create_symlink(target, fs::path(path).concat(".1"));
  {
    LogFile log(path, {.max_bytes = 32, .files = 3});
    for (int i = 0; i < 20; ++i) log.write("line " + std::to_string(i));
  }
  EXPECT_EQ(read_text(target), "precious contents\n");
  EXPECT_FALSE(fs::is_symlink(fs::path(path).concat(".1")));
}

TEST(TrustFilesLog, AFolderThatCannotBeWrittenIsReportedNotThrown) {
  const TempDir dir;
  const LogFile log(dir / "missing-folder" / "admin.log", {});
  EXPECT_FALSE(log.is_open());
  EXPECT_NE(log.error().find("cannot be opened"), std::string::npos) << log.error();
}

}  // namespace
}  // namespace thespis::net
