#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io/file.h"

namespace ocpagg::io {
namespace {

class LocalWritable final : public WritableFile {
 public:
  /// `temp_path` empty: `fd` is the destination itself (a device or pipe such as /dev/null or
  /// /dev/stdout, which must not be replaced by a regular file), written in place.
  LocalWritable(std::string path, std::string temp_path, int fd)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {}
  ~LocalWritable() override {
    if (fd_ >= 0) {
      ::close(fd_);
      if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
    }
  }
  LocalWritable(const LocalWritable&) = delete;
  LocalWritable& operator=(const LocalWritable&) = delete;

  const std::string& name() const override { return path_; }
  uint64_t position() const override { return position_; }

  Status Append(std::span<const uint8_t> data) override {
    if (fd_ < 0) return Status::IOError(fmt::format("{}: write after close", path_));
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(fmt::format("{}: write: {}", path_, std::strerror(errno)));
      }
      done += static_cast<size_t>(n);
    }
    position_ += data.size();
    return Status::OK();
  }

  Status Close() override {
    if (fd_ < 0) return Status::IOError(fmt::format("{}: closed twice", path_));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
      return Status::IOError(fmt::format("{}: close: {}", path_, std::strerror(errno)));
    }
    if (temp_path_.empty()) return Status::OK();
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      const int err = errno;
      ::unlink(temp_path_.c_str());
      return Status::IOError(
          fmt::format("{}: rename from {}: {}", path_, temp_path_, std::strerror(err)));
    }
    return Status::OK();
  }

 private:
  std::string path_;
  std::string temp_path_;
  int fd_;
  uint64_t position_ = 0;
};

class MemoryWritable final : public WritableFile {
 public:
  MemoryWritable(std::string name, std::vector<uint8_t>* out) : name_(std::move(name)), out_(out) {}
  const std::string& name() const override { return name_; }
  uint64_t position() const override { return bytes_.size(); }
  Status Append(std::span<const uint8_t> data) override {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return Status::OK();
  }
  Status Close() override {
    *out_ = std::move(bytes_);
    return Status::OK();
  }

 private:
  std::string name_;
  std::vector<uint8_t>* out_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

Result<std::unique_ptr<WritableFile>> OpenLocalWritable(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Status::IOError(
        fmt::format("{}: cannot create folder {}: {}", path, parent.string(), ec.message()));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return Status::IOError(fmt::format("{}: is a folder", path));
    // A device or a pipe: write to it directly (renaming a file over it would replace it).
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      return Status::IOError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    return std::unique_ptr<WritableFile>(std::make_unique<LocalWritable>(path, "", fd));
  }
  std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IOError(fmt::format("{}: cannot create: {}", temp, std::strerror(errno)));
  }
  return std::unique_ptr<WritableFile>(std::make_unique<LocalWritable>(path, std::move(temp), fd));
}

std::unique_ptr<WritableFile> MakeMemoryWritable(std::string name, std::vector<uint8_t>* out) {
  return std::make_unique<MemoryWritable>(std::move(name), out);
}

}  // namespace ocpagg::io
