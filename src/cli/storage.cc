#include "cli/storage.h"

#include <fmt/format.h>

#include <filesystem>

#include "s3/s3_file.h"

namespace ocpagg::cli {

void AddS3Flags(CLI::App* cmd, S3Flags* flags) {
  cmd->add_option("--s3-endpoint", flags->endpoint,
                  "s3:// paths: the S3-compatible server, http(s)://host[:port] (MinIO); default: "
                  "$S3_ENDPOINT, else AWS. Credentials come from the environment (docs/s3.md)");
  cmd->add_option("--s3-region", flags->region,
                  "s3:// paths: the region (default: $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)");
  cmd->add_flag(
      "--s3-path-style", flags->path_style,
      "s3:// paths: address buckets as http://host/bucket/key (default with an endpoint)");
  cmd->add_flag("--s3-virtual-hosted", flags->virtual_hosted,
                "s3:// paths: address buckets as http://bucket.host/key (default for AWS)");
}

Result<Storage> OpenStorage(const std::string& path, const S3Flags& flags) {
  Storage storage;
  if (!s3::IsS3Path(path)) return storage;
  OCPAGG_RETURN_IF_ERROR(s3::ParseS3Path(path).status());
  if (flags.path_style && flags.virtual_hosted) {
    return Status::InvalidArgument("--s3-path-style and --s3-virtual-hosted exclude each other");
  }
  OCPAGG_ASSIGN_OR_RETURN(s3::ClientOptions options, s3::OptionsFromEnvironment());
  if (!flags.endpoint.empty()) options.endpoint = flags.endpoint;
  if (!flags.region.empty()) options.region = flags.region;
  if (flags.path_style) options.path_style = true;
  if (flags.virtual_hosted) options.path_style = false;
  OCPAGG_ASSIGN_OR_RETURN(storage.client, s3::Client::Make(std::move(options)));
  storage.owned = s3::MakeS3FileSystem(storage.client);
  return storage;
}

Result<bool> FileExists(const Storage& storage, const std::string& dir, const std::string& name) {
  const std::string path = io::JoinPath(dir, name);
  if (!storage.client) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
  }
  OCPAGG_ASSIGN_OR_RETURN(std::vector<io::FileInfo> files, storage.files().ListFiles(dir));
  for (const io::FileInfo& f : files) {
    if (f.path == path) return true;
  }
  return false;
}

Result<std::string> ReadTextFile(const std::string& path, const S3Flags& flags) {
  OCPAGG_ASSIGN_OR_RETURN(Storage storage, OpenStorage(path, flags));
  OCPAGG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, io::ReadWholeFile(storage.files(), path));
  return std::string(bytes.begin(), bytes.end());
}

Result<std::unique_ptr<parquet::FileReader>> OpenParquet(const std::string& path,
                                                         const S3Flags& flags) {
  OCPAGG_ASSIGN_OR_RETURN(Storage storage, OpenStorage(path, flags));
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> file,
                          storage.files().OpenRead(path, std::nullopt));
  return parquet::FileReader::Open(std::move(file));
}

std::string S3TrafficReport(const s3::ClientStats& stats, uint64_t object_bytes, bool json) {
  if (json) {
    return fmt::format(
        "{{\"event\": \"s3\", \"requests\": {}, \"retries\": {}, \"bytes_fetched\": {}, "
        "\"bytes_sent\": {}, \"object_bytes\": {}}}\n",
        stats.requests, stats.retries, stats.bytes_received, stats.bytes_sent, object_bytes);
  }
  const double share = object_bytes > 0 ? 100.0 * static_cast<double>(stats.bytes_received) /
                                              static_cast<double>(object_bytes)
                                        : 0.0;
  return fmt::format(
      "  s3       {} requests ({} retried), {:.1f} MiB fetched of {:.1f} MiB in the objects "
      "({:.1f}%)\n",
      stats.requests, stats.retries, static_cast<double>(stats.bytes_received) / 1048576.0,
      static_cast<double>(object_bytes) / 1048576.0, share);
}

}  // namespace ocpagg::cli
