#include "io/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ocpagg::io {
namespace {

Status RangeError(const std::string& name, uint64_t offset, uint64_t length, uint64_t size) {
  return Status::IOError(
      fmt::format("{}: read of {} bytes at offset {} is past the end of the "
                  "file ({} bytes)",
                  name, length, offset, size));
}

class LocalFile final : public RandomAccessFile {
 public:
  LocalFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~LocalFile() override { ::close(fd_); }
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;

  const std::string& name() const override { return path_; }
  Result<uint64_t> Size() override { return size_; }

  Result<Buffer> ReadAt(uint64_t offset, uint64_t length) override {
    if (offset > size_ || length > size_ - offset) {
      return RangeError(path_, offset, length, size_);
    }
    Buffer buffer(length);
    uint64_t done = 0;
    while (done < length) {
      ssize_t n =
          ::pread(fd_, buffer.data() + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(
            fmt::format("{}: read at offset {}: {}", path_, offset + done, std::strerror(errno)));
      }
      if (n == 0) {
        return Status::IOError(
            fmt::format("{}: file shrank while reading (offset {})", path_, offset + done));
      }
      done += static_cast<uint64_t>(n);
    }
    return buffer;
  }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class MemoryFile final : public RandomAccessFile {
 public:
  MemoryFile(std::string name, std::vector<uint8_t> data)
      : name_(std::move(name)), data_(std::move(data)) {}

  const std::string& name() const override { return name_; }
  Result<uint64_t> Size() override { return static_cast<uint64_t>(data_.size()); }

  Result<Buffer> ReadAt(uint64_t offset, uint64_t length) override {
    if (offset > data_.size() || length > data_.size() - offset) {
      return RangeError(name_, offset, length, data_.size());
    }
    Buffer buffer(length);
    if (length > 0) std::memcpy(buffer.data(), data_.data() + offset, length);
    return buffer;
  }

 private:
  std::string name_;
  std::vector<uint8_t> data_;
};

}  // namespace

Result<std::vector<Buffer>> RandomAccessFile::ReadRanges(const std::vector<ByteRange>& ranges) {
  std::vector<Buffer> out;
  out.reserve(ranges.size());
  for (const ByteRange& range : ranges) {
    OCPAGG_ASSIGN_OR_RETURN(Buffer buffer, ReadAt(range.offset, range.length));
    out.push_back(std::move(buffer));
  }
  return out;
}

Result<std::unique_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string message = fmt::format("{}: cannot open: {}", path, std::strerror(err));
    if (err == ENOENT) return Status::NotFound(std::move(message));
    return Status::IOError(std::move(message));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError(fmt::format("{}: not a regular file", path));
  }
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<LocalFile>(path, fd, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<RandomAccessFile> MakeMemoryFile(std::string name, std::vector<uint8_t> data) {
  return std::make_unique<MemoryFile>(std::move(name), std::move(data));
}

Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(auto file, OpenLocalFile(path));
  OCPAGG_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  OCPAGG_ASSIGN_OR_RETURN(Buffer buffer, file->ReadAt(0, size));
  return std::vector<uint8_t>(buffer.data(), buffer.data() + buffer.size());
}

}  // namespace ocpagg::io
