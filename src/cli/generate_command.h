#pragma once

// `ocpagg generate`: Koku-layout OCP Parquet (and optionally the operator CSV) from a nise static
// manifest or from a size (scale mode). Options: `ocpagg generate --help`; docs/generator.md.

#include <CLI/CLI.hpp>
#include <vector>

#include "cli/command.h"

namespace ocpagg::cli {

/// Registers `ocpagg generate` on `app` and its runner in `commands`.
void AddGenerateCommand(CLI::App& app, std::vector<Command>* commands);

}  // namespace ocpagg::cli
