#include "io/file_system.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace ocpagg::io {
namespace {

namespace fs = std::filesystem;

class LocalFs final : public FileSystem {
 public:
  Result<std::vector<FileInfo>> ListFiles(const std::string& dir) override {
    std::vector<FileInfo> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::error_code size_ec;
      if (!entry.is_regular_file(size_ec)) continue;
      const uintmax_t size = entry.file_size(size_ec);
      out.push_back({entry.path().string(), size_ec ? 0 : static_cast<uint64_t>(size)});
    }
    if (ec) return Status::IOError(fmt::format("{}: cannot list: {}", dir, ec.message()));
    std::sort(out.begin(), out.end(),
              [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
    return out;
  }

  Result<std::vector<std::string>> ListDirs(const std::string& dir) override {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::error_code dir_ec;
      if (entry.is_directory(dir_ec)) out.push_back(entry.path().filename().string());
    }
    if (ec) return Status::IOError(fmt::format("{}: cannot list: {}", dir, ec.message()));
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<bool> DirExists(const std::string& dir) override {
    std::error_code ec;
    return fs::is_directory(dir, ec);
  }

  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path,
                                                     std::optional<uint64_t> /*size*/) override {
    return OpenLocalFile(path);
  }

  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override {
    return OpenLocalWritable(path);
  }
};

}  // namespace

FileSystem& LocalFileSystem() {
  static LocalFs instance;  // stateless
  return instance;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

Result<std::vector<uint8_t>> ReadWholeFile(FileSystem& fs, const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(auto file, fs.OpenRead(path, std::nullopt));
  OCPAGG_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  OCPAGG_ASSIGN_OR_RETURN(Buffer buffer, file->ReadAt(0, size));
  return std::vector<uint8_t>(buffer.data(), buffer.data() + buffer.size());
}

}  // namespace ocpagg::io
