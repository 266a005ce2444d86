// ocpagg: the command-line entry point. The only place that prints errors or picks exit codes:
// 0 success, 1 failure (the Status message on one stderr line), 2 usage error.

#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <vector>

#include "cli/command.h"
#include "cli/generate_command.h"
#include "common/status.h"

int main(int argc, char** argv) {
  // Keep freed buffers instead of returning them to the kernel: each row group allocates tens of
  // MB of page and column buffers, and with glibc's defaults they are mmap-ed and unmapped again
  // every time, which doubled the scan time (bench/README.md, "Whole-file scan").
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);

  CLI::App app{
      "ocpagg: OpenShift cost data (Koku OCP Parquet) to Koku's daily usage summary, without "
      "Trino."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ocpagg 0.1.0");

  std::vector<ocpagg::cli::Command> commands;
  ocpagg::cli::AddDemoCommand(app, &commands);
  ocpagg::cli::AddSummarizeCommand(app, &commands);
  ocpagg::cli::AddGenerateCommand(app, &commands);
  ocpagg::cli::AddDbCommands(app, &commands);
  ocpagg::cli::AddParquetCommands(app, &commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  for (const ocpagg::cli::Command& command : commands) {
    if (!*command.app) continue;
    const ocpagg::Status status = command.run();
    if (status.ok()) return 0;
    std::fprintf(stderr, "ocpagg: %s\n", status.ToString().c_str());
    return 1;
  }
  return 2;
}
